import { describe, expect, it } from 'vitest';
import { supportWorld } from '../support/console-session.ts';

// Issue 18: a path the API serves, asked with a method it does not serve there, is a 405 naming the
// methods it does serve in Allow (RFC 9110 §15.5.6), on every surface; a path it does not serve stays a 404.

const ADMIN_TOKEN = 'wrong-method-admin-token-0123456789abcdef';
const w = await supportWorld({ ADMIN_TOKEN });
const credentials = {
  app: `Bearer ${w.client.apiKey}`,
  support: `Bearer ${await w.apiToken()}`,
  admin: `Bearer ${ADMIN_TOKEN}`,
};

const call = (method: string, path: string, surface: keyof typeof credentials) =>
  w.app.request(`/api/v1${path}`, { method, headers: { authorization: credentials[surface] } });

describe('a method the path does not take', () => {
  it.each([
    ['app', 'PUT', '/cancellation-requests', 'GET, HEAD, POST'],
    ['app', 'DELETE', '/cancellation-requests/cr_anything', 'GET, HEAD'],
    ['app', 'POST', '/providers/zen-yoga', 'GET, HEAD'],
    ['support', 'GET', '/support/sessions', 'POST'],
    ['support', 'DELETE', '/support/requests/cr_anything', 'GET, HEAD'],
    ['support', 'GET', '/support/email-replies/er_anything/accept', 'POST'],
    ['admin', 'DELETE', '/admin/providers', 'GET, HEAD, POST'],
    ['admin', 'GET', '/admin/clients', 'POST'],
    ['admin', 'POST', '/admin/clients/cli_anything', 'PATCH'],
  ] as const)('%s API: %s %s is a 405 allowing %s', async (surface, method, path, allow) => {
    const res = await call(method, path, surface);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe(allow);
    expect(await res.json()).toEqual({
      error: { code: 'method_not_allowed', message: `${method} is not allowed here; use ${allow.split(', ').join(' or ')}` },
    });
  });
});

describe('a path the API does not serve', () => {
  it.each([
    ['app', 'GET', '/nothing-here'],
    ['app', 'DELETE', '/cancellation-requests/cr_x/anything'],
    ['support', 'PUT', '/support/nothing-here'],
    ['admin', 'GET', '/admin/nothing-here'],
  ] as const)('%s API: %s %s stays a 404, with no Allow', async (surface, method, path) => {
    const res = await call(method, path, surface);
    expect(res.status).toBe(404);
    expect(res.headers.get('allow')).toBeNull();
    expect((await res.json()).error.code).toBe('not_found');
  });
});
