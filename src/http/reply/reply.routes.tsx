import { type Context, Hono } from 'hono';
import { ReplyConfirmation } from '../../../views/reply/confirmation.tsx';
import { ReplyForm } from '../../../views/reply/form.tsx';
import { LinkProblemPage } from '../../../views/reply/link-problem.tsx';
import { copyFor } from '../../copy/index.ts';
import type { LinkProblem, SendProblem } from '../../copy/types.ts';
import type { Deps } from '../../deps.ts';
import { answerByLink, openReplyLink } from '../../requests/reply-link.ts';
import { recordLinkActivity } from '../../link-activity/record.ts';
import { linkVisitOf } from '../link-visit.ts';
import { type PageEnv, pageForm, pageHeaders, readForm } from '../pages.ts';

export const STATUS_OF_PROBLEM: Record<LinkProblem | SendProblem, 401 | 403 | 409 | 410 | 413 | 415> = {
  invalid: 401,
  answer_limit: 409,
  expired: 410,
  revoked: 410,
  closed: 410,
  refused: 403,
  too_large: 413,
  unreadable: 415,
};

/**
 * The provider's form behind the link in the email: `GET /reply/:token` shows it (and changes
 * nothing but link activity: scanners open it), `POST /reply/:token` records the answer (SPEC §4, §6).
 */
export function replyRoutes(deps: Deps) {
  const app = new Hono<PageEnv>();
  app.use(...pageHeaders());

  app.get('/:token', async (c) => {
    const link = await openReplyLink(deps, c.req.param('token'));
    if (link.kind === 'problem') return problemPage(c, link.problem, link.copy);
    // Recorded, never acted on: a scanner's fetch and a person's look each become one row (docs/link-activity.md).
    await recordLinkActivity(deps, link.request.requestId, linkVisitOf(c, deps, 'reply'), link.fetched);
    return c.html(<ReplyForm request={link.request} nonce={c.var.secureHeadersNonce} />);
  });

  // Before the token is read, nothing about the request is known: these pages speak the default language.
  const sendProblem = (problem: SendProblem) => (c: Context<PageEnv>) => problemPage(c, problem, copyFor('en'));
  const formChecks = pageForm<PageEnv>(deps.config.publicUrl, { refused: sendProblem('refused'), tooLarge: sendProblem('too_large') });

  // Safe methods pass both checks untouched, so they can wrap the path whole.
  app.use('/:token', ...formChecks);
  app.post('/:token', async (c) => {
    const form = await readForm(c);
    if (!form) return sendProblem('unreadable')(c);
    // Our form posts one `date` per dated outcome, so every value of it is kept.
    const input = { outcome: form.outcome?.[0], dates: form.date ?? [], message: form.message?.[0], note: form.note?.[0] };
    const submission = await answerByLink(deps, c.req.param('token') ?? '', input, linkVisitOf(c, deps, 'reply'));
    const nonce = c.var.secureHeadersNonce;
    switch (submission.kind) {
      case 'problem':
        return problemPage(c, submission.problem, submission.copy);
      case 'invalid':
        return c.html(<ReplyForm request={submission.request} values={submission.values} errors={submission.fields} nonce={nonce} />, 422);
      case 'recorded':
        return c.html(<ReplyConfirmation request={submission.request} answer={submission.answer} formPath={c.req.path} nonce={nonce} />);
    }
  });
  return app;
}

export const problemPage = <E extends PageEnv>(c: Context<E>, problem: LinkProblem | SendProblem, copy: ReturnType<typeof copyFor>) =>
  c.html(<LinkProblemPage problem={problem} copy={copy} nonce={c.var.secureHeadersNonce} />, STATUS_OF_PROBLEM[problem]);
