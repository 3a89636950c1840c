import { DAY_MS, isoDay } from '../clock.ts';
import { type Copy, copyFor } from '../copy/index.ts';
import { sha256Hex } from '../crypto.ts';
import {
  dropStalePreviews,
  dropUploadPreview,
  findProviderRequests,
  findUpload,
  findUploadOfFile,
  markUploadRecorded,
  storeUploadPreview,
} from '../db/provider-csv.ts';
import { findProvider } from '../db/providers.ts';
import type { Deps } from '../deps.ts';
import { readReference } from '../ids.ts';
import { readAnswerSheet } from './answer-sheet.ts';
import { uploadedAnswerWrites } from './bulk-answers.ts';
import { readCsv } from './csv-files.ts';
import { type PlannedAnswer, planUpload, type RefusedRow } from './plan-upload.ts';

/** The largest file taken: 2 MiB, about 5,000 rows of the export with answers added. */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
export const MAX_UPLOAD_ROWS = 5000;
/** A preview not confirmed within a day is stale: the requests may have moved on since. */
const PREVIEW_LIFETIME_MS = DAY_MS;

export type FileProblem = 'no_file' | 'too_large' | 'too_many_rows' | 'not_utf8' | 'not_csv' | 'missing_columns';

export type UploadPreview =
  | { kind: 'file_problem'; problem: FileProblem; line?: number; columns?: string[]; copy: Copy }
  | { kind: 'already_recorded'; recordedAt: string; copy: Copy }
  | { kind: 'preview'; uploadId: string | null; toRecord: PlannedAnswer[]; refused: RefusedRow[]; unanswered: number; copy: Copy };

export type UploadConfirmation =
  | { kind: 'gone'; copy: Copy }
  | { kind: 'already_recorded'; recordedAt: string; copy: Copy }
  | { kind: 'recorded'; recorded: PlannedAnswer[]; refused: PlannedAnswer[]; copy: Copy };

type UploadDeps = Pick<Deps, 'db' | 'atomic' | 'clock' | 'ids' | 'wakeSender'>;

/** The provider's language, for every page about its uploads. */
export async function providerCopy(deps: Pick<Deps, 'db'>, providerId: string): Promise<Copy> {
  return copyFor((await findProvider(deps.db, providerId))?.locale ?? 'en');
}

/**
 * Reads an uploaded file of answers and stores what Confirm would record, recording nothing yet. The
 * same file (by its bytes) already recorded is said so, and nothing is stored again.
 */
export async function previewUpload(deps: UploadDeps, providerId: string, file: Uint8Array<ArrayBuffer> | null): Promise<UploadPreview> {
  const copy = await providerCopy(deps, providerId);
  if (!file || file.byteLength === 0) return { kind: 'file_problem', problem: 'no_file', copy };
  if (file.byteLength > MAX_UPLOAD_BYTES) return { kind: 'file_problem', problem: 'too_large', copy };
  const fileHash = await sha256Hex(file);
  const earlier = await findUploadOfFile(deps.db, providerId, fileHash);
  if (earlier?.recorded_at) return { kind: 'already_recorded', recordedAt: earlier.recorded_at, copy };

  const text = readCsv(file, MAX_UPLOAD_ROWS);
  if (text.kind === 'not_csv') return { kind: 'file_problem', problem: 'not_csv', line: text.line, copy };
  if (text.kind !== 'records') return { kind: 'file_problem', problem: text.kind, copy };
  const sheet = readAnswerSheet(text.records);
  if (sheet.kind === 'missing_columns') return { kind: 'file_problem', problem: 'missing_columns', columns: sheet.columns, copy };

  const references = [...new Set(sheet.rows.map((row) => readReference(row.reference)).filter((reference) => reference !== null))];
  const targets = await findProviderRequests(deps.db, providerId, references);
  const now = deps.clock.now();
  const plan = planUpload(sheet.rows, targets, { today: isoDay(now), copy });
  if (plan.toRecord.length === 0) return { kind: 'preview', uploadId: null, ...plan, unanswered: sheet.unanswered, copy };

  const uploadId = deps.ids.id('up');
  const preview = storeUploadPreview(deps.db, { id: uploadId, providerId, fileHash, createdAt: now.toISOString(), answers: JSON.stringify(plan.toRecord) });
  const changes = await deps.atomic([dropStalePreviews(deps.db, providerId, new Date(now.getTime() - PREVIEW_LIFETIME_MS).toISOString()), preview]);
  // Confirmed by someone else between our look and our write: this file is recorded.
  if (changes.of(preview) === 0) return { kind: 'already_recorded', recordedAt: (await findUploadOfFile(deps.db, providerId, fileHash))?.recorded_at ?? now.toISOString(), copy };
  return { kind: 'preview', uploadId, ...plan, unanswered: sheet.unanswered, copy };
}

/**
 * Records every answer the preview showed, each exactly as the form records one (recordAnswer's
 * statements: its guards, history and webhook), in one atomic unit that also waits for the upload to
 * still be waiting and then marks it recorded: a second Confirm, or a Confirm racing a Cancel, records
 * nothing. A row whose request changed since the preview (closed, link replaced, answer cap) is refused
 * by its own guard, alone.
 */
export async function confirmUpload(deps: UploadDeps, providerId: string, uploadId: string): Promise<UploadConfirmation> {
  const copy = await providerCopy(deps, providerId);
  const upload = await findUpload(deps.db, providerId, uploadId);
  if (!upload) return { kind: 'gone', copy };
  if (upload.recorded_at) return { kind: 'already_recorded', recordedAt: upload.recorded_at, copy };
  const now = deps.clock.now();
  if (now.getTime() - Date.parse(upload.created_at) > PREVIEW_LIFETIME_MS) return { kind: 'gone', copy };

  const planned = JSON.parse(upload.answers) as PlannedAnswer[];
  const recordings = uploadedAnswerWrites(deps, planned, uploadId);
  // Last: it ends `awaitsConfirm`, which every answer's statements wait for.
  const mark = markUploadRecorded(deps.db, uploadId, now.toISOString());
  const changes = await deps.atomic([...recordings.flatMap((recording) => recording.writes), mark]);
  if (changes.of(mark) === 0) {
    const settled = await findUpload(deps.db, providerId, uploadId);
    return settled?.recorded_at ? { kind: 'already_recorded', recordedAt: settled.recorded_at, copy } : { kind: 'gone', copy };
  }
  deps.wakeSender();
  // Positions, not changes.of: looking each insert up among 20,000 statements is quadratic.
  let offset = 0;
  const stored = recordings.map((recording) => {
    const at = offset + recording.writes.indexOf(recording.insert);
    offset += recording.writes.length;
    return changes.counts[at] === 1;
  });
  return { kind: 'recorded', recorded: planned.filter((_, i) => stored[i]), refused: planned.filter((_, i) => !stored[i]), copy };
}

/** Cancel: the preview is forgotten and nothing of it is recorded. */
export async function cancelUpload(deps: Pick<Deps, 'db' | 'atomic'>, providerId: string, uploadId: string): Promise<{ copy: Copy }> {
  await deps.atomic([dropUploadPreview(deps.db, providerId, uploadId)]);
  return { copy: await providerCopy(deps, providerId) };
}
