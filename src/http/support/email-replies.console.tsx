import { type Context, Hono } from 'hono';
import { ConsoleEmailReplies, type FailedReplyForm } from '../../../views/support/email-replies.tsx';
import type { Deps } from '../../deps.ts';
import { supportActorName } from '../../requests/record-answer.ts';
import { acceptSuggestion, assignToRequest, type EmailReplyActor, markHandled, recordFromEmailReply } from '../../support/email-replies.ts';
import { emailRepliesToTriage } from '../../support/email-reply-view.ts';
import type { SupportActionResult } from '../../support/request-actions.ts';
import { type PageEnv, pageHeaders } from '../pages.ts';
import { formValues } from './console.routes.tsx';
import { supportFormChecks } from './login.routes.tsx';
import { type SupportEnv, supportCookieAuth } from './session.ts';

type ConsoleEnv = { Variables: SupportEnv['Variables'] & PageEnv['Variables'] };

const NOTICES: Record<string, string> = {
  accepted: 'The suggested outcome was recorded as entered by support, from the email reply.',
  recorded: 'The outcome was recorded as entered by support, from the email reply.',
  assigned: 'The email reply now belongs to that request.',
  handled: 'The email reply is marked handled.',
};

/** The console's Email replies view, mounted at `/support` beside the requests: triage in one click per reply. */
export function supportEmailReplyConsoleRoutes(deps: Deps) {
  const app = new Hono<ConsoleEnv>();
  const signedIn = supportCookieAuth<ConsoleEnv>(deps);
  for (const path of ['/email-replies', '/email-replies/*']) {
    // The form checks let safe methods through untouched; POSTs must pass them.
    app.use(path, ...pageHeaders<ConsoleEnv>(), signedIn, ...supportFormChecks<ConsoleEnv>(deps.config.publicUrl));
  }
  const actor = (c: Context<ConsoleEnv>): EmailReplyActor => ({ accountId: c.var.supporter.id, email: c.var.supporter.email });

  app.get('/email-replies', (c) => {
    const done = c.req.query('done') ?? '';
    return showReplies(c, { notice: Object.hasOwn(NOTICES, done) ? NOTICES[done] : undefined });
  });

  const act = (path: string, done: string, run: (id: string, form: Record<string, string>, c: Context<ConsoleEnv>) => Promise<SupportActionResult>) =>
    app.post(`/email-replies/:id/${path}`, async (c) => {
      const id = c.req.param('id');
      const form = await formValues(c);
      const result = await run(id, form, c);
      if (result.kind === 'done') return c.redirect(`/support/email-replies?done=${done}`, 303);
      if (result.kind === 'not_found') return c.text('No such email reply', 404);
      if (result.kind === 'refused') return showReplies(c, { problem: `Not done: ${result.reason}.` }, 409);
      return showReplies(c, { problem: 'Not done: see the reply below.', failed: { replyId: id, errors: result.fields, values: form } }, 422);
    });
  act('accept', 'accepted', (id, _, c) => acceptSuggestion(deps, id, actor(c)));
  act('record', 'recorded', (id, form, c) =>
    recordFromEmailReply(deps, id, { outcome: form.outcome, dates: form.date ? [form.date] : [], message: form.message, note: form.note }, actor(c)),
  );
  act('assign', 'assigned', (id, form, c) => assignToRequest(deps, id, form.requestId ?? '', actor(c)));
  act('handled', 'handled', (id, _, c) => markHandled(deps, id, actor(c)));

  async function showReplies(c: Context<ConsoleEnv>, shown: { notice?: string; problem?: string; failed?: FailedReplyForm }, status: 200 | 409 | 422 = 200) {
    const state = c.req.query('state') === 'handled' ? 'handled' : 'open';
    const { replies, autoReplies } = await emailRepliesToTriage(deps, state, supportActorName(actor(c)));
    return c.html(
      <ConsoleEmailReplies supporter={c.var.supporter.email} state={state} replies={replies} autoReplies={autoReplies} {...shown} nonce={c.var.secureHeadersNonce} />,
      status,
    );
  }
  return app;
}
