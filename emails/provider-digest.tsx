/** @jsxImportSource react */
import { Text } from '@react-email/text';
import { en } from '../src/copy/en.ts';
import type { DigestCopy } from '../src/copy/types.ts';
import { EmailButton, EmailFrame, LinkFallback, paragraph, small } from './_components/email-frame.tsx';

export interface ProviderDigestEmailProps {
  copy: DigestCopy;
  /** The footer every provider email ends with. */
  footer: string;
  locale: string;
  providerName: string;
  open: number;
  /** Whole days the oldest open request has waited. */
  oldestDays: number;
  inboxUrl: string;
  /** When the inbox link stops working, already written as the language writes dates. */
  linkValidUntil: string;
  schedule: 'daily' | 'weekly';
}

/** How many requests wait and for how long the oldest has, with one button to the provider's inbox. */
export function ProviderDigestEmail(props: ProviderDigestEmailProps) {
  const { copy, open, oldestDays } = props;
  return (
    <EmailFrame locale={props.locale} preview={copy.preheader({ open, oldestDays })} title={copy.heading} footer={props.footer}>
      <Text style={paragraph}>{copy.summary({ providerName: props.providerName, open, oldestDays })}</Text>
      <EmailButton href={props.inboxUrl}>{copy.button}</EmailButton>
      <Text style={small}>{copy.linkValidUntil(props.linkValidUntil)}</Text>
      <LinkFallback href={props.inboxUrl} text={copy.linkFallback} />
      <Text style={small}>{copy.why(props.schedule)}</Text>
    </EmailFrame>
  );
}

ProviderDigestEmail.PreviewProps = {
  copy: en.digest,
  footer: en.email.footer,
  locale: 'en',
  providerName: 'Northwind Telecom',
  open: 312,
  oldestDays: 9,
  inboxUrl: 'https://canceldesk.example.com/provider/eyJhbGciOiJIUzI1NiJ9.sample.signature',
  linkValidUntil: '6 January 2027',
  schedule: 'weekly',
} satisfies ProviderDigestEmailProps;

export default ProviderDigestEmail;
