import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * On Node 20 an AsyncLocalStorage's first `run()` turns on V8's promise hooks for the whole process,
 * and they stay on while any instance is enabled: every promise and every `await` afterwards pays for
 * them. hono/jsx runs each page render in one and React's server renderer each email, so from the
 * first page or email on every request paid (a status poll +22 µs of CPU, about half its cost;
 * docs/benchmarks.md). So a run whose callback ended synchronously has its storage disabled right
 * after, which turns the hooks off once none is enabled. Left enabled: a storage with a run that
 * returned a promise not yet settled (an async render still finds its context after an `await`), one
 * inside an outer run of itself, and one ever given a store by `enterWith`, which holds it outside any run.
 *
 * The price: what a synchronous run leaves behind to read its storage later finds none there (a timer
 * it set, a function it bound, a resource hint React is asked for after a suspended component resumes).
 * None of our pages or emails does that: they render in one synchronous pass. Node ≥ 22.7 keeps the
 * context without hooks (AsyncContextFrame) and will not need this. Returns the undo, for tests.
 */
export function releaseAsyncContextAfterRuns(): () => void {
  const { run, enterWith } = AsyncLocalStorage.prototype;
  const pending = new WeakMap<AsyncLocalStorage<unknown>, number>();
  const entered = new WeakSet<AsyncLocalStorage<unknown>>();
  const release = (storage: AsyncLocalStorage<unknown>) => {
    if (!pending.get(storage) && !entered.has(storage) && storage.getStore() === undefined) storage.disable();
  };
  AsyncLocalStorage.prototype.enterWith = function (this: AsyncLocalStorage<unknown>, store: unknown) {
    entered.add(this);
    enterWith.call(this, store);
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
    AsyncLocalStorage.prototype.enterWith = enterWith;
  };
}
