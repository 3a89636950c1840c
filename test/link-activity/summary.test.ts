import { describe, expect, it } from 'vitest';
import { summarizeLinkActivity } from '../../src/link-activity/summary.ts';

const scannerAtDelivery = { method: 'HEAD', kind: 'scanner' as const, reasons: ['head_request' as const, 'at_delivery' as const] };
const scannerLater = { method: 'GET', kind: 'scanner' as const, reasons: ['http_library' as const] };
const click = { method: 'GET', kind: 'browser' as const, reasons: ['user_navigation' as const] };
const posted = { method: 'POST', kind: 'browser' as const, reasons: ['answer_posted' as const] };
const unknown = { method: 'GET', kind: 'unknown' as const, reasons: ['no_fetch_metadata' as const] };

describe("support's one line about a request's link activity", () => {
  it.each([
    { activity: [], opened: null, line: 'Its link has not been fetched yet' },
    { activity: [scannerAtDelivery, scannerAtDelivery], opened: null, line: 'Not opened in a browser yet — 2 fetches probably by mail scanners, at delivery' },
    {
      activity: [scannerAtDelivery, scannerAtDelivery, click],
      opened: '2026-12-03T14:02:09.000Z',
      line: 'Opened in a browser on 3 Dec 2026 at 14:02 UTC — 2 fetches probably by mail scanners, at delivery',
    },
    { activity: [scannerAtDelivery, scannerLater, unknown], opened: null, line: 'Not opened in a browser yet — 2 fetches probably by mail scanners (1 at delivery); 1 fetch we cannot tell' },
    { activity: [posted], opened: '2026-12-03T09:30:00.000Z', line: 'Answered through the form on 3 Dec 2026 at 09:30 UTC' },
    { activity: Array.from({ length: 30 }, () => scannerLater), opened: null, line: 'Not opened in a browser yet — 30 fetches probably by mail scanners; later ones not kept' },
  ])('$line', ({ activity, opened, line }) => {
    expect(summarizeLinkActivity(activity, opened)).toBe(line);
  });
});
