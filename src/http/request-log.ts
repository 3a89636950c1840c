import { logger } from 'hono/logger';

/**
 * Hono's request logger, with reply-link tokens cut out of every line: a token in a log is a working
 * key to someone's cancellation (THREATS 6). Query strings are dropped too; paths carry only ids.
 */
export const requestLog = (log: (line: string) => void) => logger((line, ...rest) => log(redactLine([line, ...rest].join(' '))));

export const redactLine = (line: string): string =>
  line
    .replace(/\/reply\/[^\s/?#]+/g, '/reply/[token]')
    .replace(/\?\S*/g, '')
    // Hono colours the status for terminals; log files and journals get plain text.
    .replace(/\x1b\[[0-9;]*m/g, '');
