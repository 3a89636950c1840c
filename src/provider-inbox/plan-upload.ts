import type { Copy } from '../copy/index.ts';
import type { UploadTargetRow } from '../db/provider-csv.ts';
import { readReference } from '../ids.ts';
import { isOutcome, OUTCOMES } from '../outcome.ts';
import { type Answer, type AnswerField, parseAnswerForm } from '../requests/answer-form.ts';
import { MAX_PROVIDER_ANSWERS } from '../requests/record-answer.ts';
import type { SheetRow } from './answer-sheet.ts';

/** A row Confirm will record: the answer as the form would store it, and the request's link it answers through. */
export interface PlannedAnswer {
  line: number;
  requestId: string;
  reference: string;
  linkId: string;
  answer: Answer;
}

/** Why a row is not recorded. `not_yours` covers an unknown reference and another provider's alike. */
export type RowProblem =
  | { kind: 'no_reference' }
  | { kind: 'not_yours' }
  | { kind: 'duplicate'; lines: number[] }
  | { kind: 'closed' }
  | { kind: 'answer_limit' }
  | { kind: 'outcome' }
  | { kind: 'field'; field: Exclude<AnswerField, 'outcome'>; message: string }
  | { kind: 'unchanged' }
  | { kind: 'recorded_before' };

export interface RefusedRow {
  line: number;
  reference: string;
  problems: RowProblem[];
}

export interface UploadPlan {
  toRecord: PlannedAnswer[];
  refused: RefusedRow[];
}

/**
 * Decides, row by row, what an upload would record: each row checked exactly as the form checks an
 * answer (parseAnswerForm, in the provider's language), against the provider's own request of that
 * reference. `targets` holds only the provider's requests, so another provider's reference reads as
 * unknown, and the row says no more than that. `recordedLines` are the lines an earlier, interrupted
 * Confirm of the same file recorded.
 */
export function planUpload(rows: SheetRow[], targets: UploadTargetRow[], context: { today: string; copy: Copy; recordedLines?: ReadonlySet<number> }): UploadPlan {
  const byReference = new Map(targets.map((target) => [target.reference, target]));
  const linesOf = new Map<string, number[]>();
  for (const row of rows) {
    const reference = readReference(row.reference);
    if (reference) linesOf.set(reference, [...(linesOf.get(reference) ?? []), row.line]);
  }

  const plan: UploadPlan = { toRecord: [], refused: [] };
  for (const row of rows) {
    const reference = readReference(row.reference);
    const refuse = (...problems: RowProblem[]) => plan.refused.push({ line: row.line, reference: row.reference, problems });
    // An earlier Confirm of this very file recorded this line before it was cut short: never twice.
    if (context.recordedLines?.has(row.line)) {
      refuse({ kind: 'recorded_before' });
      continue;
    }
    if (row.reference === '') {
      refuse({ kind: 'no_reference' });
      continue;
    }
    const target = reference ? byReference.get(reference) : undefined;
    if (!reference || !target) {
      refuse({ kind: 'not_yours' });
      continue;
    }
    // Two answers to one request in one file: which one is meant is not ours to guess.
    const lines = linesOf.get(reference)!;
    if (lines.length > 1) {
      refuse({ kind: 'duplicate', lines });
      continue;
    }
    if (target.closed_at) {
      refuse({ kind: 'closed' });
      continue;
    }
    if ((target.answers ?? 0) >= MAX_PROVIDER_ANSWERS) {
      refuse({ kind: 'answer_limit' });
      continue;
    }
    const outcome = row.outcome.toLowerCase();
    const parsed = parseAnswerForm(
      { outcome, dates: [row.date], message: row.message, note: row.note },
      { today: context.today, requestedOn: target.created_at.slice(0, 10) },
      context.copy,
    );
    if (parsed.kind === 'invalid') {
      const problems: RowProblem[] = isOutcome(outcome) ? [] : [{ kind: 'outcome' }];
      for (const field of ['date', 'message', 'note'] as const) {
        const message = parsed.fields[field];
        if (message) problems.push({ kind: 'field', field, message });
      }
      refuse(...problems);
      continue;
    }
    if (sameAsLatest(parsed.answer, target)) {
      refuse({ kind: 'unchanged' });
      continue;
    }
    plan.toRecord.push({ line: row.line, requestId: target.id, reference: target.reference, linkId: target.link_id, answer: parsed.answer });
  }
  return plan;
}

/** The words the outcome column takes: the API's. */
export const OUTCOME_WORDS = OUTCOMES.join(', ');

/** An answer that says what the latest one already says changes nothing an app or support would see. */
const sameAsLatest = (answer: Answer, target: UploadTargetRow): boolean =>
  target.latest_outcome === answer.outcome && target.latest_date === answer.date && (answer.outcome !== 'other' || target.latest_message === answer.message);
