import { z } from 'zod';
import { addDays } from '../clock.ts';
import type { Copy } from '../copy/index.ts';
import { DATED_OUTCOMES, type DatedOutcome, isDated, isOutcome, type OutcomeType } from '../outcome.ts';
import { hasInvisibleCharacters } from '../validation.ts';

/** What a reply form posts (SPEC §4): `date` may come once (other clients) or once per dated outcome (our form). */
export interface AnswerFormInput {
  outcome?: string;
  dates: string[];
  message?: string;
  note?: string;
}

/** A valid answer, ready to store. `message` and `note` are support-only. */
export interface Answer {
  outcome: OutcomeType;
  date: string | null;
  message: string | null;
  note: string | null;
}

export type AnswerField = 'outcome' | 'date' | 'message' | 'note';

/** What the provider typed, kept to put back into the form next to the errors. */
export interface AnswerFormValues {
  outcome: OutcomeType | null;
  /** Each dated outcome's own date field, so a form sent back shows every date where it was typed. */
  dates: Record<DatedOutcome, string>;
  message: string;
  note: string;
}

export type ParsedAnswer =
  | { kind: 'parsed'; answer: Answer }
  | { kind: 'invalid'; fields: Partial<Record<AnswerField, string>>; values: AnswerFormValues };

export const TEXT_MAX = 2000;
/** Built once: a CSV upload checks 5,000 dates in one go. */
const ISO_DATE = z.iso.date();
/** Nobody cancelled a subscription through us before this day. */
const EARLIEST_CANCELLATION = '2000-01-01';

/**
 * Checks an answer for sense against the request. `today` is in UTC while the provider may be a day
 * ahead or behind, so every "not in the past/future" bound allows one day either way.
 */
export function parseAnswerForm(
  input: AnswerFormInput,
  context: { today: string; requestedOn: string },
  copy: Copy,
): ParsedAnswer {
  const outcome = isOutcome(input.outcome) ? input.outcome : null;
  const values: AnswerFormValues = {
    outcome,
    dates: datesByOutcome(input.dates, outcome),
    message: cleanText(input.message),
    note: cleanText(input.note),
  };
  const date = outcome && isDated(outcome) ? values.dates[outcome] : '';
  const fields: Partial<Record<AnswerField, string>> = {};

  if (!outcome) fields.outcome = copy.form.errors.chooseOutcome;
  if (outcome && isDated(outcome)) {
    const problem = dateProblem(outcome, date, context, copy);
    if (problem) fields.date = problem;
  }
  if (outcome === 'other') {
    const problem = values.message === '' ? copy.form.errors.messageMissing : textProblem(values.message, copy);
    if (problem) fields.message = problem;
  }
  const noteProblem = textProblem(values.note, copy);
  if (noteProblem) fields.note = noteProblem;

  if (!outcome || Object.keys(fields).length > 0) return { kind: 'invalid', fields, values };
  return {
    kind: 'parsed',
    answer: {
      outcome,
      date: isDated(outcome) ? date : null,
      // A message typed for "other" before the provider chose another outcome is not theirs to send.
      message: outcome === 'other' ? values.message : null,
      note: values.note || null,
    },
  };
}

/**
 * Our form has one date input per dated outcome, all named `date` and posted in that order (the
 * hidden ones too, when CSS hides them): the one beside the chosen outcome is the answer. Any other
 * client posts a single `date`, which belongs to the outcome it chose.
 */
function datesByOutcome(posted: string[], outcome: OutcomeType | null): Record<DatedOutcome, string> {
  const dates = { cancelled: '', already_cancelled: '', binding_contract: '' };
  if (posted.length === DATED_OUTCOMES.length) {
    DATED_OUTCOMES.forEach((dated, i) => (dates[dated] = posted[i]!.trim()));
  } else if (outcome && isDated(outcome)) {
    dates[outcome] = posted.find((d) => d.trim() !== '')?.trim() ?? '';
  }
  return dates;
}

function dateProblem(
  outcome: keyof typeof BOUNDS,
  date: string,
  context: { today: string; requestedOn: string },
  copy: Copy,
): string | null {
  if (date === '') return copy.form.errors.dateMissing;
  // zod's ISO date knows month lengths and leap years; `new Date('2025-02-29')` would roll over instead.
  if (!ISO_DATE.safeParse(date).success) return copy.form.errors.dateInvalid;
  const { earliest, latest } = BOUNDS[outcome](context);
  if (date < earliest) {
    if (outcome === 'cancelled') return copy.form.errors.accessBeforeRequest(copy.date(context.requestedOn));
    if (outcome === 'binding_contract') return copy.form.errors.contractEnded;
    return copy.form.errors.cancelledTooLongAgo(copy.date(earliest));
  }
  if (date > latest) {
    return outcome === 'already_cancelled' ? copy.form.errors.cancelledInFuture : copy.form.errors.tooFarAhead(copy.date(latest));
  }
  return null;
}

/** The sensible range of each outcome's date; year 0001 and 9999 fall outside every one of them. */
export const BOUNDS = {
  cancelled: ({ today, requestedOn }: { today: string; requestedOn: string }) => ({
    earliest: addDays(requestedOn, -1),
    latest: addDays(today, 5 * 366),
  }),
  already_cancelled: ({ today }: { today: string }) => ({ earliest: EARLIEST_CANCELLATION, latest: addDays(today, 1) }),
  binding_contract: ({ today }: { today: string }) => ({ earliest: addDays(today, -1), latest: addDays(today, 10 * 366) }),
};

function textProblem(text: string, copy: Copy): string | null {
  if ([...text].length > TEXT_MAX) return copy.form.errors.tooLong(TEXT_MAX);
  if (hasInvisibleCharacters(text, { multiline: true })) return copy.form.errors.invisibleCharacters;
  return null;
}

/** NFC, one kind of line break, tabs as spaces, no surrounding blanks: free text is stored as support will read it. */
const cleanText = (text: string | undefined): string => (text ?? '').normalize('NFC').replace(/\r\n?/g, '\n').replace(/\t/g, ' ').trim();
