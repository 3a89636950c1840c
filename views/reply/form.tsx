import type { Copy } from '../../src/copy/index.ts';
import { type DatedOutcome, isDated, type OutcomeType } from '../../src/outcome.ts';
import { Layout } from '../layout.tsx';
import { REPLY_CSS, type ReplyPageRequest, RequestSummary } from './request-summary.tsx';

export interface ReplyFormAnswer {
  outcome: OutcomeType;
  date: string | null;
  at: string;
  bySupport: boolean;
}

export type ReplyFormField = 'outcome' | 'date' | 'message' | 'note';

export interface ReplyFormProps {
  request: ReplyPageRequest & { latest: ReplyFormAnswer | null };
  /** What the provider typed, when the form comes back with errors. */
  values?: { outcome: OutcomeType | null; dates: Record<DatedOutcome, string>; message: string; note: string };
  errors?: Partial<Record<ReplyFormField, string>>;
  nonce?: string;
  /** Where the provider came from, when not from the email (its inbox page). */
  back?: BackLink;
}

export interface BackLink {
  href: string;
  label: string;
}

/**
 * The provider's form. Plain radios and inputs that work without JavaScript; nothing is pre-selected,
 * and nothing submits by itself, so a mail scanner opening the link cannot answer (THREATS 1).
 */
export function ReplyForm({ request, values, errors = {}, nonce, back }: ReplyFormProps) {
  const { copy } = request;
  const form = copy.form;
  const summary = (Object.entries(errors) as [ReplyFormField, string][]).filter(([, message]) => message);
  const choice = (outcome: OutcomeType) => (
    <Choice outcome={outcome} copy={copy} values={values} errors={errors} />
  );
  return (
    <Layout title={form.title} lang={request.locale} nonce={nonce} css={REPLY_CSS}>
      {back && <BackTo link={back} />}
      <h1>{form.title}</h1>
      <p>{form.intro({ providerName: request.providerName })}</p>
      {summary.length > 0 && (
        // Focused on arrival and announced, so a screen reader hears what to fix first.
        <div class="error-summary" role="alert" tabindex={-1} autofocus aria-labelledby="error-summary-heading">
          <h2 id="error-summary-heading">{form.errorSummary}</h2>
          <ul>
            {summary.map(([field, message]) => (
              <li>
                <a href={`#${fieldId(field, values?.outcome ?? null)}`}>{message}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <RequestSummary request={request} />
      {request.latest && <CurrentAnswer answer={request.latest} copy={copy} />}
      <form method="post" novalidate>
        <fieldset aria-describedby={errors.outcome ? 'outcome-error' : undefined}>
          <legend>{form.question}</legend>
          {errors.outcome && <p class="error" id="outcome-error">{errors.outcome}</p>}
          {choice('cancelled')}
          {choice('already_cancelled')}
          <fieldset class="group">
            <legend>{form.couldNotCancel}</legend>
            {choice('binding_contract')}
            {choice('not_found')}
            {choice('other')}
          </fieldset>
        </fieldset>
        <div class="field">
          <label for="note">{form.noteLabel}</label>
          <p class="hint" id="note-hint">{form.noteHint}</p>
          {errors.note && <p class="error" id="note-error">{errors.note}</p>}
          <textarea
            id="note"
            name="note"
            rows={3}
            class={errors.note ? 'invalid' : undefined}
            aria-invalid={errors.note ? 'true' : undefined}
            aria-describedby={errors.note ? 'note-hint note-error' : 'note-hint'}
          >
            {values?.note ?? ''}
          </textarea>
        </div>
        <button type="submit">{form.send}</button>
      </form>
    </Layout>
  );
}

/** One outcome's radio, and under it the one field that outcome needs. */
function Choice(props: {
  outcome: OutcomeType;
  copy: Copy;
  values: ReplyFormProps['values'];
  errors: Partial<Record<ReplyFormField, string>>;
}) {
  const { outcome, copy, values, errors } = props;
  const chosen = values?.outcome === outcome;
  return (
    <div class="choice">
      <label>
        <input type="radio" name="outcome" value={outcome} id={`outcome-${outcome}`} checked={chosen} />
        <span>{copy.form.outcomes[outcome]}</span>
      </label>
      {isDated(outcome) && <DateField outcome={outcome} copy={copy} value={values?.dates[outcome] ?? ''} error={chosen ? errors.date : undefined} />}
      {outcome === 'other' && (
        <div class="more">
          <label for="message">{copy.form.messageLabel}</label>
          <p class="hint" id="message-hint">{copy.form.messageHint}</p>
          {chosen && errors.message && <p class="error" id="message-error">{errors.message}</p>}
          <textarea
            id="message"
            name="message"
            rows={4}
            class={chosen && errors.message ? 'invalid' : undefined}
            aria-invalid={chosen && errors.message ? 'true' : undefined}
            aria-describedby={chosen && errors.message ? 'message-hint message-error' : 'message-hint'}
          >
            {values?.message ?? ''}
          </textarea>
        </div>
      )}
    </div>
  );
}

/** A native date input: the phone shows its own picker in its own language and posts YYYY-MM-DD. */
function DateField(props: { outcome: DatedOutcome; copy: Copy; value: string; error?: string }) {
  const id = `date-${props.outcome}`;
  return (
    <div class="more">
      <label for={id}>{props.copy.form.dateLabels[props.outcome]}</label>
      {props.error && <p class="error" id={`${id}-error`}>{props.error}</p>}
      <input
        type="date"
        id={id}
        name="date"
        value={props.value}
        class={props.error ? 'invalid' : undefined}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
      />
    </div>
  );
}

function CurrentAnswer({ answer, copy }: { answer: ReplyFormAnswer; copy: Copy }) {
  return (
    <section class="current" aria-labelledby="current-heading">
      <h2 id="current-heading">{copy.form.current.heading}</h2>
      <p>
        {copy.form.confirmation.recorded} {copy.form.answerSummary(answer)}.
      </p>
      <p>
        {copy.form.current.recordedOn(copy.date(answer.at.slice(0, 10)))}
        {answer.bySupport && ` ${copy.form.current.bySupport}`}
      </p>
      <p>{copy.form.current.change}</p>
    </section>
  );
}

/** The element an error in the summary links to. */
function fieldId(field: ReplyFormField, outcome: OutcomeType | null): string {
  if (field === 'date' && outcome && isDated(outcome)) return `date-${outcome}`;
  if (field === 'outcome') return 'outcome-cancelled';
  return field;
}

/** The way back to the page the provider came from. */
export function BackTo({ link }: { link: BackLink }) {
  return (
    <p>
      <a href={link.href} class="action">
        {link.label}
      </a>
    </p>
  );
}
