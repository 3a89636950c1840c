import { createElement } from 'react';
import ProviderDigestEmail from '../../emails/provider-digest.tsx';
import { copyFor, type Locale } from '../copy/index.ts';
import { PLAIN_TEXT_OPTIONS, type RenderedEmail, subjectLine } from './cancellation-email.ts';
import { renderWithReactEmail } from './react-email.ts';

export interface DigestEmailInput {
  locale: Locale;
  providerName: string;
  schedule: 'daily' | 'weekly';
  open: number;
  oldestDays: number;
  inboxUrl: string;
  /** YYYY-MM-DD: the inbox link's last day. */
  linkValidUntil: string;
}

/** The digest, rendered by react-email itself: one per provider and day at most, not worth a compiled skeleton. */
export async function renderDigestEmail(input: DigestEmailInput): Promise<RenderedEmail> {
  const copy = copyFor(input.locale);
  const element = createElement(ProviderDigestEmail, {
    copy: copy.digest,
    footer: copy.email.footer,
    locale: input.locale,
    providerName: input.providerName,
    open: input.open,
    oldestDays: input.oldestDays,
    inboxUrl: input.inboxUrl,
    linkValidUntil: copy.date(input.linkValidUntil),
    schedule: input.schedule,
  });
  const { html, text } = await renderWithReactEmail(element, PLAIN_TEXT_OPTIONS);
  return { subject: subjectLine(copy.digest.subject({ providerName: input.providerName, open: input.open })), html, text };
}
