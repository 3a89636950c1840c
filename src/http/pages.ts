import type { Context, MiddlewareHandler } from 'hono';
import { limitBody } from './body-limit.ts';
import { NONCE, secureHeaders, type SecureHeadersVariables } from 'hono/secure-headers';

/** Routes that render our HTML pages see the CSP nonce their one inline style must carry. */
export type PageEnv = { Variables: SecureHeadersVariables };

type ContentSecurityPolicy = NonNullable<NonNullable<Parameters<typeof secureHeaders>[0]>['contentSecurityPolicy']>;

/** Our own pages load and run nothing but their one nonce-carrying style. */
const PAGE_CSP: ContentSecurityPolicy = {
  defaultSrc: ["'none'"],
  styleSrc: [NONCE],
  formAction: ["'self'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
};

/**
 * Headers for every HTML page we serve to people (the provider's form, the support console, the
 * development outbox): a strict CSP, no referrer (reply URLs hold tokens, THREATS 6), never cached,
 * never indexed. A page that is not ours (a stored email) passes a CSP of its own.
 */
export function pageHeaders<E extends PageEnv = PageEnv>(contentSecurityPolicy = PAGE_CSP): MiddlewareHandler<E>[] {
  return [
    secureHeaders({ contentSecurityPolicy, referrerPolicy: 'no-referrer', crossOriginResourcePolicy: 'same-origin' }),
    async function neverStored(c, next) {
      await next();
      // On the response's own headers, as secureHeaders sets its own: c.header() on a finished response
      // rebuilds it around its body as a stream, which cost the form's GET a fifth of its time.
      c.res.headers.set('Cache-Control', 'no-store');
      c.res.headers.set('X-Robots-Tag', 'noindex');
    },
  ];
}

/** Our forms carry two free texts of 2,000 characters at most; percent-encoded that is under 48 KiB. */
export const FORM_BODY_LIMIT = 64 * 1024;

/**
 * Every HTML form POST goes through this: the body limit (THREATS 14; a bigger body is refused
 * before it is read whole) and the same-origin check below, each answered with a page. A form that
 * uploads a file names its own limit.
 */
export function pageForm<E extends PageEnv>(
  publicUrl: string,
  pages: { refused: (c: Context<E>) => Response | Promise<Response>; tooLarge: (c: Context<E>) => Response | Promise<Response> },
  maxSize = FORM_BODY_LIMIT,
): MiddlewareHandler<E>[] {
  return [limitBody<E>({ maxSize, onError: pages.tooLarge }), sameOriginForms(publicUrl, pages.refused)];
}

/**
 * A posted form's fields, every value of a repeated one kept; null when the body is not a form we can
 * read (a broken multipart body makes Hono throw, which must not become a 500).
 */
export async function readForm(c: Context): Promise<Record<string, string[]> | null> {
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(c.req.header('content-type') ?? '')) return null;
  try {
    const body = await c.req.parseBody({ all: true });
    return Object.fromEntries(
      Object.entries(body).map(([name, value]) => [name, [value].flat().filter((v): v is string => typeof v === 'string')]),
    );
  } catch {
    return null;
  }
}

/**
 * CSRF for our cookie and form routes (THREATS 7): every method but GET, HEAD and OPTIONS must carry
 * `Sec-Fetch-Site: same-origin` or an Origin equal to PUBLIC_URL's, whatever its body. Under
 * `no-referrer` some browsers send `Origin: null`, so the first is what most real posts pass on.
 * hono's csrf() checks only the content types a plain HTML form can send; a console action reads no
 * body at all, so a JSON or bodiless post must be refused just the same. A refusal is a page a person
 * can act on.
 */
export function sameOriginForms<E extends PageEnv>(
  publicUrl: string,
  refused: (c: Context<E>) => Response | Promise<Response>,
): MiddlewareHandler<E> {
  const publicOrigin = new URL(publicUrl).origin;
  return async function sameOriginForms(c, next) {
    if (SAFE_METHODS.has(c.req.method)) return next();
    if (c.req.header('sec-fetch-site') !== 'same-origin' && c.req.header('origin') !== publicOrigin) return refused(c);
    await next();
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
