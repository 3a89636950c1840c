import type { Deps } from '../../deps.ts';
import { providerStats, STATS_DAYS } from '../../stats/provider-stats.ts';
import { createRouter, errorResponses, jsonResponse, routeOf } from '../api/router.ts';
import { invalidRequest } from '../errors.ts';
import { type SupportEnv, supportBearerAuth } from './session.ts';
import { StatsReportSchema, statsQuery } from './stats-schemas.ts';

export const statsRoute = (surface: 'support' | 'admin', operationId: string) =>
  routeOf(surface)({
    method: 'get',
    path: '/stats',
    operationId,
    summary: 'How each provider answers: sent, answered, answer rate, median and 90th-percentile time to answer, outcomes, open, overdue, bounced',
    request: { query: statsQuery },
    responses: { 200: jsonResponse('Per provider and in total, over the window', StatsReportSchema), ...errorResponses(400, 401) },
  });

/** Support's provider stats as JSON, mounted at `/api/v1/support` behind `supportBearerAuth`. */
export function supportStatsApiRoutes(deps: Deps) {
  const router = createRouter<SupportEnv>();
  router.use('/stats', supportBearerAuth(deps));
  return router.openapi(statsRoute('support', 'getSupportProviderStats'), async (c) => {
    const query = c.req.valid('query');
    const result = await providerStats(deps, { days: query.days ?? STATS_DAYS.default, provider: query.provider });
    return result.kind === 'report' ? c.json(result.report, 200) : invalidRequest(c, result.fields);
  });
}
