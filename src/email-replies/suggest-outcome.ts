import { addDays } from '../clock.ts';
import type { DatedOutcome } from '../outcome.ts';
import { BOUNDS } from '../requests/answer-form.ts';
import { calendarDate, type YearSense } from './calendar-dates.ts';
import { ON_DATE, UNTIL_DATE } from './date-cues.ts';
import { ASKS_BACK, COURTESIES, HEDGES, NEGATED_BEFORE, NEGATION } from './doubts.ts';
import { ALREADY_CANCELLED, BINDING_CONTRACT, CANCELLED, NOT_FOUND, NOT_FOUND_HINTS, REFUSALS } from './outcome-phrases.ts';
import { writtenDates } from './written-dates.ts';

/** What support is offered to accept in one click; `other` is never suggested (its message is the provider's). */
export type OutcomeSuggestion = { outcome: DatedOutcome; date: string } | { outcome: 'not_found' };
type StatedOutcome = OutcomeSuggestion['outcome'];

/** A short answer states its outcome in a few lines; a long text is for support to read. */
const MAX_READ_CHARS = 3000;
/** An unmatched reply's request was sent at most one reply window (≤ 365 days) ago. */
const OLDEST_REQUEST_DAYS = 366;

const YEAR_SENSE: Record<DatedOutcome, YearSense> = { cancelled: 'nearest', already_cancelled: 'last', binding_contract: 'next' };

/**
 * Reads a reply's visible text for one of the outcomes of SPEC §4, preferring no suggestion to a wrong
 * one: a question back, a hedge, two outcomes, a refusal beside "cancelled", or a missing, ambiguous
 * or senseless date each give null. It only suggests; support accepts or not.
 */
export function suggestOutcome(
  visibleText: string,
  context: { today: string; requestedOn?: string },
): OutcomeSuggestion | null {
  // Measured before and after tidying, so a long text is never worked on at all.
  if (visibleText.length > 2 * MAX_READ_CHARS) return null;
  const text = COURTESIES.reduce((rest, courtesy) => rest.replace(everywhere(courtesy), ' '), readable(visibleText));
  if (text === '' || text.length > MAX_READ_CHARS) return null;
  if ([...ASKS_BACK, ...HEDGES].some((phrase) => phrase.test(text))) return null;
  const outcome = statedOutcome(text);
  if (outcome === null) return null;
  if (outcome === 'not_found') return { outcome };
  const date = dateOf(outcome, text, context);
  return date === null ? null : { outcome, date };
}

function statedOutcome(text: string): StatedOutcome | null {
  const already = said(text, ALREADY_CANCELLED);
  const { rest: plain, found: refused } = consume(consume(text, ALREADY_CANCELLED).rest, REFUSALS);
  const cancelled = said(plain, CANCELLED);
  const binding = said(text, BINDING_CONTRACT);
  // "Could not be cancelled" beside "has been cancelled": which one is true is for a person to read.
  if ([already, cancelled, binding].includes('negated') || (cancelled === 'said' && refused)) return null;
  const stated = new Set<StatedOutcome>();
  if (already === 'said') stated.add('already_cancelled');
  if (cancelled === 'said') stated.add('cancelled');
  if (binding === 'said') stated.add('binding_contract');
  if (NOT_FOUND.some((phrase) => phrase.test(text))) stated.add('not_found');
  else if (NOT_FOUND_HINTS.some((phrase) => phrase.test(text))) return null;
  return stated.size === 1 ? [...stated][0]! : null;
}

/** Whether any of the phrases is in the text, and whether a negation turns one around. */
function said(text: string, phrases: RegExp[]): 'said' | 'negated' | 'absent' {
  let found: 'said' | 'absent' = 'absent';
  for (const phrase of phrases) {
    for (const match of text.matchAll(everywhere(phrase))) {
      if (NEGATION.test(match[0]) || NEGATED_BEFORE.test(text.slice(0, match.index))) return 'negated';
      found = 'said';
    }
  }
  return found;
}

/** Blanks out every phrase of a kind, so the plainer phrases read only what is left. */
function consume(text: string, phrases: RegExp[]): { rest: string; found: boolean } {
  let rest = text;
  for (const phrase of phrases) rest = rest.replace(everywhere(phrase), ' | ');
  return { rest, found: rest !== text };
}

const everywhere = (phrase: RegExp): RegExp => new RegExp(phrase, 'gu');

/** The one date the text gives for the outcome, introduced as such ("until …", "on …"), if it makes sense. */
function dateOf(outcome: DatedOutcome, text: string, context: { today: string; requestedOn?: string }): string | null {
  const introduced = outcome === 'already_cancelled' ? ON_DATE : UNTIL_DATE;
  const dates = new Set(
    writtenDates(text)
      .filter((written) => introduced.test(text.slice(0, written.start)))
      .map((written) => calendarDate(written, YEAR_SENSE[outcome], context.today)),
  );
  const [date] = dates;
  if (dates.size !== 1 || date === null || date === undefined) return null;
  const requestedOn = context.requestedOn ?? addDays(context.today, -OLDEST_REQUEST_DAYS);
  const { earliest, latest } = BOUNDS[outcome]({ today: context.today, requestedOn });
  return date >= earliest && date <= latest ? date : null;
}

/** Lower case, one kind of apostrophe, single spaces, no links (a `?` in a URL is no question). */
function readable(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/\bhttps?:\/\/\S+/g, ' ')
    .replace(/[’‘]/g, "'")
    .replace(/[*_]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
