import { DAY_MS, isoDay } from '../clock.ts';
import { type Copy, copyFor } from '../copy/index.ts';
import { sha256Hex } from '../crypto.ts';
import {
  dropStalePreviews,
  dropUploadPreview,
  findProviderRequests,
  findUpload,
  findUploadOfFile,
  linesRecordedFromFile,
  markUploadRecorded,
  recordChunk,
  recordedChunks,
  storeUploadPreview,
} from '../db/provider-csv.ts';
import { findProvider } from '../db/providers.ts';
import type { Deps } from '../deps.ts';
import { readReference } from '../ids.ts';
import { readAnswerSheet } from './answer-sheet.ts';
import { uploadedAnswerWriter } from './bulk-answers.ts';
import { readCsv } from './csv-files.ts';
import { type PlannedAnswer, planUpload, type RefusedRow } from './plan-upload.ts';

/** The largest file taken: 2 MiB, about 5,000 rows of the export with answers added. */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
export const MAX_UPLOAD_ROWS = 5000;
/** A preview not confirmed within a day is stale: the requests may have moved on since. */
const PREVIEW_LIFETIME_MS = DAY_MS;
/**
 * Confirm records this many answers per atomic write (4 statements each, plus the chunk's own row: 801
 * statements, one D1 batch). One write of a whole 5,000-row file was 20,001 statements: too much for one
 * D1 batch, which holds the database's only writer for all of it and counts against a Worker's
 * 1,000 queries per invocation (Workers Paid).
 */
export const CONFIRM_CHUNK_ROWS = 200;

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
 * same file (by its bytes) already recorded is said so, and nothing is stored again; of the same file
 * whose Confirm was cut short, the lines it recorded are shown as such and left out.
 */
export async function previewUpload(deps: UploadDeps, providerId: string, file: Uint8Array<ArrayBuffer> | null, attempt = 1): Promise<UploadPreview> {
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
  const [targets, recordedBefore] = await Promise.all([findProviderRequests(deps.db, providerId, references), linesRecordedFromFile(deps.db, providerId, fileHash)]);
  const now = deps.clock.now();
  const plan = planUpload(sheet.rows, targets, { today: isoDay(now), copy, recordedLines: new Set(recordedBefore.lines) });
  if (plan.toRecord.length === 0) return { kind: 'preview', uploadId: null, ...plan, unanswered: sheet.unanswered, copy };

  const uploadId = deps.ids.id('up');
  const preview = storeUploadPreview(deps.db, { id: uploadId, providerId, fileHash, createdAt: now.toISOString(), answers: JSON.stringify(plan.toRecord), chunksSeen: recordedBefore.chunks });
  const changes = await deps.atomic([dropStalePreviews(deps.db, providerId, new Date(now.getTime() - PREVIEW_LIFETIME_MS).toISOString()), preview]);
  if (changes.of(preview) === 0) {
    // Confirmed by someone else between our look and our write: this file is recorded. Or a Confirm of
    // it still running recorded one more chunk: look again, leaving its lines out too.
    const settled = await findUploadOfFile(deps.db, providerId, fileHash);
    if (settled?.recorded_at || attempt >= 3) return { kind: 'already_recorded', recordedAt: settled?.recorded_at ?? now.toISOString(), copy };
    return previewUpload(deps, providerId, file, attempt + 1);
  }
  return { kind: 'preview', uploadId, ...plan, unanswered: sheet.unanswered, copy };
}

/**
 * Records every answer the preview showed, each exactly as the form records one (recordAnswer's
 * statements: its guards, history and webhook), CONFIRM_CHUNK_ROWS answers per atomic write. Each
 * chunk's write ends with the chunk's own row and every statement in it waits for the upload to still
 * be waiting and that row to be absent (awaitsChunk): a chunk is recorded whole and once, a second
 * Confirm (pressed twice, or again after a crash between chunks) skips the chunks recorded and records
 * the rest, a Cancel stops the chunks not yet written. A row whose request changed since the preview
 * (closed, link replaced, answer cap) is refused by its own guard, alone. Once every chunk is recorded
 * the upload is marked recorded; the result names the rows recorded and refused, read back from the
 * chunks' rows, so it is the same whichever Confirm wrote them.
 */
export async function confirmUpload(deps: UploadDeps, providerId: string, uploadId: string): Promise<UploadConfirmation> {
  const copy = await providerCopy(deps, providerId);
  const upload = await findUpload(deps.db, providerId, uploadId);
  if (!upload) return { kind: 'gone', copy };
  if (upload.recorded_at) return { kind: 'already_recorded', recordedAt: upload.recorded_at, copy };
  const now = deps.clock.now();
  if (now.getTime() - Date.parse(upload.created_at) > PREVIEW_LIFETIME_MS) return { kind: 'gone', copy };

  const planned = JSON.parse(upload.answers) as PlannedAnswer[];
  const done = new Set((await recordedChunks(deps.db, uploadId)).map((recorded) => recorded.chunk));
  const writer = uploadedAnswerWriter(deps, uploadId);
  for (let chunk = 0; chunk * CONFIRM_CHUNK_ROWS < planned.length; chunk++) {
    if (done.has(chunk)) continue;
    const rows = planned.slice(chunk * CONFIRM_CHUNK_ROWS, (chunk + 1) * CONFIRM_CHUNK_ROWS);
    const recordings = writer(rows, chunk);
    // Last: it ends `awaitsChunk`, which every answer's statements wait for.
    const marker = recordChunk(deps.db, { uploadId, chunk, providerId, fileHash: upload.file_hash, at: now.toISOString(), answers: recordings.map((recording, i) => [recording.answerId, rows[i]!.line]) });
    const changes = await deps.atomic([...recordings.flatMap((recording) => recording.writes), marker]);
    if (changes.of(marker) === 0) {
      // Another Confirm recorded this chunk meanwhile (go on with the next), or the upload was
      // cancelled, replaced by a new upload of the file, or recorded whole (stop).
      const current = await findUpload(deps.db, providerId, uploadId);
      if (current?.recorded_at) return { kind: 'already_recorded', recordedAt: current.recorded_at, copy };
      if (!current) return { kind: 'gone', copy };
    }
    deps.wakeSender();
  }

  const changes = await deps.atomic([markUploadRecorded(deps.db, uploadId, now.toISOString())]);
  if (changes.counts[0] === 0) {
    const settled = await findUpload(deps.db, providerId, uploadId);
    return settled?.recorded_at ? { kind: 'already_recorded', recordedAt: settled.recorded_at, copy } : { kind: 'gone', copy };
  }
  const recorded = new Set((await recordedChunks(deps.db, uploadId)).flatMap((chunk) => chunk.lines));
  return { kind: 'recorded', recorded: planned.filter((row) => recorded.has(row.line)), refused: planned.filter((row) => !recorded.has(row.line)), copy };
}

/** Cancel: the preview is forgotten and nothing of it is recorded. */
export async function cancelUpload(deps: Pick<Deps, 'db' | 'atomic'>, providerId: string, uploadId: string): Promise<{ copy: Copy }> {
  await deps.atomic([dropUploadPreview(deps.db, providerId, uploadId)]);
  return { copy: await providerCopy(deps, providerId) };
}
