import type { Copy } from '../../src/copy/index.ts';

/** The request as the provider's pages describe it: what it needs to find the customer. */
export interface ReplyPageRequest {
  reference: string;
  /** YYYY-MM-DD */
  requestedOn: string;
  providerName: string;
  locale: string;
  copy: Copy;
  identifiers: { key: string; label: string; value: string }[];
}

export function RequestSummary({ request }: { request: ReplyPageRequest }) {
  const { copy } = request;
  return (
    <section aria-labelledby="customer-heading">
      <h2 id="customer-heading">{copy.form.customerCaption}</h2>
      <dl class="details">
        {request.identifiers.map((identifier) => (
          <div>
            <dt>{identifier.label}</dt>
            <dd class="value">{identifier.value}</dd>
          </div>
        ))}
        <div>
          <dt>{copy.form.referenceLabel}</dt>
          <dd>{request.reference}</dd>
        </div>
        <div>
          <dt>{copy.form.requestDateLabel}</dt>
          <dd>{copy.date(request.requestedOn)}</dd>
        </div>
      </dl>
    </section>
  );
}

/** Styles of the provider's pages: one column, large touch targets, readable on a 390 px phone. */
export const REPLY_CSS = `
  main { max-width: 38rem; }
  h1 { font-size: 1.5rem; line-height: 1.25; }
  h2 { font-size: 1.15rem; }
  .details { background: #fff; border: 1px solid #d5d9de; border-radius: .5rem; padding: .25rem 1rem; margin: 0; }
  .details div { padding: .5rem 0; border-bottom: 1px solid #e3e6ea; }
  .details div:last-child { border-bottom: 0; }
  .details dt { font-size: .875rem; color: #4a5058; }
  .details dd { margin: 0; font-weight: 600; }
  .value { white-space: pre-line; overflow-wrap: anywhere; }
  fieldset { border: 0; margin: 1.25rem 0 0; padding: 0; min-width: 0; }
  legend { font-weight: 700; font-size: 1.1rem; padding: 0; margin-bottom: .5rem; }
  .group { margin: .5rem 0 0 0; padding: .75rem; border: 1px solid #d5d9de; border-radius: .5rem; background: #fff; }
  .group legend { font-size: 1rem; float: left; width: 100%; margin-bottom: .25rem; }
  .choice { margin: .25rem 0; clear: both; }
  .choice > label { display: flex; align-items: center; gap: .75rem; min-height: 44px; padding: .25rem .5rem; cursor: pointer; }
  .choice input[type=radio] { width: 1.35rem; height: 1.35rem; margin: 0; flex: none; }
  .more { margin: .25rem 0 .75rem 2.6rem; }
  /* Progressive enhancement: where :has() works, only the chosen outcome's field shows. */
  .choice:not(:has(> label > input:checked)) > .more { display: none; }
  .more label, .field > label { display: block; font-weight: 600; margin-bottom: .25rem; }
  input[type=date], textarea { font: inherit; box-sizing: border-box; min-height: 44px; padding: .5rem; border: 1px solid #6b737c; border-radius: .375rem; background: #fff; color: inherit; }
  input[type=date] { max-width: 100%; }
  textarea { width: 100%; min-height: 6rem; }
  .field { margin-top: 1.5rem; }
  .hint { color: #4a5058; font-size: .875rem; margin: 0 0 .25rem; }
  .error { color: #b3261e; font-weight: 600; margin: .25rem 0; }
  .invalid { border-color: #b3261e; border-width: 2px; }
  .error-summary { border: 2px solid #b3261e; border-radius: .5rem; background: #fff; padding: .5rem 1rem; margin: 1rem 0; }
  .error-summary h2 { margin: .25rem 0; }
  .error-summary a { color: #b3261e; }
  /* Links that stand alone (not inside a sentence) are touch targets like any button: 44 px at least. */
  .error-summary a, a.action { display: inline-flex; align-items: center; min-height: 44px; }
  .current { background: #eef6ee; border: 1px solid #9cc59c; border-radius: .5rem; padding: .5rem 1rem; margin: 1rem 0; }
  button { font: inherit; font-weight: 700; min-height: 48px; min-width: 10rem; margin-top: 1.5rem; padding: .75rem 1.5rem;
    border: 0; border-radius: .5rem; background: #0b57d0; color: #fff; cursor: pointer; }
  :focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
  button:focus-visible { outline-color: #1a1d21; }
`;
