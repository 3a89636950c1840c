import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { testDeps } from '../support/test-deps.ts';

// GET /api/v1/docs: the API reference page, rendered in the browser from /api/v1/openapi.json by
// Scalar's bundle, which this origin serves itself (no CDN). test/browser/layout.test.ts loads it offline.

const { app } = await testDeps();

/** The CSP's directives by name. */
const directives = (csp: string | null) =>
  Object.fromEntries((csp ?? '').split(';').map((d) => d.trim().split(/\s+/)).filter(([name]) => name).map(([name, ...values]) => [name, values]));

async function docsPage() {
  const response = await app.request('/api/v1/docs');
  return { response, html: await response.text() };
}

describe('the API reference page', () => {
  it('is HTML whose every script is ours: the bundle from this origin and one starter carrying the CSP nonce', async () => {
    const { response, html } = await docsPage();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = directives(response.headers.get('content-security-policy'));
    const nonce = /^'nonce-([^']+)'$/.exec(csp['script-src'].find((v: string) => v.startsWith("'nonce-")) ?? '')?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toEqual({
      'default-src': ["'none'"],
      'script-src': ["'self'", `'nonce-${nonce}'`],
      'style-src': ["'unsafe-inline'"],
      'connect-src': ["'self'"],
      'form-action': ["'none'"],
      'base-uri': ["'none'"],
      'frame-ancestors': ["'none'"],
    });
    expect(html).not.toMatch(/(https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map(([, attributes]) => attributes);
    expect(scripts).toHaveLength(2);
    for (const attributes of scripts) expect(attributes).toContain(`nonce="${nonce}"`);
    expect(scripts[0]).toMatch(/src="\/api\/v1\/docs\/scalar-[0-9a-f]{16}\.js"/);
    expect(html).toContain('"url": "/api/v1/openapi.json"');
  });

  it('is never cached and names a new nonce each time', async () => {
    const [first, second] = [await docsPage(), await docsPage()];
    expect(first.response.headers.get('cache-control')).toBe('no-store');
    expect(first.response.headers.get('content-security-policy')).not.toBe(second.response.headers.get('content-security-policy'));
  });
});

describe("the reference page's script", () => {
  const scriptUrl = async () => /src="([^"]+)"/.exec((await docsPage()).html)![1]!;

  it('is JavaScript cached for good under its content hash, gzipped for a browser that takes it', async () => {
    const url = await scriptUrl();
    const plain = await app.request(url);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(plain.headers.get('x-content-type-options')).toBe('nosniff');
    const script = Buffer.from(await plain.arrayBuffer());
    expect(script.toString('utf8', 0, 2000)).toMatch(/Scalar|function|=>/);

    const gzipped = await app.request(url, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(gzipped.headers.get('vary')).toBe('Accept-Encoding');
    const compressed = Buffer.from(await gzipped.arrayBuffer());
    expect(compressed.length).toBeLessThan(script.length / 2);
    expect(gunzipSync(compressed).equals(script)).toBe(true);
  });

  it('is served under its own hash only: another name is our 404', async () => {
    const response = await app.request('/api/v1/docs/scalar-0123456789abcdef.js');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'not_found', message: 'No such endpoint' } });
  });
});
