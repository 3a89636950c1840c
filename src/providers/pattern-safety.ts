import type { Diagnostics } from 'recheck';

/**
 * Whether a provider's custom identifier pattern may run on app input. Patterns run inside the app's
 * request, so one with catastrophic backtracking (say `(a|a)*`) would let a single request stall the
 * whole server: only patterns recheck proves linear pass.
 */

/** What is wrong with a pattern's form (a field message), before anyone asks about its running time. */
export function patternFormProblem(pattern: string): string | null {
  try {
    new RegExp(pattern, 'u');
  } catch {
    return 'is not a valid regular expression';
  }
  // A back-reference is how a pattern escapes linear time, recheck can only fuzz it, and its agent dies
  // on some (a StackOverflowError on `^(a|\1a)*$`): refused without asking.
  if (hasBackReference(pattern)) return 'uses a back-reference (\\1, \\k<name>), which cannot be shown to run in linear time; remove it';
  return null;
}

/**
 * `\1`…`\9` or `\k<name>` outside an escape of its own. In a valid `u` pattern a backslash always
 * escapes the one character after it, and a digit or `k` after one is a back-reference.
 */
export const hasBackReference = (pattern: string): boolean =>
  Array.from(pattern.matchAll(/\\(.)/gsu)).some(([, escaped]) => escaped === 'k' || (escaped! >= '1' && escaped! <= '9'));

/** Why a (well-formed) pattern is not proven to run in linear time, or null when it is. Injected per runtime. */
export type LinearTimeCheck = (pattern: string) => Promise<string | null>;

/** How long recheck may think about one pattern; a pattern it cannot settle by then is refused. */
export const PATTERN_CHECK_TIMEOUT_MS = 5_000;

const UNSETTLED = 'could not be shown to run in linear time (the check failed or took too long); simplify it';

/**
 * Node: recheck's native agent (or, without one, a worker thread) does the work while the server keeps
 * answering. Our own deadline backs up recheck's `timeout`, which never fires when the agent's thread
 * has died; any error or silence counts as "not shown safe". recheck is 24 MB resident once loaded: a
 * running server that never imports providers never loads it.
 */
export function offThreadLinearTimeCheck(timeoutMs = PATTERN_CHECK_TIMEOUT_MS): LinearTimeCheck {
  return async (pattern) => {
    const { check } = await import('recheck');
    const abort = new AbortController();
    let deadline: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      deadline = setTimeout(() => {
        // Tells the agent to drop the check (a worker thread is terminated).
        abort.abort();
        resolve('timeout');
      }, timeoutMs);
    });
    try {
      const verdict = await Promise.race([check(pattern, 'u', { timeout: timeoutMs, signal: abort.signal }).catch(() => 'error' as const), timedOut]);
      return verdict === 'timeout' || verdict === 'error' ? UNSETTLED : verdictProblem(verdict);
    } finally {
      clearTimeout(deadline);
    }
  };
}

/**
 * Workers have neither threads nor processes to hand the check to: recheck's browser build checks in
 * this isolate, bounded by its own `timeout` (and by the platform's CPU limit on this one request).
 */
export function inIsolateLinearTimeCheck(timeoutMs = PATTERN_CHECK_TIMEOUT_MS): LinearTimeCheck {
  return async (pattern) => {
    const { checkSync } = await import('recheck');
    try {
      return verdictProblem(checkSync(pattern, 'u', { timeout: timeoutMs }));
    } catch {
      return UNSETTLED;
    }
  };
}

function verdictProblem(verdict: Diagnostics): string | null {
  if (verdict.status === 'safe') return null;
  return verdict.status === 'vulnerable'
    ? `can take ${verdict.complexity.type} time on some inputs (catastrophic backtracking); simplify it`
    : 'could not be shown to run in linear time; simplify it';
}
