import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { freshEntry } from './support/fresh-entry.ts';

/**
 * Its own file: src/worker.ts keeps the deps of the first environment that validates for the life of
 * the isolate (module state); this file imports the entry afresh, so here no environment has been
 * accepted yet when the bad one arrives.
 */
const BAD = { ...env, NODE_ENV: 'production', TOKEN_SECRETS: 'short' };
const entry = freshEntry();

describe('a bad environment', () => {
  it('is a clear 500 with code internal_error, no stack trace and no secret, and names the problems in the log', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const ctx = createExecutionContext();
    const response = await entry.worker.fetch(new Request('https://canceldesk.test/healthz'), BAD, ctx);
    await waitOnExecutionContext(ctx);

    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({ error: { code: 'internal_error', message: expect.any(String) } });
    expect(body).not.toMatch(/TOKEN_SECRETS|short|ConfigError|at .*\.ts/);

    const logged = errors.mock.calls.flat().join('\n');
    expect(logged).toContain('TOKEN_SECRETS');
    expect(logged).toContain('RESEND_API_KEY');
    expect(logged).not.toMatch(/\bshort\b/);
    errors.mockRestore();
  });

  it('does not crash the cron either: scheduled() logs and returns', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const ctx = createExecutionContext();
    await expect(entry.worker.scheduled(createScheduledController(), BAD, ctx)).resolves.toBeUndefined();
    await waitOnExecutionContext(ctx);
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('invalid configuration'));
    errors.mockRestore();
  });

  it('is not remembered: once the environment is fixed the same isolate serves', async () => {
    const ctx = createExecutionContext();
    const response = await entry.worker.fetch(new Request('https://canceldesk.test/healthz'), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(response.status).toBe(200);
  });
});
