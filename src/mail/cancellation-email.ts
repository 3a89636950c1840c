import type { ComponentType } from 'react';
import type { RequestEmailProps } from '../../emails/_components/request-email-layout.tsx';
import CancellationFollowUpEmail from '../../emails/cancellation-follow-up.tsx';
import CancellationReminderEmail from '../../emails/cancellation-reminder.tsx';
import CancellationRequestEmail from '../../emails/cancellation-request.tsx';
import { copyFor, type EmailCopy, type Locale } from '../copy/index.ts';
import { type CompiledEmail, compileEmail } from './compiled-email.ts';

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
  /** Email replies are captured (INBOUND_DOMAIN set): the email says a plain reply works too. */
  repliesByEmail: boolean;
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
export function renderCancellationEmail(input: CancellationEmailInput): Promise<RenderedEmail> {
  const copy = copyFor(input.locale).email;
  return renderRequestEmail(input, copy.subject, { template: cancellationRequest, props: templateProps(input) });
}

/** A reminder of the same request, with the same link, saying since when we have been waiting. */
export function renderReminderEmail(input: CancellationEmailInput & { waitingSince: string }): Promise<RenderedEmail> {
  const copy = copyFor(input.locale).email;
  const props = { ...templateProps(input), waitingSince: input.waitingSince };
  return renderRequestEmail(input, copy.reminder.subject, { template: cancellationReminder as CompiledEmail<RequestEmailProps>, props });
}

/** After a binding contract ended: the same link, the provider's own answer and dates back, asking it to confirm the cancellation. */
export function renderFollowUpEmail(input: CancellationEmailInput & { answeredOn: string; contractEndsOn: string }): Promise<RenderedEmail> {
  const copy = copyFor(input.locale).email;
  const props = { ...templateProps(input), answeredOn: input.answeredOn, contractEndsOn: input.contractEndsOn };
  return renderRequestEmail(input, copy.followUp.subject, { template: cancellationFollowUp as CompiledEmail<RequestEmailProps>, props });
}

const templateProps = (input: CancellationEmailInput): RequestEmailProps => ({
  copy: copyFor(input.locale).email,
  providerName: input.providerName,
  reference: input.reference,
  requestedOn: input.requestedOn,
  // Only label and value: the template's props are what its skeletons are keyed on.
  identifiers: input.identifiers.map(({ label, value }) => ({ label, value })),
  replyUrl: input.replyUrl,
  locale: input.locale,
  repliesByEmail: input.repliesByEmail,
});

async function renderRequestEmail(
  input: CancellationEmailInput,
  subjectOf: EmailCopy['subject'],
  email: { template: CompiledEmail<RequestEmailProps>; props: RequestEmailProps },
): Promise<RenderedEmail> {
  const customerName = input.customerName === null ? '' : subjectLine(input.customerName, SUBJECT_NAME_MAX);
  const subject = subjectLine(subjectOf({ customerName: customerName === '' ? null : customerName, reference: input.reference }));
  const { html, text } = await email.template.render(email.props);
  return { subject, html, text };
}

/**
 * Each template is rendered by react-email once per provider, locale and day (and line structure of
 * the values); every email after that fills its values into that render (compiled-email.ts).
 */
const compiled = <P extends RequestEmailProps>(component: ComponentType<P>) =>
  compileEmail({ component, slots: ['reference', 'replyUrl', 'identifiers.*.value'], htmlToTextOptions: PLAIN_TEXT_OPTIONS });

export const cancellationRequest = compiled(CancellationRequestEmail);
export const cancellationReminder = compiled(CancellationReminderEmail);
export const cancellationFollowUp = compiled(CancellationFollowUpEmail);
