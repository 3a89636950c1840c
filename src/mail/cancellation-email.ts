import CancellationRequestEmail from '../../emails/cancellation-request.tsx';
import { copyFor, type Locale } from '../copy/index.ts';
import { compileEmail } from './compiled-email.ts';

export interface CancellationEmailInput {
  locale: Locale;
  providerName: string;
  reference: string;
  /** YYYY-MM-DD */
  requestedOn: string;
  customerName: string | null;
  /** In the provider's order, with the provider's labels. */
  identifiers: { label: string; value: string }[];
  replyUrl: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const SUBJECT_MAX = 150;
// The name is trimmed on its own first so a long one cannot push the reference out of the subject.
const SUBJECT_NAME_MAX = 80;

// C0/C1 controls (CR and LF among them) and the Unicode line/paragraph separators: anything that could
// end a header line early (THREATS 12). Each becomes a space.
const LINE_BREAKING = /[\p{Cc}\u2028\u2029]/gu;
// Bidi marks, embeddings, overrides and isolates can make a subject read differently from what it says.
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
// Label/value tables read as aligned columns in plain text; the labels keep the provider's own casing.
export const PLAIN_TEXT_OPTIONS = {
  selectors: [
    { selector: '[data-text-format="dataTable"]', format: 'dataTable', options: { uppercaseHeaderCells: false } },
  ],
};

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * One safe header line: control characters become spaces, bidi controls go, whitespace collapses,
 * and anything past `max` user-perceived characters is cut, at a word boundary when one is near,
 * and marked with an ellipsis.
 */
export function subjectLine(raw: string, max = SUBJECT_MAX): string {
  const flat = raw.replace(BIDI_CONTROLS, '').replace(LINE_BREAKING, ' ').replace(/\s+/gu, ' ').trim();
  // A string never has more graphemes than UTF-16 units: most subjects are short enough not to count.
  if (flat.length <= max) return flat;
  const parts = Array.from(graphemes.segment(flat), (s) => s.segment);
  if (parts.length <= max) return flat;
  const head = parts.slice(0, max - 1).join('');
  const lastSpace = head.lastIndexOf(' ');
  const cut = lastSpace > 0 && head.length - lastSpace <= 20 ? head.slice(0, lastSpace) : head;
  return `${cut.trimEnd()}…`;
}

/** The cancellation request as it goes to the provider: subject, HTML and plain-text parts. */
export async function renderCancellationEmail(input: CancellationEmailInput): Promise<RenderedEmail> {
  const copy = copyFor(input.locale).email;
  const customerName = input.customerName === null ? '' : subjectLine(input.customerName, SUBJECT_NAME_MAX);
  const subject = subjectLine(
    copy.subject({ customerName: customerName === '' ? null : customerName, reference: input.reference }),
  );

  const { html, text } = await cancellationRequest.render({
    copy,
    providerName: input.providerName,
    reference: input.reference,
    requestedOn: input.requestedOn,
    // Only label and value: the template's props are what the skeleton is keyed on.
    identifiers: input.identifiers.map(({ label, value }) => ({ label, value })),
    replyUrl: input.replyUrl,
    locale: input.locale,
  });
  return { subject, html, text };
}

/** Per provider, locale and day one react-email render; every email after that fills in its values. */
export const cancellationRequest = compileEmail({
  component: CancellationRequestEmail,
  slots: ['reference', 'replyUrl', 'identifiers.*.value'],
  htmlToTextOptions: PLAIN_TEXT_OPTIONS,
});
