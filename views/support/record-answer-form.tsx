import { OUTCOMES } from '../../src/outcome.ts';

/** For an answer the provider gave some other way (a plain email, a call). Same checks as its form. */
export function RecordAnswerForm(props: {
  action: string;
  /** A rejected post of this form, with what was typed. */
  answer?: { errors: Record<string, string>; values: Record<string, string> };
  /** Makes the fields' ids unique where a page has several of these forms. */
  idPrefix: string;
  title?: string;
}) {
  const id = (field: string) => `${props.idPrefix}-${field}`;
  const errors = props.answer?.errors ?? {};
  const values = props.answer?.values ?? {};
  return (
    <form method="post" action={props.action} class="record">
      <h3>{props.title ?? "Record an outcome on the provider's behalf"}</h3>
      {Object.keys(errors).length > 0 && (
        <p class="error" role="alert">The outcome was not recorded: see below.</p>
      )}
      <div>
        <label for={id('outcome')}>Outcome</label>
        {errors.outcome && <p class="error" id={id('outcome-error')}>{errors.outcome}</p>}
        <select id={id('outcome')} name="outcome">
          <option value="">choose…</option>
          {OUTCOMES.map((o) => (
            <option value={o} selected={values.outcome === o}>{o}</option>
          ))}
        </select>
      </div>
      <div>
        <label for={id('date')}>Date (access until / cancelled on / contract ends on)</label>
        {errors.date && <p class="error">{errors.date}</p>}
        <input id={id('date')} type="date" name="date" value={values.date ?? ''} />
      </div>
      <div>
        <label for={id('message')}>Reason (for "other")</label>
        {errors.message && <p class="error">{errors.message}</p>}
        <textarea id={id('message')} name="message">{values.message ?? ''}</textarea>
      </div>
      <div>
        <label for={id('note')}>Note (support only)</label>
        {errors.note && <p class="error">{errors.note}</p>}
        <textarea id={id('note')} name="note">{values.note ?? ''}</textarea>
      </div>
      <div>
        <button type="submit">Record outcome</button>
      </div>
    </form>
  );
}
