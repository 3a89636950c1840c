import { AsyncLocalStorage, executionAsyncId } from 'node:async_hooks';
import { createContext, jsx, useContext } from 'hono/jsx';
import { afterAll, describe, expect, it } from 'vitest';
import { renderCancellationEmail } from '../../src/mail/cancellation-email.ts';
import { releaseAsyncContextAfterRuns } from '../../src/node-async-context.ts';
import { testDeps } from '../support/test-deps.ts';

// `canceldesk serve` releases each AsyncLocalStorage after a run, so that the first page or email does
// not leave V8's promise hooks on for every later request (src/node-async-context.ts).

const undo = releaseAsyncContextAfterRuns();
afterAll(undo);
const { app } = await testDeps();

/** With promise hooks off, a promise's continuation runs under no async id of its own. */
const promiseHooksOn = async () => {
  await null;
  return executionAsyncId() !== 0;
};
const tick = (ms = 1) => new Promise((resolve) => setTimeout(resolve, ms));

describe('async context on Node 20 under `serve`', () => {
  it('leaves promise hooks off after a page render (hono/jsx) and an email render (React)', async () => {
    const page = await app.request('/support/login');
    expect(await page.text()).toContain('<form');
    const email = await renderCancellationEmail({
      locale: 'en',
      providerName: 'Acme Gym',
      reference: 'CD-TEST0001',
      requestedOn: '2026-11-21',
      customerName: 'Jane Doe',
      identifiers: [],
      replyUrl: 'https://canceldesk.test/reply/x',
      repliesByEmail: false,
    });
    expect(email.html).toContain('CD-TEST0001');
    expect(await promiseHooksOn()).toBe(false);
  });

  it('keeps an async run’s context across awaits, while other runs of the same storage start and end', async () => {
    const storage = new AsyncLocalStorage<string>();
    const slow = storage.run('slow', async () => {
      await tick(5);
      return storage.getStore();
    });
    expect(storage.run('quick', () => storage.getStore())).toBe('quick');
    expect(await promiseHooksOn()).toBe(true);
    expect(await slow).toBe('slow');
    await tick();
    expect(await promiseHooksOn()).toBe(false);
  });

  it('keeps the outer run’s context when a run of the same storage ends inside it', () => {
    const storage = new AsyncLocalStorage<string>();
    expect(
      storage.run('outer', () => {
        storage.run('inner', () => undefined);
        return storage.getStore();
      }),
    ).toBe('outer');
  });

  it('releases a run that threw, and one whose promise rejected', async () => {
    const thrown = new AsyncLocalStorage<string>();
    expect(() =>
      thrown.run('failing', () => {
        throw new Error('render failed');
      }),
    ).toThrow('render failed');
    expect(await promiseHooksOn()).toBe(false);
    const rejected = new AsyncLocalStorage<string>();
    await expect(rejected.run('rejected', async () => Promise.reject(new Error('async render failed')))).rejects.toThrow('async render failed');
    await tick();
    expect(await promiseHooksOn()).toBe(false);
  });

  it('lets an async hono/jsx component read its provider’s value after an await', async () => {
    const Locale = createContext('en');
    const Greeting = async () => {
      await tick(2);
      return jsx('p', {}, useContext(Locale));
    };
    const page = jsx(Locale.Provider, { value: 'sv' }, jsx(Greeting, {}));
    expect(String(await page.toString())).toBe('<p>sv</p>');
    await tick();
    expect(await promiseHooksOn()).toBe(false);
  });

  it('leaves alone a storage given a store by enterWith, which holds it outside any run', async () => {
    const storage = new AsyncLocalStorage<string>();
    const readLater = new Promise<string | undefined>((resolve) =>
      setImmediate(() => {
        storage.enterWith('entered');
        setTimeout(() => resolve(storage.getStore()), 5);
      }),
    );
    await tick();
    // Ends here, where the storage holds nothing: the entered context must keep its store all the same.
    storage.run('elsewhere', () => undefined);
    expect(await readLater).toBe('entered');
    storage.disable();
  });
});
