import { Hono } from 'hono';
import type { Deps } from './deps.ts';
import { apiRoutes } from './http/api/index.ts';
import { apiMisses } from './http/api/router.ts';
import { devOutboxRoutes } from './http/dev/outbox.routes.tsx';
import { jsonErrors } from './http/errors.ts';
import { providerCsvRoutes } from './http/provider/csv.routes.tsx';
import { providerInboxRoutes } from './http/provider/inbox.routes.tsx';
import { replyRoutes } from './http/reply/reply.routes.tsx';
import { requestLog } from './http/request-log.ts';
import { supportConsoleRoutes } from './http/support/console.routes.tsx';
import { supportEmailReplyConsoleRoutes } from './http/support/email-replies.console.tsx';
import { supportLoginRoutes } from './http/support/login.routes.tsx';
import { supportStatsConsoleRoutes } from './http/support/stats.console.tsx';
import { resendWebhookRoutes } from './http/webhooks/resend.routes.ts';

/** The whole service as one Hono app, built from injected deps so it runs on Node, Workers and in tests. */
export function createApp(deps: Deps) {
  const app = new Hono();
  app.use(requestLog(deps.log));
  app.get('/healthz', (c) => c.json({ ok: true }));
  app.route('/api/v1', apiRoutes(deps));
  app.route('/reply', replyRoutes(deps));
  // The inbox page, and under the same link's checks its CSV export and the upload of answers.
  app.route('/provider', providerInboxRoutes(deps, providerCsvRoutes(deps)));
  if (deps.config.resendWebhookSecret) app.route('/webhooks/resend', resendWebhookRoutes(deps, deps.config.resendWebhookSecret));
  // Login first: the console's pages all need a session, its login page cannot.
  app.route('/support', supportLoginRoutes(deps));
  app.route('/support', supportConsoleRoutes(deps));
  app.route('/support', supportEmailReplyConsoleRoutes(deps));
  app.route('/support', supportStatsConsoleRoutes(deps));
  if (deps.config.environment !== 'production') {
    app.route('/dev/outbox', devOutboxRoutes(deps));
    app.get('/', (c) => c.redirect('/dev/outbox'));
  }
  const apiMiss = apiMisses(app.routes);
  app.notFound((c) => (c.req.path.startsWith('/api/') ? apiMiss(c) : c.text('Not found', 404)));
  app.onError(jsonErrors(deps.log));
  return app;
}

export type App = ReturnType<typeof createApp>;
