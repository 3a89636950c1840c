/** @jsxImportSource react */
import {
  Body,
  Button,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Link,
  Preview,
  Section,
  Text,
} from '@react-email/components';
import { en } from '../src/copy/en.ts';
import type { EmailCopy } from '../src/copy/index.ts';
import { DetailsTable, type Detail } from './_components/details-table.tsx';

export interface CancellationRequestEmailProps {
  copy: EmailCopy;
  providerName: string;
  reference: string;
  /** YYYY-MM-DD */
  requestedOn: string;
  /** In the provider's order, with the provider's labels; values may span lines (postal address). */
  identifiers: Detail[];
  replyUrl: string;
  locale: string;
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
const paragraph = { margin: '0 0 16px', color: '#18181b', fontSize: '16px', lineHeight: '24px' };
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

export function CancellationRequestEmail({
  copy,
  providerName,
  reference,
  requestedOn,
  identifiers,
  replyUrl,
  locale,
}: CancellationRequestEmailProps) {
  return (
    <Html lang={locale}>
      <Head />
      <Preview>{copy.preheader({ providerName, reference })}</Preview>
      <Body style={body}>
        <Container style={container}>
          <Heading as="h1" style={heading}>
            {copy.heading}
          </Heading>
          <Text style={paragraph}>{copy.intro({ providerName })}</Text>
          <Text style={paragraph}>{copy.whatWeNeed}</Text>

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

CancellationRequestEmail.PreviewProps = {
  copy: en.email,
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
} satisfies CancellationRequestEmailProps;

export default CancellationRequestEmail;
