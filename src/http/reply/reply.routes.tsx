import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { NONCE, secureHeaders, type SecureHeadersVariables } from 'hono/secure-headers';
import { ReplyConfirmation } from '../../../views/reply/confirmation.tsx';
import { ReplyForm } from '../../../views/reply/form.tsx';
import { LinkProblemPage } from '../../../views/reply/link-problem.tsx';
import { copyFor } from '../../copy/index.ts';
import type { LinkProblem } from '../../copy/types.ts';
import type { Deps } from '../../deps.ts';
import type { AnswerFormInput } from '../../requests/answer-form.ts';
import { answerByLink, openReplyLink } from '../../requests/reply-link.ts';

type ReplyEnv = { Variables: SecureHeadersVariables };

/** Two free texts of 2,000 characters, percent-encoded, fit with room to spare; 2 MB does not. */
export const REPLY_BODY_LIMIT = 64 * 1024;
const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;
const STATUS_OF_PROBLEM: Record<LinkProblem, 401 | 410> = { invalid: 401, expired: 410, revoked: 410, closed: 410 };

/**
 * The provider's form behind the link in the email: `GET /reply/:token` shows it (and changes
 * nothing: scanners open it), `POST /reply/:token` records the answer (SPEC §4, §6).
 */
export function replyRoutes(deps: Deps) {
  const app = new Hono<ReplyEnv>();
  app.use(
    secureHeaders({
      // The page loads nothing and runs nothing; its one inline style carries this response's nonce.
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: [NONCE],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
      },
      // The token is in the URL: no link followed from the page may carry it on (THREATS 6).
      referrerPolicy: 'no-referrer',
      crossOriginResourcePolicy: 'same-origin',
    }),
    async (c, next) => {
      await next();
      c.header('Cache-Control', 'no-store');
      c.header('X-Robots-Tag', 'noindex');
    },
  );

  app.get('/:token', async (c) => {
    const link = await openReplyLink(deps, c.req.param('token'));
    if (!link.ok) return problemPage(c, link.problem, link.copy);
    return c.html(<ReplyForm request={link.request} nonce={c.var.secureHeadersNonce} />);
  });

  app.post('/:token', refuseOversized(), refuseCrossSite(deps), async (c) => {
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

const problemPage = (c: Context<ReplyEnv>, problem: LinkProblem, copy: ReturnType<typeof copyFor>) =>
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

function refuseOversized(): MiddlewareHandler<ReplyEnv> {
  return bodyLimit({
    maxSize: REPLY_BODY_LIMIT,
    onError: (c) => c.html(<LinkProblemPage problem="forbidden" copy={copyFor('en')} nonce={c.var.secureHeadersNonce} />, 413),
  });
}

/**
 * CSRF: a form posted from our own page says `Sec-Fetch-Site: same-origin`, or an Origin equal to
 * PUBLIC_URL's. Under `no-referrer` some browsers send `Origin: null`, so the first is what most
 * real answers pass on; anything cross-site is refused with a page, not the JSON error (THREATS 7).
 */
function refuseCrossSite(deps: Deps): MiddlewareHandler<ReplyEnv> {
  const sameSite = csrf({ origin: new URL(deps.config.publicUrl).origin });
  return async (c, next) => {
    try {
      return await sameSite(c, next);
    } catch (error) {
      if (!(error instanceof HTTPException) || error.status !== 403) throw error;
      return c.html(<LinkProblemPage problem="forbidden" copy={copyFor('en')} nonce={c.var.secureHeadersNonce} />, 403);
    }
  };
}
