import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyReceivedEmail, type ReceivedEmailKind } from '../../src/email-replies/classify.ts';
import { readReceivedEmail } from '../../src/email-replies/read-received-email.ts';
import { type OutcomeSuggestion, suggestOutcome } from '../../src/email-replies/suggest-outcome.ts';

/**
 * Realistic replies in English, Swedish and German (corpus/*.eml, raw as received), each with what a
 * careful person reads in it (`answer`, null when there is no clear answer) and whether the reader is
 * expected to suggest it (`suggests`; false marks a reply the reader knowingly leaves to support).
 */
interface CorpusEntry {
  about: string;
  kind: ReceivedEmailKind;
  answer: OutcomeSuggestion | null;
  suggests: boolean;
}

const CORPUS = new URL('./corpus/', import.meta.url);
const INDEX: Record<string, CorpusEntry> = JSON.parse(readFileSync(new URL('index.json', CORPUS), 'utf8'));
// The requests were emailed on 1 December 2026 and the replies read two days later.
const CONTEXT = { today: '2026-12-03', requestedOn: '2026-12-01' };

async function readCorpusReply(file: string): Promise<{ kind: ReceivedEmailKind; suggestion: OutcomeSuggestion | null }> {
  const result = await readReceivedEmail(readFileSync(new URL(file, CORPUS)));
  if (result.kind !== 'read') throw new Error(`${file} was refused: ${result.message}`);
  const kind = classifyReceivedEmail(result.email);
  // Machines' messages are never read for an outcome.
  return { kind, suggestion: kind === 'reply' ? suggestOutcome(result.email.visibleText, CONTEXT) : null };
}

describe('the reply corpus', () => {
  it('indexes every message file, at least 60 of them, at least 20 in each language', () => {
    const files = readdirSync(CORPUS).filter((file) => file.endsWith('.eml'));
    expect(Object.keys(INDEX).toSorted()).toEqual(files.toSorted());
    for (const language of ['en', 'sv', 'de']) expect(files.filter((file) => file.startsWith(`${language}-`)).length).toBeGreaterThanOrEqual(20);
    expect(files.length).toBeGreaterThanOrEqual(60);
  });

  it.each(Object.entries(INDEX))('%s: %s', async (file, entry) => {
    expect(await readCorpusReply(file)).toEqual({ kind: entry.kind, suggestion: entry.suggests ? entry.answer : null });
  });

  it('suggests only right outcomes (precision 100 %) and most of the clear ones (coverage in the README)', async () => {
    let made = 0;
    let right = 0;
    let clear = 0;
    for (const [file, entry] of Object.entries(INDEX)) {
      const { suggestion } = await readCorpusReply(file);
      if (entry.answer !== null) clear++;
      if (suggestion !== null) made++;
      if (suggestion !== null && JSON.stringify(suggestion) === JSON.stringify(entry.answer)) right++;
    }
    expect(right / made).toBe(1);
    // The README's figures; update both together.
    expect({ made, right, clear }).toEqual({ made: 55, right: 55, clear: 63 });
  });
});
