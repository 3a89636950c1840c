import { describe, expect, it } from 'vitest';
import { classifyLinkFetch, type LinkFetchReason } from '../../src/link-activity/classify.ts';
import { automatedAgent } from '../../src/link-activity/user-agents.ts';
import { BROWSER_AGENT_ONLY, CHROME_CLICK, CHROME_PREFETCH, CURL, HEADLESS_CHROME, type HeaderSet, OLD_SAFARI, SAFE_LINKS_HEAD } from './header-sets.ts';

const DELIVERED = '2026-12-03T14:00:00.000Z';
const seconds = (s: number) => new Date(Date.parse(DELIVERED) + s * 1000).toISOString();

/** A fetch of the link with these headers, `after` seconds after the email's delivery, `previous` the fetch before it (if any). */
function fetchOf(set: HeaderSet, after: number, previous: number | null = null) {
  return classifyLinkFetch({
    method: set.method,
    at: seconds(after),
    userAgent: set.headers['user-agent'],
    fetchMetadata: { user: set.headers['sec-fetch-user'], mode: set.headers['sec-fetch-mode'], dest: set.headers['sec-fetch-dest'] },
    deliveredAt: DELIVERED,
    previousFetchAt: previous === null ? null : seconds(previous),
  });
}

const HOURS = 3600;

describe('telling a mail scanner from a person opening the link', () => {
  const cases: { name: string; fetch: ReturnType<typeof fetchOf>; kind: string; reasons: LinkFetchReason[] }[] = [
    {
      name: 'Safe Links-like HEAD at delivery',
      fetch: fetchOf(SAFE_LINKS_HEAD, 2),
      kind: 'scanner',
      reasons: ['head_request', 'scanner_agent', 'no_fetch_metadata', 'at_delivery'],
    },
    {
      name: 'headless Chrome navigating seconds after that HEAD',
      fetch: fetchOf(HEADLESS_CHROME, 4, 2),
      kind: 'scanner',
      reasons: ['headless_browser', 'user_navigation', 'at_delivery', 'burst'],
    },
    { name: 'headless Chrome hours later, alone', fetch: fetchOf(HEADLESS_CHROME, 5 * HOURS), kind: 'scanner', reasons: ['headless_browser', 'user_navigation'] },
    { name: 'a real Chrome click hours after delivery', fetch: fetchOf(CHROME_CLICK, 5 * HOURS, 2), kind: 'browser', reasons: ['user_navigation'] },
    { name: 'a real Chrome click within a minute of delivery', fetch: fetchOf(CHROME_CLICK, 30), kind: 'unknown', reasons: ['user_navigation', 'at_delivery'] },
    { name: 'a Chrome click seconds after another fetch', fetch: fetchOf(CHROME_CLICK, 5 * HOURS, 5 * HOURS - 3), kind: 'unknown', reasons: ['user_navigation', 'burst'] },
    { name: 'Chrome prefetching, not clicked', fetch: fetchOf(CHROME_PREFETCH, 5 * HOURS), kind: 'unknown', reasons: ['not_a_navigation'] },
    { name: 'curl, whenever', fetch: fetchOf(CURL, 5 * HOURS), kind: 'scanner', reasons: ['http_library', 'no_fetch_metadata'] },
    { name: "a browser's User-Agent and nothing else, at delivery", fetch: fetchOf(BROWSER_AGENT_ONLY, 1), kind: 'scanner', reasons: ['no_fetch_metadata', 'at_delivery'] },
    { name: 'an old Safari hours later', fetch: fetchOf(OLD_SAFARI, 5 * HOURS), kind: 'unknown', reasons: ['no_fetch_metadata'] },
    { name: 'no User-Agent at all', fetch: fetchOf({ method: 'GET', headers: {} }, 5 * HOURS), kind: 'scanner', reasons: ['no_user_agent', 'no_fetch_metadata'] },
  ];

  it.each(cases)('$name: $kind', ({ fetch, kind, reasons }) => {
    expect(fetch).toEqual({ kind, reasons });
  });

  it('counts an answer posted through the form as a person, whatever its headers', () => {
    expect(classifyLinkFetch({ method: 'POST', at: seconds(1), userAgent: 'curl/8.5.0', fetchMetadata: {}, deliveredAt: DELIVERED, previousFetchAt: seconds(0) })).toEqual({
      kind: 'browser',
      reasons: ['answer_posted'],
    });
  });

  it('takes no fetch before the delivery as one at delivery (an earlier email is not this one)', () => {
    expect(fetchOf(CHROME_CLICK, -30).reasons).not.toContain('at_delivery');
  });
});

describe('the list of programs', () => {
  it.each([
    ['Mozilla/5.0 (compatible; Google-Safety; +http://www.google.com/bot.html)', 'scanner_agent'],
    ['Mimecast-Url-Protect/1.0', 'scanner_agent'],
    ['Proofpoint URL Defense', 'scanner_agent'],
    ['python-requests/2.32.3', 'http_library'],
    ['Wget/1.21.4', 'http_library'],
    ['Go-http-client/2.0', 'http_library'],
  ])('names %s a program (%s)', (agent, reason) => {
    expect(automatedAgent(agent)).toBe(reason);
  });

  it.each([CHROME_CLICK, OLD_SAFARI].map((set) => set.headers['user-agent']!).concat([
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  ]))('leaves a browser alone: %s', (agent) => {
    expect(automatedAgent(agent)).toBeNull();
  });
});
