import { describe, expect, it } from 'vitest';
import { hasBackReference, offThreadLinearTimeCheck } from '../../src/providers/pattern-safety.ts';

describe('hasBackReference', () => {
  it.each([
    ['^(a|\\1a)*$', true],
    ['^(a)\\1$', true],
    ['^(?<x>a)\\k<x>$', true],
    ['^(a)[b]\\9$', true],
    // An escaped backslash followed by a digit is a backslash and a digit.
    ['^\\\\1$', false],
    ['^\\\\\\\\2$', false],
    ['^\\0[0-9]{6,10}$', false],
    ['^\\d{1,3}\\.\\d{1,3}$', false],
    ['^[A-Z]{2}-[0-9]{4}$', false],
  ])('%s → %s', (pattern, expected) => {
    expect(hasBackReference(pattern)).toBe(expected);
  });
});

describe('the linear-time check on Node', () => {
  it('gives up on a check that never answers after its timeout, refusing the pattern, and never blocks the event loop', async () => {
    // recheck's agent dies on this pattern (StackOverflowError) and never answers: the case that hung
    // the whole server. Asked directly, past the back-reference refusal that normally stops it first.
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    const started = Date.now();
    const problem = await offThreadLinearTimeCheck(1_000)('^(a|\\1a)*$');
    const elapsed = Date.now() - started;
    clearInterval(timer);

    expect(problem).toMatch(/could not be shown to run in linear time/);
    expect(elapsed).toBeLessThan(5_000);
    // A timer every 20 ms kept firing while the check ran.
    expect(ticks).toBeGreaterThanOrEqual(20);
  });

  it('still proves an ordinary pattern linear, and finds catastrophic backtracking', async () => {
    expect(await offThreadLinearTimeCheck()('^[0-9]{6,10}$')).toBeNull();
    expect(await offThreadLinearTimeCheck()('^(a+)+$')).toMatch(/exponential/);
  });
});
