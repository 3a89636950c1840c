import type { Write } from '../db/atomic.ts';
import { awaitsChunk } from '../db/provider-csv.ts';
import { writeTemplate } from '../db/write-template.ts';
import type { Deps } from '../deps.ts';
import type { Answer } from '../requests/answer-form.ts';
import { answerWrites } from '../requests/record-answer.ts';
import type { PlannedAnswer } from './plan-upload.ts';

const VALUES = ['requestId', 'linkId', 'date', 'message', 'note', 'answerId', 'messageId', 'eventId', 'chunk'] as const;
type Values = Record<(typeof VALUES)[number], string>;

/** One planned answer's statements; `insert` changed a row exactly when the answer was recorded. */
export interface UploadedAnswerWrites {
  answerId: string;
  writes: Write[];
  insert: Write;
}

/**
 * Each planned answer's statements, exactly recordAnswer's (answerWrites: the answer, the outcome, the
 * app's webhook, the history entry, all behind the form's guards) plus the upload's own guard: the
 * upload still waits for Confirm and the answer's chunk is not recorded yet (awaitsChunk). Returns a
 * writer for one chunk after another of this upload, all at the same moment. answerWrites is compiled
 * once per kind of answer (its outcome and which texts it has) and filled in per row; where that cannot
 * be proven exact, each row is built on its own.
 */
export function uploadedAnswerWriter(deps: Pick<Deps, 'db' | 'clock' | 'ids'>, uploadId: string): (planned: PlannedAnswer[], chunk: number) => UploadedAnswerWrites[] {
  const now = deps.clock.now();
  const build = (answer: Answer, values: Values) => {
    const ids: Record<string, string> = { an: values.answerId, msg: values.messageId, ev: values.eventId };
    const fixed = {
      db: deps.db,
      clock: { now: () => now },
      ids: { ...deps.ids, id: (prefix: string) => ids[prefix] ?? unknownPrefix(prefix) },
    };
    const shaped: Answer = {
      outcome: answer.outcome,
      date: answer.date === null ? null : values.date,
      message: answer.message === null ? null : values.message,
      note: answer.note === null ? null : values.note,
    };
    return answerWrites(fixed, values.requestId, shaped, { kind: 'provider', linkId: values.linkId }, { onlyIf: () => awaitsChunk(uploadId, values.chunk) });
  };

  const templates = new Map<string, ReturnType<typeof templateFor>>();
  const templateFor = (answer: Answer) => {
    try {
      const template = writeTemplate((values: Values) => build(answer, values), VALUES);
      return template && { fill: template.fill, insertAt: template.shape.writes.indexOf(template.shape.insert) };
    } catch {
      return null;
    }
  };
  return (planned, chunk) =>
    planned.map(({ requestId, linkId, answer }) => {
      const values: Values = {
        requestId,
        linkId,
        date: answer.date ?? '',
        message: answer.message ?? '',
        note: answer.note ?? '',
        answerId: deps.ids.id('an'),
        messageId: deps.ids.id('msg'),
        eventId: deps.ids.id('ev'),
        chunk: String(chunk),
      };
      const kind = `${answer.outcome}/${answer.date === null}/${answer.message === null}/${answer.note === null}`;
      let template = templates.get(kind);
      if (template === undefined) templates.set(kind, (template = templateFor(answer)));
      const writes = template && fillOrNull(template.fill, values);
      const recording = writes ? { writes, insert: writes[template!.insertAt]! } : build(answer, values);
      return { answerId: values.answerId, writes: recording.writes, insert: recording.insert };
    });
}

function fillOrNull(fill: (values: Values) => Write[], values: Values): Write[] | null {
  try {
    return fill(values);
  } catch {
    return null;
  }
}

const unknownPrefix = (prefix: string): never => {
  throw new Error(`answerWrites asked for an id with the unknown prefix "${prefix}"`);
};
