import { afterAll, beforeAll, vi } from 'vitest';

type Entry = (typeof import('../../../src/worker.ts'))['default'];
type World = typeof import('./worker-world.ts');

/**
 * For a file that needs src/worker.ts before any environment has reached it: the entry keeps the deps
 * of the first environment that validates (module state), and the workerd files share one module graph.
 * Imports the entry and the helpers built on it afresh before the file's tests (call it before the
 * file's own `beforeAll`), and drops them after, so the next file does not inherit this file's environment.
 */
export function freshEntry(): { readonly worker: Entry; readonly world: World } {
  let fresh: { worker: Entry; world: World } | undefined;
  beforeAll(async () => {
    vi.resetModules();
    fresh = { worker: (await import('../../../src/worker.ts')).default, world: await import('./worker-world.ts') };
  });
  afterAll(() => {
    vi.resetModules();
  });
  const loaded = () => {
    if (!fresh) throw new Error('the entry is imported in beforeAll: use it inside a hook or test');
    return fresh;
  };
  return {
    get worker() {
      return loaded().worker;
    },
    get world() {
      return loaded().world;
    },
  };
}
