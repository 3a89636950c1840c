import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { writeTemplate } from '../../src/db/write-template.ts';
import { awaitsChunk } from '../../src/db/provider-csv.ts';
import { uploadedAnswerWriter } from '../../src/provider-inbox/bulk-answers.ts';
import type { Answer } from '../../src/requests/answer-form.ts';
import { answerWrites } from '../../src/requests/record-answer.ts';
import { testDeps } from '../support/test-deps.ts';

const { deps } = await testDeps();

/** Ids counted up, so two ways of building the same statements can be compared byte for byte. */
const countingIds = () => {
  let n = 0;
  return { ...deps.ids, id: (prefix: string) => `${prefix}_${String(n++).padStart(20, '0')}` };
};

const ANSWERS: Answer[] = [
  { outcome: 'cancelled', date: '2026-12-31', message: null, note: null },
  { outcome: 'already_cancelled', date: '2026-11-01', message: null, note: 'Done by phone' },
  { outcome: 'binding_contract', date: '2027-06-30', message: null, note: null },
  { outcome: 'not_found', date: null, message: null, note: null },
  { outcome: 'other', date: null, message: 'Company "plan", ended\nlast year', note: "Line 2 ' quotes" },
];

describe('an upload\'s answers, compiled once per kind', () => {
  it('are byte for byte the statements answerWrites builds for each answer on its own', () => {
    const planned = [...ANSWERS, ...ANSWERS].map((answer, i) => ({ line: i + 2, requestId: `cr_${i}`, reference: `CD-${i}`, linkId: `ln_${i}`, answer }));
    // Two chunks, so the chunk's number is filled in per row too.
    const write = uploadedAnswerWriter({ ...deps, ids: countingIds() }, 'up_1');
    const bulk = [...write(planned.slice(0, 4), 0), ...write(planned.slice(4), 1)];
    const ids = countingIds();
    const single = planned.map((row, i) =>
      answerWrites({ ...deps, ids }, row.requestId, row.answer, { kind: 'provider', linkId: row.linkId }, { onlyIf: () => awaitsChunk('up_1', i < 4 ? '0' : '1') }),
    );
    expect(bulk.map((r) => r.answerId)).toEqual(single.map((r) => r.stored.id));
    expect(bulk.map((r) => r.writes.map((w) => [w.sql, w.parameters]))).toEqual(single.map((r) => r.writes.map((w) => [w.sql, w.parameters])));
    expect(bulk.map((r) => r.writes.indexOf(r.insert))).toEqual(single.map((r) => r.writes.indexOf(r.insert)));
  });

  it('has no template when a value would shape the SQL, so each row is built on its own', () => {
    const shaped = (values: { table: string }) => ({ writes: [sql`select * from ${sql.table(values.table)}`.compile(deps.db)] });
    expect(writeTemplate(shaped, ['table'])).toBeNull();
  });

  it('has no template when the builder reads a value beyond what it was given as one', () => {
    let calls = 0;
    const drifting = (values: { id: string }) => ({ writes: [sql`select ${values.id}, ${calls++}`.compile(deps.db)] });
    expect(writeTemplate(drifting, ['id'])).toBeNull();
  });
});
