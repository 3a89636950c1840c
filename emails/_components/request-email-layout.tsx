/** @jsxImportSource react */
// Each component from its own package: @react-email/components would also load Tailwind, Prism and a
// Markdown parser, a third of the server's memory, for components no email here uses.
import { Body } from '@react-email/body';
import { Button } from '@react-email/button';
import { Container } from '@react-email/container';
import { Head } from '@react-email/head';
import { Heading } from '@react-email/heading';
import { Hr } from '@react-email/hr';
import { Html } from '@react-email/html';
import { Link } from '@react-email/link';
import { Preview } from '@react-email/preview';
import { Section } from '@react-email/section';
import { Text } from '@react-email/text';
import type { ReactNode } from 'react';
import type { EmailCopy } from '../../src/copy/index.ts';
import { DetailsTable, type Detail } from './details-table.tsx';

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

const body = {
  margin: '0',
  padding: '24px 0',
  backgroundColor: '#f4f4f5',
  fontFamily: '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
};

const container = {
  maxWidth: '600px',
  padding: '32px',
  backgroundColor: '#ffffff',
  borderRadius: '8px',
};

const heading = { margin: '0 0 16px', color: '#18181b', fontSize: '22px', lineHeight: '28px' };
export const paragraph = { margin: '0 0 16px', color: '#18181b', fontSize: '16px', lineHeight: '24px' };
const caption = { margin: '8px 0 4px', color: '#18181b', fontSize: '16px', lineHeight: '24px', fontWeight: 'bold' };

const button = {
  display: 'inline-block',
  padding: '14px 24px',
  backgroundColor: '#1d4ed8',
  borderRadius: '6px',
  color: '#ffffff',
  fontSize: '16px',
  fontWeight: 'bold',
  lineHeight: '20px',
  textDecoration: 'none',
};

const small = { margin: '0 0 8px', color: '#52525b', fontSize: '13px', lineHeight: '20px' };
const fallbackLink = { color: '#1d4ed8', wordBreak: 'break-all' } as const;
const rule = { margin: '24px 0', borderColor: '#e4e4e7' };

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
    <Html lang={locale}>
      <Head />
      <Preview>{preview}</Preview>
      <Body style={body}>
        <Container style={container}>
          <Heading as="h1" style={heading}>
            {title}
          </Heading>
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

          <Section style={{ margin: '8px 0 24px' }}>
            <Button href={replyUrl} style={button}>
              {copy.replyButton}
            </Button>
          </Section>

          {repliesByEmail && <Text style={paragraph}>{copy.replyByEmail}</Text>}

          <Text style={small}>
            {copy.linkFallback}
            <br />
            <Link href={replyUrl} style={fallbackLink}>
              {replyUrl}
            </Link>
          </Text>

          <Hr style={rule} />
          <Text style={small}>{copy.footer}</Text>
        </Container>
      </Body>
    </Html>
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
