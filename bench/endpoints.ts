import { DAY_MS, isoDay } from '../src/clock.ts';
import type { TokenKey } from '../src/config.ts';
import { signReplyToken } from '../src/links/reply-token.ts';
import type { LoadTarget } from './load.ts';
import { rotate } from './load.ts';
import { BENCH_CUSTOMER, BENCH_PROVIDER, linkId, requestId } from './seed.ts';

export interface Endpoint {
  name: string;
  target: LoadTarget;
  /** The least share of its floor's req/s it must reach (issue 19; the floors: floor-server.ts). */
  minFloorShare: number;
  /**
   * Also loaded on its floor with the layers the service may not drop (floors/with-layers.ts): where the
   * share asked of it is more than those layers leave, that floor shows it.
   */
  floorWithLayers?: true;
}

/** Reply links for the seeded requests, signed with the service's own key, as the emails carry them. */
export async function replyPaths(keys: TokenKey[], count: number, now: Date): Promise<string[]> {
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const token = await signReplyToken(keys, { requestId: requestId(i), linkId: linkId(i), issuedAt: now, expiresAt: new Date(now.getTime() + 40 * DAY_MS) });
    paths.push(`/reply/${token}`);
  }
  return paths;
}

/**
 * The five endpoints under load. Polls and form GETs rotate over many seeded requests; answers spread
 * over every seeded link (a link takes 20 answers); each create carries its own reference, so no two
 * bodies are the same and none is an idempotent replay.
 */
export function endpoints(service: { url: string; apiKey: string; publicUrl: string }, seeded: number, replies: string[], now: Date): Endpoint[] {
  const auth = { authorization: `Bearer ${service.apiKey}` };
  const polled = Array.from({ length: Math.min(seeded, 1000) }, (_, i) => `/api/v1/cancellation-requests/${requestId((i * 7919) % seeded)}`);
  // A poll that finds the last page of changes: the newest 50 requests changed since this time.
  const since = new Date(now.getTime() - 60 * 60_000).toISOString();
  let created = 0;
  const nextPoll = rotate(polled);
  const nextForm = rotate(replies);
  const nextAnswer = rotate(replies);
  const answer = `outcome=cancelled&date=${isoDay(now)}`;
  return [
    { name: 'status poll', minFloorShare: 0.8, floorWithLayers: true, target: { url: service.url, headers: auth, next: (r) => ({ ...r, path: nextPoll() }) } },
    { name: 'list poll', minFloorShare: 0.6, target: { url: `${service.url}/api/v1/cancellation-requests?updatedSince=${encodeURIComponent(since)}&limit=50`, headers: auth } },
    {
      name: 'create',
      minFloorShare: 0.6,
      target: {
        url: `${service.url}/api/v1/cancellation-requests`,
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        expectStatus: 201,
        next: (r) => ({ ...r, body: JSON.stringify({ provider: BENCH_PROVIDER.id, customer: BENCH_CUSTOMER, reference: `load-${created++}` }) }),
      },
    },
    { name: 'form GET', minFloorShare: 0.6, target: { url: service.url, next: (r) => ({ ...r, path: nextForm() }) } },
    {
      name: 'answer POST',
      minFloorShare: 0.6,
      target: {
        url: service.url,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', origin: service.publicUrl },
        next: (r) => ({ ...r, path: nextAnswer(), body: answer }),
      },
    },
  ];
}
