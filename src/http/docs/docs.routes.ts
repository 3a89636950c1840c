import { Hono } from 'hono';
import { NONCE } from 'hono/secure-headers';
import { apiNotFound } from '../api/router.ts';
import { type PageEnv, pageHeaders } from '../pages.ts';
import type { ReferenceBundle } from './reference-bundle.ts';

/**
 * The reference page's CSP, each source one Chromium needed (test/browser/layout.test.ts): our script and
 * its nonced starter, the document fetched from here, and inline styles (the bundle injects its
 * stylesheet and Vue sets style attributes; without 'unsafe-inline' it logs 8 violations). No other host.
 */
const DOCS_CSP = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'", NONCE],
  styleSrc: ["'unsafe-inline'"],
  connectSrc: ["'self'"],
  formAction: ["'none'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
};

/** A year: the script's URL carries its content's hash, so a new bundle is a new URL. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** GET /api/v1/docs: the API reference rendered from /api/v1/openapi.json, every asset from this origin. */
export function docsRoutes(bundle: ReferenceBundle | undefined) {
  const docs = new Hono<PageEnv>();
  if (!bundle) return docs;
  docs.use('/', ...pageHeaders(DOCS_CSP));
  docs.get('/', async (c) => {
    const { hash } = await bundle.load();
    // Loaded with the first visit to the page, not by every server start (a few MB resident).
    const { Scalar } = await import('@scalar/hono-api-reference');
    const page = Scalar({
      url: '/api/v1/openapi.json',
      cdn: `/api/v1/docs/${scriptName(hash)}`,
      nonce: c.get('secureHeadersNonce'),
      pageTitle: 'Canceldesk API reference',
      // Offline: no fonts from Scalar's CDN, no telemetry, no "open in client" pointing elsewhere.
      withDefaultFonts: false,
      telemetry: false,
      hideClientButton: true,
    });
    // Scalar types its handler for Hono's plain Env; our page Variables make the Context invariant, not different.
    return page(c as unknown as Parameters<typeof page>[0], async () => {});
  });
  docs.get('/:file', async (c) => {
    const { hash, script, gzipped } = await bundle.load();
    if (c.req.param('file') !== scriptName(hash)) return apiNotFound(c);
    const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    const body = gzip ? gzipped : script;
    return c.body(body as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': IMMUTABLE,
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Resource-Policy': 'same-origin',
      Vary: 'Accept-Encoding',
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    });
  });
  return docs;
}

const scriptName = (hash: string) => `scalar-${hash}.js`;
