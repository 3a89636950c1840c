import { type Context, Hono } from 'hono';
import { InboxPage } from '../../../views/provider/inbox.tsx';
import { ReplyConfirmation } from '../../../views/reply/confirmation.tsx';
import { ReplyForm } from '../../../views/reply/form.tsx';
import { ProblemPage } from '../../../views/reply/link-problem.tsx';
import { copyFor } from '../../copy/index.ts';
import type { SendProblem } from '../../copy/types.ts';
import type { Deps } from '../../deps.ts';
import { recordLinkActivity } from '../../link-activity/record.ts';
import { answerInboxRequest, openInboxRequest } from '../../provider-inbox/inbox-answers.ts';
import { showInbox } from '../../provider-inbox/inbox.ts';
import { limitBody } from '../body-limit.ts';
import { linkVisitOf } from '../link-visit.ts';
import { FORM_BODY_LIMIT, pageHeaders, readForm, sameOriginForms } from '../pages.ts';
import { problemPage } from '../reply/reply.routes.tsx';
import { type InboxEnv, inboxLinkCheck } from './inbox-link-check.ts';

const STATUS_OF_LINK_PROBLEM = { invalid: 401, expired: 410, revoked: 410 } as const;

/**
 * The provider's inbox behind its inbox link (issue 16 §1): `GET /provider/:token` lists its open
 * requests, `GET|POST /provider/:token/requests/:id` is one request's reply form. The same rules as the
 * reply form: GET changes nothing, every unsafe method passes the same-origin check (whatever its body),
 * a strict CSP, no referrer, never cached. `mounted` sub-apps (the CSV export and upload) answer under
 * `/provider/:token` after the same checks, with the provider in `c.var.inboxProviderId`.
 */
export function providerInboxRoutes(deps: Deps, ...mounted: Hono<InboxEnv>[]) {
  const app = new Hono<InboxEnv>();
  const sendProblem = (problem: SendProblem) => (c: Context<InboxEnv>) => problemPage(c, problem, copyFor('en'));
  const checks = [
    ...pageHeaders<InboxEnv>(),
    // Before the link is read: a cross-site post is refused whatever it carries, and learns nothing.
    sameOriginForms<InboxEnv>(deps.config.publicUrl, sendProblem('refused')),
    inboxLinkCheck(deps, (c, problem, copy) => {
      const text = copy.inbox.linkProblems[problem];
      return c.html(<ProblemPage text={text} nextStep={copy.inbox.linkProblemNextStep} lang={copy.lang} nonce={c.var.secureHeadersNonce} />, STATUS_OF_LINK_PROBLEM[problem]);
    }),
  ];
  app.use('/:token', ...checks);
  app.use('/:token/*', ...checks);

  // Not link activity: a list fetch concerns every open request at once, and one row each per look would
  // spend the requests' caps and mark them all "opened" when only the list was (docs/link-activity.md).
  app.get('/:token', async (c) => {
    const inbox = await showInbox(deps, c.var.inboxAccess, { after: c.req.query('after') });
    return c.html(<InboxPage inbox={inbox} path={c.var.inboxPath} nonce={c.var.secureHeadersNonce} />);
  });

  const back = (c: Context<InboxEnv>) => ({ href: c.var.inboxPath, label: c.var.inboxCopy.inbox.backToInbox });

  app.get('/:token/requests/:id', async (c) => {
    const request = await openInboxRequest(deps, c.var.inboxAccess, c.req.param('id'));
    if (!request) return notInInbox(c);
    // This request's own form: recorded like its reply link's, never acted on (docs/link-activity.md).
    await recordLinkActivity(deps, request.requestId, linkVisitOf(c, deps, 'inbox'));
    return c.html(<ReplyForm request={request} nonce={c.var.secureHeadersNonce} back={back(c)} />);
  });

  app.post('/:token/requests/:id', limitBody<InboxEnv>({ maxSize: FORM_BODY_LIMIT, onError: sendProblem('too_large') }), async (c) => {
    const form = await readForm(c);
    if (!form) return sendProblem('unreadable')(c);
    const input = { outcome: form.outcome?.[0], dates: form.date ?? [], message: form.message?.[0], note: form.note?.[0] };
    const submission = await answerInboxRequest(deps, c.var.inboxAccess, c.req.param('id'), input);
    const nonce = c.var.secureHeadersNonce;
    switch (submission.kind) {
      case 'not_in_inbox':
        return notInInbox(c);
      case 'problem':
        return problemPage(c, submission.problem, submission.copy);
      case 'invalid':
        return c.html(<ReplyForm request={submission.request} values={submission.values} errors={submission.fields} nonce={nonce} back={back(c)} />, 422);
      case 'recorded':
        return c.html(<ReplyConfirmation request={submission.request} answer={submission.answer} formPath={c.req.path} nonce={nonce} back={back(c)} />);
    }
  });

  for (const sub of mounted) app.route('/:token', sub);
  return app;
}

/** Another provider's request, a made-up id, or one no longer in the inbox: the same page, nothing about it. */
const notInInbox = (c: Context<InboxEnv>) => {
  const copy = c.var.inboxCopy;
  return c.html(<ProblemPage text={copy.inbox.notInInbox} lang={copy.lang} nonce={c.var.secureHeadersNonce} />, 404);
};
