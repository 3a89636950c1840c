import type { Deps } from '../deps.ts';
import { DRAIN_BUDGET, type DrainReport } from '../outbox/drain.ts';
import { deliverQueued, runScheduledWork, type ScheduledReport, type SchedulerDeps } from './scheduler.ts';

export interface SchedulerLoop {
  /** Deliver soon (after a commit) rather than at the next tick; wakes coalesce into at most one run per `wakeGapMs`. */
  wake(): void;
  stop(): Promise<void>;
}

/**
 * The in-process scheduler for long-running servers: delivers queued mail and webhooks every `tickMs`
 * and whenever woken, and runs the whole scheduled work (reminders, expiry, retention) at start and
 * every `lifecycleMs`. Never more than one run at a time in this process; other processes are kept
 * apart by leases and guarded writes.
 */
export function startSchedulerLoop(
  deps: SchedulerDeps & Pick<Deps, 'log'>,
  options: { tickMs?: number; lifecycleMs?: number; wakeGapMs?: number } = {},
): SchedulerLoop {
  // Every create and answer wakes the loop. Under load a run per wake was a run per request — three
  // claim queries and a count each, most finding nothing (an answer only queues a webhook when its app
  // has an endpoint): half of an answer's time. A run at most every 100 ms sends the same mail, in fuller batches.
  const { tickMs = 2_000, lifecycleMs = 60_000, wakeGapMs = 100 } = options;
  let running: Promise<void> | null = null;
  let again = false;
  let wokenWhileRunning = false;
  let wakeTimer: ReturnType<typeof setTimeout> | null = null;
  let lastRunAt = -Infinity;
  let stopped = false;
  let lifecycleDueAt = 0;

  const runOnce = async () => {
    const now = Date.now();
    const lifecycleDue = now >= lifecycleDueAt;
    if (lifecycleDue) lifecycleDueAt = now + lifecycleMs;
    const report = lifecycleDue ? logLifecycle(deps, await runScheduledWork(deps)) : await deliverQueued(deps);
    logDeliveries(deps, report);
    moreWaiting(report.outbox);
  };
  // A run that used its whole budget with nothing pushed back left mail due: the next run starts at
  // once instead of a tick later (100,000 queued emails would otherwise take 200 ticks).
  const moreWaiting = (outbox: DrainReport) => {
    if (outbox.sent + outbox.failed >= DRAIN_BUDGET && outbox.retrying === 0) again = true;
  };
  const run = async () => {
    do {
      again = false;
      try {
        await runOnce();
      } catch (error) {
        // A busy database or a bug must not kill the loop; the next tick tries again.
        deps.log(`[scheduler] run failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    } while (again && !stopped);
  };
  const wake = () => {
    if (stopped || wakeTimer) return;
    if (running) {
      wokenWhileRunning = true;
      return;
    }
    const wait = lastRunAt + wakeGapMs - Date.now();
    if (wait > 0) {
      wakeTimer = setTimeout(() => {
        wakeTimer = null;
        wake();
      }, wait);
      return;
    }
    lastRunAt = Date.now();
    running = run().finally(() => {
      running = null;
      if (wokenWhileRunning) {
        wokenWhileRunning = false;
        wake();
      }
    });
  };
  const timer = setInterval(wake, tickMs);
  timer.unref?.();
  wake();
  return {
    wake,
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (wakeTimer) clearTimeout(wakeTimer);
      await running;
    },
  };
}

function logLifecycle(deps: Pick<Deps, 'log'>, report: ScheduledReport): ScheduledReport {
  if (report.reminded + report.expired + report.erased > 0) {
    deps.log(`[lifecycle] reminded ${report.reminded}, expired ${report.expired}, erased ${report.erased}`);
  }
  return report;
}

function logDeliveries(deps: Pick<Deps, 'log'>, { outbox, webhooks }: Awaited<ReturnType<typeof deliverQueued>>) {
  if (outbox.sent + outbox.failed + outbox.retrying > 0) {
    deps.log(`[outbox] sent ${outbox.sent}, failed ${outbox.failed}, retrying ${outbox.retrying}, waiting ${outbox.waiting}`);
  }
  if (webhooks.delivered + webhooks.failed + webhooks.retrying > 0) {
    deps.log(`[webhooks] delivered ${webhooks.delivered}, failed ${webhooks.failed}, retrying ${webhooks.retrying}, waiting ${webhooks.waiting}`);
  }
}
