/** @jsxImportSource react */
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

export const small = { margin: '0 0 8px', color: '#52525b', fontSize: '13px', lineHeight: '20px' };
const fallbackLink = { color: '#1d4ed8', wordBreak: 'break-all' } as const;
const rule = { margin: '24px 0', borderColor: '#e4e4e7' };

/**
 * The frame of every email we send providers: the preview line, the heading, what the email has to say
 * (`children`), then a rule and the footer. Inline styles only, at most 600 px wide: what mail clients keep.
 */
export function EmailFrame(props: { locale: string; preview: string; title: string; footer: string; children: ReactNode }) {
  return (
    <Html lang={props.locale}>
      <Head />
      <Preview>{props.preview}</Preview>
      <Body style={body}>
        <Container style={container}>
          <Heading as="h1" style={heading}>
            {props.title}
          </Heading>
          {props.children}

          <Hr style={rule} />
          <Text style={small}>{props.footer}</Text>
        </Container>
      </Body>
    </Html>
  );
}

/** The one button of an email: a plain link, styled. */
export function EmailButton({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Section style={{ margin: '8px 0 24px' }}>
      <Button href={href} style={button}>
        {children}
      </Button>
    </Section>
  );
}

/** Under the button: the same link written out, for clients that break buttons. */
export function LinkFallback({ href, text }: { href: string; text: string }) {
  return (
    <Text style={small}>
      {text}
      <br />
      <Link href={href} style={fallbackLink}>
        {href}
      </Link>
    </Text>
  );
}
