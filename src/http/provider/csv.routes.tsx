import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { CsvMessagePage } from '../../../views/provider/csv-message.tsx';
import { CsvPreviewPage } from '../../../views/provider/csv-preview.tsx';
import type { Copy } from '../../copy/index.ts';
import type { Deps } from '../../deps.ts';
import {
  cancelUpload,
  confirmUpload,
  type FileProblem,
  MAX_UPLOAD_BYTES,
  MAX_UPLOAD_ROWS,
  previewUpload,
  providerCopy,
} from '../../provider-inbox/answer-upload.ts';
import { openRequestsCsv } from '../../provider-inbox/open-requests-csv.ts';
import { type PageEnv, pageForm, pageHeaders } from '../pages.ts';
import type { InboxEnv } from './inbox-link-check.ts';

/** What the inbox link's middleware, mounted before these routes, has proven; these read only `inboxProviderId`. */
export type ProviderInboxEnv = InboxEnv;

/** The file plus multipart's own framing (boundaries, part headers): the body may be this much larger. */
const UPLOAD_BODY_LIMIT = MAX_UPLOAD_BYTES + 16 * 1024;

const STATUS_OF_FILE_PROBLEM: Record<FileProblem, 413 | 422> = {
  no_file: 422,
  too_large: 413,
  too_many_rows: 422,
  not_utf8: 422,
  not_csv: 422,
  missing_columns: 422,
};

/**
 * The provider's CSV out and in, mounted under its verified inbox link (`/provider/<token>`): the open
 * requests as a file, and a file of answers uploaded, previewed, then confirmed or cancelled. Every
 * handler acts for `c.var.inboxProviderId` alone, which the link's middleware sets.
 */
export function providerCsvRoutes(deps: Deps) {
  const app = new Hono<ProviderInboxEnv>();
  app.use(pageHeadersOnce());

  app.get('/open.csv', async (c) => {
    const { filename, csv } = await openRequestsCsv(deps, c.var.inboxProviderId);
    // The page headers already say no-store and no-referrer; a download repeats them, as it may be served alone.
    return c.body(csv, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
    });
  });

  const refused = async (c: Context<ProviderInboxEnv>) => {
    const copy = await providerCopy(deps, c.var.inboxProviderId);
    return messagePage(c, copy, copy.csv.fileProblems.title, [copy.csv.fileProblems.refused], 403);
  };
  const tooLarge = async (c: Context<ProviderInboxEnv>) => filePage(c, await providerCopy(deps, c.var.inboxProviderId), 'too_large');
  // Safe methods pass both checks untouched, so they can wrap the paths whole.
  app.use('/answers.csv', ...pageForm<ProviderInboxEnv>(deps.config.publicUrl, { refused, tooLarge }, UPLOAD_BODY_LIMIT));
  app.use('/answers.csv/:uploadId/*', ...pageForm<ProviderInboxEnv>(deps.config.publicUrl, { refused, tooLarge }));

  app.post('/answers.csv', async (c) => {
    const preview = await previewUpload(deps, c.var.inboxProviderId, await uploadedFile(c));
    switch (preview.kind) {
      case 'file_problem':
        return filePage(c, preview.copy, preview.problem, preview);
      case 'already_recorded':
        return messagePage(c, preview.copy, preview.copy.csv.result.alreadyRecordedTitle, [preview.copy.csv.result.alreadyRecorded(preview.copy.date(preview.recordedAt.slice(0, 10)))]);
      case 'preview':
        return c.html(
          <CsvPreviewPage
            copy={preview.copy}
            toRecord={preview.toRecord}
            refused={preview.refused}
            unanswered={preview.unanswered}
            uploadPath={preview.uploadId && `${c.req.path}/${preview.uploadId}`}
            inboxPath={inboxPathOf(c)}
            nonce={c.var.secureHeadersNonce}
          />,
        );
    }
  });

  app.post('/answers.csv/:uploadId/confirm', async (c) => {
    const confirmation = await confirmUpload(deps, c.var.inboxProviderId, c.req.param('uploadId'));
    const { result } = confirmation.copy.csv;
    switch (confirmation.kind) {
      case 'gone':
        return messagePage(c, confirmation.copy, result.goneTitle, [result.gone], 410);
      case 'already_recorded':
        return messagePage(c, confirmation.copy, result.alreadyRecordedTitle, [result.alreadyRecorded(confirmation.copy.date(confirmation.recordedAt.slice(0, 10)))]);
      case 'recorded': {
        const refusedReferences = confirmation.refused.map((row) => row.reference).join(', ');
        return messagePage(c, confirmation.copy, result.title, [result.recorded(confirmation.recorded.length), ...(refusedReferences ? [result.refused(refusedReferences)] : [])]);
      }
    }
  });

  app.post('/answers.csv/:uploadId/cancel', async (c) => {
    const { copy } = await cancelUpload(deps, c.var.inboxProviderId, c.req.param('uploadId'));
    return messagePage(c, copy, copy.csv.result.cancelledTitle, [copy.csv.result.cancelled]);
  });
  return app;
}

/** The uploaded `file` field's bytes; null when the body is not a multipart form with a file in it. */
async function uploadedFile(c: Context): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!/^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '')) return null;
  try {
    const body = await c.req.parseBody();
    return body.file instanceof File ? new Uint8Array(await body.file.arrayBuffer()) : null;
  } catch {
    // A broken multipart body makes Hono throw: that is a missing file, not a 500.
    return null;
  }
}

/** The inbox page these routes hang under: the mount point, whatever the lead named it. */
const inboxPathOf = (c: Context): string => c.req.path.replace(/\/(answers\.csv|open\.csv)(\/.*)?$/, '');

function filePage(c: Context<ProviderInboxEnv>, copy: Copy, problem: FileProblem, details: { line?: number; columns?: string[] } = {}) {
  const words = copy.csv.fileProblems;
  const line = {
    no_file: words.noFile,
    too_large: words.tooLarge(MAX_UPLOAD_BYTES / 1024 / 1024),
    too_many_rows: words.tooManyRows(MAX_UPLOAD_ROWS.toLocaleString(copy.lang)),
    not_utf8: words.notUtf8,
    not_csv: words.notCsv(details.line ?? 1),
    missing_columns: words.missingColumns((details.columns ?? []).join(', ')),
  }[problem];
  return messagePage(c, copy, words.title, [line], STATUS_OF_FILE_PROBLEM[problem]);
}

const messagePage = (c: Context<ProviderInboxEnv>, copy: Copy, title: string, lines: string[], status: 200 | 403 | 410 | 413 | 422 = 200) =>
  c.html(<CsvMessagePage copy={copy} title={title} lines={lines} inboxPath={inboxPathOf(c)} nonce={c.var.secureHeadersNonce} />, status);

/**
 * The page headers (CSP with a nonce, no-referrer, no-store), unless the inbox app mounting these
 * routes already applies them: a second CSP would carry another nonce and block the page's style.
 */
function pageHeadersOnce(): MiddlewareHandler<ProviderInboxEnv> {
  const [secure, neverStored] = pageHeaders<ProviderInboxEnv>();
  return async function pageHeadersOnce(c, next) {
    if (c.var.secureHeadersNonce) return next();
    return secure!(c, () => neverStored!(c, next) as Promise<void>) as Promise<Response | void>;
  };
}
