import type { Copy } from '../../src/copy/index.ts';
import type { PlannedAnswer, RefusedRow, RowProblem } from '../../src/provider-inbox/plan-upload.ts';
import { OUTCOME_WORDS } from '../../src/provider-inbox/plan-upload.ts';
import { Layout } from '../layout.tsx';
import { CSV_CSS } from './csv-styles.ts';

/**
 * An uploaded file of answers as we understood it, before anything is recorded: each answer to record,
 * each row that will not be, by its line, and Confirm or Cancel (plain forms: no script).
 */
export function CsvPreviewPage(props: {
  copy: Copy;
  toRecord: PlannedAnswer[];
  refused: RefusedRow[];
  unanswered: number;
  /** Where Confirm and Cancel post; null when there is nothing to confirm. */
  uploadPath: string | null;
  inboxPath: string;
  nonce?: string;
}) {
  const { copy, toRecord, refused } = props;
  const text = copy.csv;
  return (
    <Layout title={text.previewTitle} lang={copy.lang} nonce={props.nonce} css={CSV_CSS}>
      <h1>{text.previewTitle}</h1>
      <p role="status">{text.previewSummary({ toRecord: toRecord.length, problems: refused.length, unanswered: props.unanswered })}</p>
      {refused.length > 0 && (
        <section aria-labelledby="refused-heading">
          <h2 id="refused-heading">{text.problemsHeading}</h2>
          <table class="rows">
            <thead>
              <tr>
                <th scope="col">{text.lineLabel}</th>
                <th scope="col">{copy.form.referenceLabel}</th>
                <th scope="col">{text.problemLabel}</th>
              </tr>
            </thead>
            <tbody>
              {refused.map((row) => (
                <tr>
                  <td>{row.line}</td>
                  <td class="cell">{row.reference}</td>
                  <td class="problem">{row.problems.map((problem) => problemText(copy, problem)).join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {toRecord.length > 0 && (
        <section aria-labelledby="record-heading">
          <h2 id="record-heading">{text.toRecordHeading}</h2>
          <table class="rows">
            <thead>
              <tr>
                <th scope="col">{text.lineLabel}</th>
                <th scope="col">{copy.form.referenceLabel}</th>
                <th scope="col">{text.outcomeLabel}</th>
                <th scope="col">{text.dateLabel}</th>
              </tr>
            </thead>
            <tbody>
              {toRecord.map((row) => (
                <tr>
                  <td>{row.line}</td>
                  <td class="cell">{row.reference}</td>
                  <td>{copy.form.outcomes[row.answer.outcome]}</td>
                  <td>{row.answer.date ? copy.date(row.answer.date) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {props.uploadPath ? (
        <div class="actions">
          <form method="post" action={`${props.uploadPath}/confirm`}>
            <button type="submit">{text.confirm}</button>
          </form>
          <form method="post" action={`${props.uploadPath}/cancel`}>
            <button type="submit" class="secondary">
              {text.cancel}
            </button>
          </form>
        </div>
      ) : (
        <p class="notice">{text.nothingToRecord}</p>
      )}
      <p>
        <a href={props.inboxPath} class="action">
          {text.backToInbox}
        </a>
      </p>
    </Layout>
  );
}

/** What is wrong with a row, in the provider's language; the columns keep their file names. */
function problemText(copy: Copy, problem: RowProblem): string {
  const words = copy.csv.problems;
  switch (problem.kind) {
    case 'no_reference':
      return words.noReference;
    case 'not_yours':
      return words.notYours;
    case 'duplicate':
      return words.duplicate(problem.lines);
    case 'closed':
      return words.closed;
    case 'answer_limit':
      return words.answerLimit;
    case 'outcome':
      return words.outcome(OUTCOME_WORDS);
    case 'field':
      return words.field(problem.field, problem.message);
    case 'unchanged':
      return words.unchanged;
    case 'recorded_before':
      return words.recordedBefore;
  }
}
