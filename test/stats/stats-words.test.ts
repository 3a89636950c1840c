import { describe, expect, it } from 'vitest';
import { spreadsheetSafe } from '../../src/stats/stats-csv.ts';
import { formatDuration, sortProviders } from '../../src/stats/stats-words.ts';
import { weeksOf } from '../../src/stats/provider-stats.ts';
import type { ProviderPerformance } from '../../src/stats/provider-stats.ts';

describe('spreadsheetSafe', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+31 20 123', "'+31 20 123"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
    ['Acme = best', 'Acme = best'],
    ['', ''],
  ])('%j → %j', (cell, safe) => expect(spreadsheetSafe(cell)).toBe(safe));
});

describe('formatDuration', () => {
  it.each([
    [null, '–'],
    [0, '0 min'],
    [45 * 60, '45 min'],
    [3600, '1 h'],
    [7.5 * 3600, '7.5 h'],
    [47 * 3600, '47 h'],
    [3 * 86_400, '3 d'],
    [1.25 * 86_400 * 10, '12.5 d'],
  ])('%j seconds read %j', (seconds, words) => expect(formatDuration(seconds)).toBe(words));
});

describe('weeksOf', () => {
  it('cuts the window into Monday weeks, the first from its start, the last past now (a request made this instant counts)', () => {
    expect(weeksOf('2026-11-28T12:00:00.000Z', '2026-12-07T09:00:00.000Z')).toEqual([
      { start: '2026-11-28T12:00:00.000Z', end: '2026-11-30T00:00:00.000Z' },
      { start: '2026-11-30T00:00:00.000Z', end: '2026-12-07T00:00:00.000Z' },
      { start: '2026-12-07T00:00:00.000Z', end: '2026-12-14T00:00:00.000Z' },
    ]);
  });
});

describe('sortProviders', () => {
  const p = (provider: string, answerRate: number | null, median: number | null, sent = 10): ProviderPerformance =>
    ({ provider, name: provider, answerRate, medianSecondsToAnswer: median, p90SecondsToAnswer: median, sent }) as ProviderPerformance;
  const providers = [p('a', 0.9, 3600), p('b', 0.2, 86_400), p('c', null, null, 0), p('d', 0.2, null, 30)];
  it('puts the slowest first and those without an answer last', () => {
    expect(sortProviders(providers, 'slowest').map((x) => x.provider)).toEqual(['b', 'a', 'c', 'd']);
  });
  it('puts the least answering first (the busier of equals first) and those without requests last', () => {
    expect(sortProviders(providers, 'least_answering').map((x) => x.provider)).toEqual(['d', 'b', 'a', 'c']);
  });
});
