import type { Deps } from '../deps.ts';
import { drainOutbox } from './drain.ts';

export interface SenderLoop {
  /** Drain now (after a commit) rather than at the next tick; calls while draining coalesce into one more run. */
  wake(): void;
  stop(): Promise<void>;
}

/**
 * The in-process sender for long-running servers: drains the outbox every `intervalMs` and whenever
 * woken. Never more than one drain at a time in this process; other processes are kept apart by leases.
 */
export function startSenderLoop(deps: Parameters<typeof drainOutbox>[0] & Pick<Deps, 'log'>, intervalMs = 2_000): SenderLoop {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const run = async () => {
    do {
      again = false;
      try {
        const report = await drainOutbox(deps);
        if (report.sent + report.failed + report.retrying > 0) {
          deps.log(`[outbox] sent ${report.sent}, failed ${report.failed}, retrying ${report.retrying}, waiting ${report.waiting}`);
        }
      } catch (error) {
        // A busy database or a bug must not kill the loop; the next tick tries again.
        deps.log(`[outbox] drain failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    } while (again && !stopped);
  };
  const wake = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = run().finally(() => {
      running = null;
    });
  };
  const timer = setInterval(wake, intervalMs);
  timer.unref?.();
  return {
    wake,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
