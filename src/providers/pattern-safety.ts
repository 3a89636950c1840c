/**
 * Whether a provider's custom identifier pattern may run on app input. Patterns run inside the app's
 * request, so one with catastrophic backtracking (say `(a|a)*`) would let a single request stall the
 * whole server: only patterns recheck proves linear pass.
 */

/** How long recheck may think about one pattern; a pattern it cannot settle by then is refused. */
export const PATTERN_CHECK_TIMEOUT_MS = 5_000;

/** What is wrong with a pattern (a field message), or null when it is a valid, linear-time regular expression. */
export async function patternProblem(pattern: string, timeoutMs = PATTERN_CHECK_TIMEOUT_MS): Promise<string | null> {
  try {
    new RegExp(pattern, 'u');
  } catch {
    return 'is not a valid regular expression';
  }
  // recheck's agent dies on some (a StackOverflowError on `^(a|\1a)*$`) and can only fuzz the rest,
  // and a back-reference is how a pattern escapes linear time: refused without asking.
  if (hasBackReference(pattern)) return 'uses a back-reference (\\1, \\k<name>), which cannot be shown to run in linear time; remove it';
  return linearTimeProblem(pattern, timeoutMs);
}

/**
 * `\1`…`\9` or `\k<name>` outside an escape of its own. In a valid `u` pattern a backslash always
 * escapes the one character after it, and a digit or `k` after one is a back-reference.
 */
export const hasBackReference = (pattern: string): boolean =>
  Array.from(pattern.matchAll(/\\(.)/gsu)).some(([, escaped]) => escaped === 'k' || (escaped! >= '1' && escaped! <= '9'));

/**
 * recheck's answer, off the event loop: its native agent (or, without one, a worker thread) does the
 * work while the server keeps answering. Our own deadline backs up recheck's `timeout`, which never
 * fires when the agent's thread has died, and any error or silence counts as "not shown safe".
 * recheck is 24 MB resident once loaded: a running server that never imports providers never loads it.
 */
export async function linearTimeProblem(pattern: string, timeoutMs: number): Promise<string | null> {
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
    if (verdict === 'timeout' || verdict === 'error') return 'could not be shown to run in linear time (the check failed or took too long); simplify it';
    if (verdict.status === 'safe') return null;
    return verdict.status === 'vulnerable'
      ? `can take ${verdict.complexity.type} time on some inputs (catastrophic backtracking); simplify it`
      : 'could not be shown to run in linear time; simplify it';
  } finally {
    clearTimeout(deadline);
  }
}
