import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/clock.ts';
import { receiveEmail } from '../../src/email-replies/receive.ts';
import { runScheduledWork } from '../../src/lifecycle/scheduler.ts';
import { bytes, inboundWorld, PROVIDER_ADDRESS, STRANGER } from './inbound-world.ts';

// Email replies are free text (THREATS 16): erased with their request once it has been final for
// RETENTION_DAYS (90 by default), and when they never found a request, once received that long ago.

const world = await inboundWorld();
const receive = async (raw: string) => {
  const result = await receiveEmail(world.deps, { raw: bytes(raw), source: 'cli' });
  if (result.kind !== 'stored') throw new Error(result.kind);
  return result.reply;
};
const rowOf = async (id: string) => (await world.replies()).find((row) => row.id === id)!;

const WORDS = 'Cancelled, access until 31 January 2027. Customer Jane owes 45 EUR.';

async function expectErased(id: string) {
  const row = await rowOf(id);
  expect(row).toMatchObject({ from_address: null, from_name: null, recipients: '[]', subject: '', message_id: null, visible_text: '', full_text: '', attachments: '[]' });
  expect(row.erased_at).toBe(world.clock.now().toISOString());
  for (const personal of ['Jane', 'owes', PROVIDER_ADDRESS, STRANGER, 'Mark', 'acme.example']) expect(JSON.stringify(row)).not.toContain(personal);
}

describe('retention of email replies', async () => {
  const answered = await world.sentRequest();
  const matched = await receive(world.replyToAddress(answered.replyKey, WORDS));
  await world.sendForm(await world.replyPathOf(answered.id), { outcome: 'not_found' });
  const unmatchedRaw = world.mailQuoting(answered.reference, STRANGER, WORDS);
  const unmatched = await receive(unmatchedRaw);
  let waiting: Awaited<ReturnType<typeof world.sentRequest>>;
  let waitingReply: { id: string };
  let laterUnmatched: { id: string };

  it('keeps both, words and addresses, until the retention period has passed', async () => {
    world.clock.advance(90 * DAY_MS - 60_000);
    // Received near the end of the first ones' period: a reply to a request still waiting, and one matching nothing.
    waiting = await world.sentRequest();
    waitingReply = await receive(world.replyToAddress(waiting.replyKey, WORDS));
    laterUnmatched = await receive(world.mailQuoting('CD-00000000', STRANGER, WORDS));
    await runScheduledWork(world.deps);
    for (const reply of [matched, unmatched]) expect(await rowOf(reply.id)).toMatchObject({ full_text: WORDS, erased_at: null });
  });

  it('erases a reply with its request, and an unmatched one once received 90 days ago', async () => {
    world.clock.advance(60_000);
    expect((await runScheduledWork(world.deps)).erased).toBe(1);
    await expectErased(matched.id);
    await expectErased(unmatched.id);
  });

  it('keeps what support counts by: kind, match, suggestion, state', async () => {
    expect(await rowOf(matched.id)).toMatchObject({ kind: 'reply', request_id: answered.id, matched_by: 'address', suggested_outcome: 'cancelled', suggested_date: '2027-01-31', state: 'open' });
  });

  it("keeps a waiting request's reply and a younger unmatched one", async () => {
    for (const reply of [waitingReply, laterUnmatched]) expect(await rowOf(reply.id)).toMatchObject({ full_text: WORDS, erased_at: null });
  });

  it('still knows an erased message when the same bytes come again', async () => {
    const again = await receiveEmail(world.deps, { raw: bytes(unmatchedRaw), source: 'cli' });
    expect(again).toMatchObject({ kind: 'duplicate', reply: { id: unmatched.id } });
  });
});
