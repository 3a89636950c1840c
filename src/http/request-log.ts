import type { MiddlewareHandler } from 'hono';

/**
 * One line per request once it is answered: `--> GET /path 200 3ms`, with reply-link and inbox-link tokens cut out
 * (a token in a log is a working key to someone's cancellation, THREATS 6). Paths carry only ids, and
 * query strings are never logged. Hono's own logger writes two lines per request and checks the
 * terminal's colour support for each; under load that was a measurable share of the poll's time.
 */
export const requestLog = (log: (line: string) => void): MiddlewareHandler =>
  async function requestLog(c, next) {
    const started = Date.now();
    await next();
    log(redactLine(`--> ${c.req.method} ${c.req.path} ${c.res.status} ${Date.now() - started}ms`));
  };

export const redactLine = (line: string): string =>
  line
    .replace(/\/reply\/[^\s/?#]+/g, '/reply/[token]')
    // Only the page's own path (`GET /provider/<token>`), not an API path that has a /provider/ in it.
    .replace(/ \/provider\/[^\s/?#]+/g, ' /provider/[token]')
    .replace(/\?\S*/g, '')
    // Terminal colours, should a line ever carry them: log files and journals get plain text.
    .replace(/\x1b\[[0-9;]*m/g, '');
