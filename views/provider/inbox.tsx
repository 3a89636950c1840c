import type { Inbox, InboxRow } from '../../src/provider-inbox/inbox.ts';
import { Layout } from '../layout.tsx';
import { REPLY_CSS } from '../reply/request-summary.tsx';

/**
 * The provider's inbox: every open request, oldest first, each with a link to its own reply form (the
 * whole form, with its error summary, fits a phone; a row cannot), the ones answered lately apart for
 * corrections, and the place for the CSV file. Links and forms only: nothing runs, nothing submits itself.
 */
export function InboxPage({ inbox, path, nonce }: { inbox: Inbox; path: string; nonce?: string }) {
  const text = inbox.copy.inbox;
  const { page } = inbox;
  const to = page.from + page.rows.length - 1;
  return (
    <Layout title={text.title({ providerName: inbox.providerName })} lang={inbox.locale} nonce={nonce} css={REPLY_CSS + INBOX_CSS}>
      <h1>{text.title({ providerName: inbox.providerName })}</h1>
      <p>{text.intro}</p>
      <p class="status" role="status">
        {text.openCount(inbox.open)}
        {inbox.open > page.rows.length && ` ${text.pageRange({ from: page.from, to, open: inbox.open })}`}
      </p>
      {page.rows.length > 0 && (
        <table class="requests">
          <caption class="visually-hidden">{text.title({ providerName: inbox.providerName })}</caption>
          <thead>
            <tr>
              <th scope="col">{text.columns.reference}</th>
              <th scope="col">{text.columns.requestDate}</th>
              <th scope="col">{text.columns.daysWaiting}</th>
              <th scope="col">{text.columns.customer}</th>
              <th scope="col">{text.columns.answer}</th>
            </tr>
          </thead>
          <tbody>
            {page.rows.map((row) => (
              <OpenRequest row={row} inbox={inbox} path={path} />
            ))}
          </tbody>
        </table>
      )}
      {(page.nextAfter || !page.first) && (
        <nav class="pages">
          {!page.first && (
            <a href={path} class="action">
              {text.firstPage}
            </a>
          )}
          {page.nextAfter && (
            <a href={`${path}?after=${encodeURIComponent(page.nextAfter)}`} class="action">
              {text.nextPage}
            </a>
          )}
        </nav>
      )}

      {/* The CSV export and upload (issue 16 §2): their routes answer `open.csv` and `answers.csv` under this page. */}
      <section aria-labelledby="file-heading" id="csv">
        <h2 id="file-heading">{text.file.heading}</h2>
        <p>{text.file.intro}</p>
        <p>
          <a href={`${path}/open.csv`} class="action" download>
            {text.file.download}
          </a>
        </p>
        <form method="post" action={`${path}/answers.csv`} enctype="multipart/form-data">
          <div class="field">
            <label for="answers-file">{text.file.uploadLabel}</label>
            <input type="file" id="answers-file" name="file" accept=".csv,text/csv" required />
          </div>
          <button type="submit">{text.file.upload}</button>
        </form>
      </section>

      <section aria-labelledby="answered-heading">
        <h2 id="answered-heading">{text.answeredHeading}</h2>
        {inbox.answered.length === 0 ? (
          <p>{text.answeredNone}</p>
        ) : (
          <>
            <p>{text.answeredIntro}</p>
            <table class="requests answered">
              <thead>
                <tr>
                  <th scope="col">{text.columns.reference}</th>
                  <th scope="col">{text.answeredColumns.answeredOn}</th>
                  <th scope="col">{text.answeredColumns.outcome}</th>
                  <th scope="col">{text.change}</th>
                </tr>
              </thead>
              <tbody>
                {inbox.answered.map((row) => (
                  <tr>
                    <td data-label={text.columns.reference}>{row.reference}</td>
                    <td data-label={text.answeredColumns.answeredOn}>{inbox.copy.date(row.answeredOn)}</td>
                    <td data-label={text.answeredColumns.outcome}>{inbox.copy.form.answerSummary(row.outcome)}</td>
                    <td>
                      <a href={`${path}/requests/${row.id}`} class="action" aria-label={text.changeLabel(row.reference)}>
                        {text.change}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
    </Layout>
  );
}

function OpenRequest({ row, inbox, path }: { row: InboxRow; inbox: Inbox; path: string }) {
  const text = inbox.copy.inbox;
  return (
    <tr>
      <th scope="row" data-label={text.columns.reference}>
        {row.reference}
      </th>
      <td data-label={text.columns.requestDate}>{inbox.copy.date(row.requestedOn)}</td>
      <td data-label={text.columns.daysWaiting}>{text.daysWaiting(row.daysWaiting)}</td>
      <td>
        <dl class="ids">
          {row.identifiers.map((identifier) => (
            <div>
              <dt>{identifier.label}</dt>
              <dd>{identifier.value}</dd>
            </div>
          ))}
        </dl>
      </td>
      <td>
        <a href={`${path}/requests/${row.id}`} class="action answer" aria-label={text.answerLabel(row.reference)}>
          {text.answer}
        </a>
      </td>
    </tr>
  );
}

/** Wide: a table to scan. Narrow (a 390 px phone): each request a card, each value under its column's name. */
const INBOX_CSS = `
  main { max-width: 80rem; }
  .requests { margin: 1rem 0; border: 1px solid #d5d9de; }
  .requests th[scope=row] { font-weight: 600; white-space: nowrap; }
  .ids { margin: 0; }
  .ids div { display: flex; flex-wrap: wrap; column-gap: .4rem; }
  .ids dt { color: #4a5058; }
  .ids dt::after { content: ":"; }
  .ids dd { margin: 0; font-weight: 600; white-space: pre-line; overflow-wrap: anywhere; }
  a.answer { font-weight: 700; }
  .pages { display: flex; flex-wrap: wrap; gap: 1.5rem; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  input[type=file] { font: inherit; max-width: 100%; min-height: 44px; }
  @media (max-width: 40rem) {
    .requests thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
    .requests, .requests tbody, .requests tr, .requests th, .requests td { display: block; }
    .requests { border: 0; background: none; }
    .requests tr { background: #fff; border: 1px solid #d5d9de; border-radius: .5rem; margin-bottom: .75rem; padding: .5rem 0; }
    .requests th, .requests td { border: 0; padding: .2rem .75rem; }
    .requests [data-label]::before { content: attr(data-label) ": "; font-weight: normal; color: #4a5058; }
  }
`;
