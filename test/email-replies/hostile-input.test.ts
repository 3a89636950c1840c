import { describe, expect, it } from 'vitest';
import { readReceivedEmail } from '../../src/email-replies/read-received-email.ts';
import { suggestOutcome } from '../../src/email-replies/suggest-outcome.ts';
import { visibleReplyText } from '../../src/email-replies/visible-text.ts';
import { rawMessage, REPLY_HEADERS } from './messages.ts';

// Inbound mail is hostile input (THREATS 20): a message crafted against a backtracking pattern must
// not stall the server or exhaust a Worker's CPU. email-reply-parser without re2 took 0.8 s on a
// 2.8 KB line of " on at" and grows with the cube of the line; these limits leave room for a loaded
// machine and still fail such a pattern by hours.
const LIMIT_MS = 2000;

const LINE = 100 * 1024;
const repeated = (unit: string) => unit.repeat(Math.ceil(LINE / unit.length));
const SHAPES: [string, string][] = [
  ['an endless attribution', `On ${repeated('a ')}`],
  ['words of every attribution', repeated(' on at wrote skrev schrieb 10:12')],
  ['colons without an attribution', repeated('wrote 1:')],
  ['an endless From header', `From: ${repeated('x <')}`],
  ['dashes', repeated('-')],
  ['underscores and a letter', `${repeated('_')}x`],
  ['blanks and a letter', `${repeated(' ')}x`],
  ['a closing that never ends', `Kind regards ${repeated('a ')}`],
  ['quote markers', repeated('> ')],
  ['dates without end', repeated('31.01.2027 until ')],
  ['digits and dots', repeated('1.')],
  ['month names', repeated('31 januari ')],
];

const elapsed = async (work: () => unknown): Promise<number> => {
  const start = performance.now();
  await work();
  return performance.now() - start;
};

describe('hostile text', () => {
  it.each(SHAPES)('the visible text of %s (100 KB on one line) is read in time', async (_, line) => {
    expect(await elapsed(() => visibleReplyText(`Cancelled.\n${line}\n${line}`))).toBeLessThan(LIMIT_MS);
  });

  it.each(SHAPES)('a whole message of %s is read in time', async (_, line) => {
    const raw = rawMessage(REPLY_HEADERS, `${line}\n${line}`);
    expect(await elapsed(() => readReceivedEmail(raw))).toBeLessThan(LIMIT_MS);
  });

  it.each(SHAPES)('the outcome of %s is read in time', async (_, line) => {
    // Only the first 3000 characters can ever be read (longer texts are no short answer).
    expect(await elapsed(() => suggestOutcome(line.slice(0, 3000), { today: '2026-12-03' }))).toBeLessThan(LIMIT_MS);
    expect(await elapsed(() => suggestOutcome(line, { today: '2026-12-03' }))).toBeLessThan(LIMIT_MS);
  });

  it('reads 9 MB of HTML in time', async () => {
    const html = `<p>${'word '.repeat(1_800_000)}</p>`;
    const raw = rawMessage({ ...REPLY_HEADERS, 'Content-Type': 'text/html' }, html);
    let result: Awaited<ReturnType<typeof readReceivedEmail>> | undefined;
    expect(await elapsed(async () => (result = await readReceivedEmail(raw)))).toBeLessThan(4 * LIMIT_MS);
    expect(result).toMatchObject({ kind: 'read', email: { notes: [{ cut: 'html' }, { cut: 'text' }] } });
  });
});
