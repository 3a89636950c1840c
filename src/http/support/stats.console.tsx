import { type Context, Hono } from 'hono';
import { ConsoleStats } from '../../../views/support/stats.tsx';
import type { Deps } from '../../deps.ts';
import { providerIds } from '../../requests/providers.ts';
import { providerStats, STATS_DAYS, type StatsReport } from '../../stats/provider-stats.ts';
import { statsCsv } from '../../stats/stats-csv.ts';
import { isStatsSort, sortProviders, type StatsSort } from '../../stats/stats-words.ts';
import { fieldErrors, type FieldErrors } from '../../validation.ts';
import { type PageEnv, pageHeaders } from '../pages.ts';
import { type SupportEnv, supportCookieAuth } from './session.ts';
import { statsQuery } from './stats-schemas.ts';

type ConsoleEnv = { Variables: SupportEnv['Variables'] & PageEnv['Variables'] };

/** The page's table stops here (2,000 providers would be a page nobody reads); the CSV has every row. */
const TABLE_ROWS = 100;

/** The console's provider stats, mounted at `/support`: the page (server-drawn SVG charts) and its table as CSV. */
export function supportStatsConsoleRoutes(deps: Deps) {
  const app = new Hono<ConsoleEnv>();
  for (const path of ['/stats', '/stats.csv']) app.use(path, ...pageHeaders<ConsoleEnv>(), supportCookieAuth<ConsoleEnv>(deps));

  app.get('/stats', async (c) => {
    const asked = await statsFor(c);
    const rows = asked.report ? sortProviders(asked.report.providers, asked.sort) : [];
    return c.html(
      <ConsoleStats
        supporter={c.var.supporter.email}
        report={asked.report}
        rows={rows.slice(0, TABLE_ROWS)}
        totalRows={rows.length}
        sort={asked.sort}
        days={asked.days}
        provider={asked.provider}
        providers={await providerIds(deps)}
        error={asked.fields ? `Not understood: ${Object.entries(asked.fields).map(([field, problem]) => `${field.replace(/^query\./, '')} ${problem}`).join('; ')}` : undefined}
        nonce={c.var.secureHeadersNonce}
      />,
      asked.report ? 200 : 400,
    );
  });

  app.get('/stats.csv', async (c) => {
    const asked = await statsFor(c);
    if (!asked.report) return c.text(Object.entries(asked.fields).map(([field, problem]) => `${field} ${problem}`).join('\n'), 400);
    const day = asked.report.until.slice(0, 10);
    c.header('Content-Disposition', `attachment; filename="provider-stats-${day}-${asked.days}d.csv"`);
    return c.body(statsCsv(asked.report, sortProviders(asked.report.providers, asked.sort)), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
  });

  /** The query string read as the API reads it; `sort` is the page's own and falls back to by provider. */
  async function statsFor(c: Context<ConsoleEnv>): Promise<
    { days: number; provider?: string; sort: StatsSort } & ({ report: StatsReport; fields?: undefined } | { report: null; fields: FieldErrors })
  > {
    const { sort: sortParam, ...rest } = c.req.query();
    const sort = isStatsSort(sortParam) ? sortParam : 'provider';
    const parsed = statsQuery.safeParse(rest);
    if (!parsed.success) return { days: STATS_DAYS.default, sort, report: null, fields: fieldErrors(parsed.error, ['query']) };
    const days = parsed.data.days ?? STATS_DAYS.default;
    const result = await providerStats(deps, { days, provider: parsed.data.provider });
    if (result.kind === 'invalid') return { days, sort, report: null, fields: result.fields };
    return { days, provider: parsed.data.provider, sort, report: result.report };
  }
  return app;
}
