import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ReplyConfirmation } from '../../../views/reply/confirmation.tsx';
import { ReplyForm } from '../../../views/reply/form.tsx';
import { LinkProblemPage } from '../../../views/reply/link-problem.tsx';
import { copyFor } from '../../copy/index.ts';
import type { LinkProblem } from '../../copy/types.ts';
import type { Deps } from '../../deps.ts';
import { type PageEnv, pageHeaders, sameOriginForms } from '../pages.ts';
import type { AnswerFormInput } from '../../requests/answer-form.ts';
import { answerByLink, openReplyLink } from '../../requests/reply-link.ts';

/** Two free texts of 2,000 characters, percent-encoded, fit with room to spare; 2 MB does not. */
export const REPLY_BODY_LIMIT = 64 * 1024;
const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;
const STATUS_OF_PROBLEM: Record<LinkProblem, 401 | 410> = { invalid: 401, expired: 410, revoked: 410, closed: 410 };

/**
 * The provider's form behind the link in the email: `GET /reply/:token` shows it (and changes
 * nothing: scanners open it), `POST /reply/:token` records the answer (SPEC §4, §6).
 */
export function replyRoutes(deps: Deps) {
  const app = new Hono<PageEnv>();
  app.use(...pageHeaders());

  app.get('/:token', async (c) => {
    const link = await openReplyLink(deps, c.req.param('token'));
    if (!link.ok) return problemPage(c, link.problem, link.copy);
    return c.html(<ReplyForm request={link.request} nonce={c.var.secureHeadersNonce} />);
  });

  app.post('/:token', refuseOversized(), sameOriginForms(deps.config.publicUrl, refusedCrossSite), async (c) => {
    if (!FORM_TYPES.test(c.req.header('content-type') ?? '')) {
      return c.html(<LinkProblemPage problem="forbidden" copy={copyFor('en')} nonce={c.var.secureHeadersNonce} />, 415);
    }
    const submission = await answerByLink(deps, c.req.param('token'), await readAnswerForm(c));
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

const problemPage = (c: Context<PageEnv>, problem: LinkProblem, copy: ReturnType<typeof copyFor>) =>
  c.html(<LinkProblemPage problem={problem} copy={copy} nonce={c.var.secureHeadersNonce} />, STATUS_OF_PROBLEM[problem]);

/** Reads the form's fields; a repeated field keeps every value (our form posts one `date` per dated outcome). */
async function readAnswerForm(c: Context): Promise<AnswerFormInput> {
  const body = await c.req.parseBody({ all: true });
  const strings = (name: string): string[] =>
    [body[name] ?? []].flat().filter((value): value is string => typeof value === 'string');
  return {
    outcome: strings('outcome')[0],
    dates: strings('date'),
    message: strings('message')[0],
    note: strings('note')[0],
  };
}

function refuseOversized(): MiddlewareHandler<PageEnv> {
  return bodyLimit({
    maxSize: REPLY_BODY_LIMIT,
    onError: (c) => c.html(<LinkProblemPage problem="forbidden" copy={copyFor('en')} nonce={c.var.secureHeadersNonce} />, 413),
  });
}

const refusedCrossSite = (c: Context<PageEnv>) =>
  c.html(<LinkProblemPage problem="forbidden" copy={copyFor('en')} nonce={c.var.secureHeadersNonce} />, 403);
