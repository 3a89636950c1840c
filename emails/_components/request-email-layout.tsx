/** @jsxImportSource react */
// Each component from its own package: @react-email/components would also load Tailwind, Prism and a
// Markdown parser, a third of the server's memory, for components no email here uses.
import { Section } from '@react-email/section';
import { Text } from '@react-email/text';
import type { ReactNode } from 'react';
import type { EmailCopy } from '../../src/copy/index.ts';
import { DetailsTable, type Detail } from './details-table.tsx';
import { EmailButton, EmailFrame, LinkFallback, paragraph } from './email-frame.tsx';

export { paragraph };

/** What the request email and its reminders both show the provider. */
export interface RequestEmailProps {
  copy: EmailCopy;
  providerName: string;
  reference: string;
  /** YYYY-MM-DD */
  requestedOn: string;
  /** In the provider's order, with the provider's labels; values may span lines (postal address). */
  identifiers: Detail[];
  replyUrl: string;
  locale: string;
  /** Email replies are captured (INBOUND_DOMAIN set): the email says a plain reply works too, and only then. */
  repliesByEmail: boolean;
}

const caption = { margin: '8px 0 4px', color: '#18181b', fontSize: '16px', lineHeight: '24px', fontWeight: 'bold' };

/**
 * The frame of every email about a request: the preview line, the heading, what the email itself has
 * to say (`children`), then the request's details, the reply button and the privacy footer.
 */
export function RequestEmailLayout({
  props,
  preview,
  title,
  children,
}: {
  props: RequestEmailProps;
  preview: string;
  title: string;
  children: ReactNode;
}) {
  const { copy, reference, requestedOn, identifiers, replyUrl, locale, repliesByEmail } = props;
  return (
    <EmailFrame locale={locale} preview={preview} title={title} footer={copy.footer}>
      {children}

      <DetailsTable
        rows={[
          { label: copy.referenceLabel, value: reference },
          { label: copy.requestDateLabel, value: copy.requestDate(requestedOn) },
        ]}
      />

      {identifiers.length > 0 && (
        <Section>
          <Text style={caption}>{copy.identifiersCaption}</Text>
          <DetailsTable rows={identifiers} />
        </Section>
      )}

      <EmailButton href={replyUrl}>{copy.replyButton}</EmailButton>

      {repliesByEmail && <Text style={paragraph}>{copy.replyByEmail}</Text>}

      <LinkFallback href={replyUrl} text={copy.linkFallback} />
    </EmailFrame>
  );
}

/** Sample data for the preview server (`npm run email`). */
export const SAMPLE_REQUEST = {
  providerName: 'Northwind Fitness',
  reference: 'CD-7K3M9QX2',
  requestedOn: '2026-11-21',
  identifiers: [
    { label: 'Member number', value: 'NWF-0048213' },
    { label: 'Email address', value: 'jane.doe@example.com' },
    { label: 'Full name', value: 'Jane Doe' },
    { label: 'Postal address', value: 'Flat 4B\n12 Harbour Street\nLeith\nEdinburgh EH6 6LN\nUnited Kingdom' },
    { label: 'Home club', value: 'Edinburgh Quayside' },
  ],
  replyUrl: 'https://canceldesk.example.com/reply/eyJhbGciOiJIUzI1NiJ9.sample.signature',
  locale: 'en',
  repliesByEmail: true,
};
