import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * On Node 20 an AsyncLocalStorage's first `run()` turns on V8's promise hooks for the whole process,
 * and they stay on while any instance is enabled: every promise and every `await` afterwards pays for
 * them. hono/jsx runs each page render in one and React's server renderer each email, so from the
 * first page or email on every request paid (a status poll +22 µs of CPU, about half its cost;
 * docs/benchmarks.md). A run whose callback finished synchronously leaves nothing behind to follow,
 * so this disables its storage again right after, which turns the hooks off once none is enabled. A
 * run that returned a promise keeps its storage enabled until that promise and every other one started
 * under the same storage have settled, so an async render still finds its context after an `await`.
 * Node ≥ 22.7 keeps the context without hooks (AsyncContextFrame) and will not need this.
 * Returns the undo, for tests.
 */
export function releaseAsyncContextAfterRuns(): () => void {
  const { run } = AsyncLocalStorage.prototype;
  const pending = new WeakMap<AsyncLocalStorage<unknown>, number>();
  const release = (storage: AsyncLocalStorage<unknown>) => {
    // Inside another run of the same storage, or with a run still awaiting, its context is still needed.
    if (!pending.get(storage) && storage.getStore() === undefined) storage.disable();
  };
  AsyncLocalStorage.prototype.run = function <R>(this: AsyncLocalStorage<unknown>, store: unknown, callback: (...args: unknown[]) => R, ...args: unknown[]): R {
    let result: R;
    try {
      result = run.call(this, store, callback, ...args) as R;
    } catch (error) {
      release(this);
      throw error;
    }
    if (!(result instanceof Promise)) {
      release(this);
      return result;
    }
    pending.set(this, (pending.get(this) ?? 0) + 1);
    const settled = () => {
      pending.set(this, pending.get(this)! - 1);
      release(this);
    };
    result.then(settled, settled);
    return result;
  } as typeof run;
  return () => {
    AsyncLocalStorage.prototype.run = run;
  };
}
