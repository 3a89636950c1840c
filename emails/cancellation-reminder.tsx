/** @jsxImportSource react */
import { Text } from '@react-email/text';
import { en } from '../src/copy/en.ts';
import { paragraph, RequestEmailLayout, type RequestEmailProps, SAMPLE_REQUEST } from './_components/request-email-layout.tsx';

export interface CancellationReminderEmailProps extends RequestEmailProps {
  /** YYYY-MM-DD: when the request first reached the provider. */
  waitingSince: string;
}

/** The same request and the same link again, saying plainly that it is a reminder and how long we have waited. */
export function CancellationReminderEmail(props: CancellationReminderEmailProps) {
  const { copy, providerName, reference } = props;
  const since = copy.requestDate(props.waitingSince);
  return (
    <RequestEmailLayout
      props={props}
      preview={copy.reminder.preheader({ providerName, reference, since })}
      title={copy.reminder.heading}
    >
      <Text style={paragraph}>{copy.reminder.waiting({ providerName, since })}</Text>
      <Text style={paragraph}>{copy.whatWeNeed}</Text>
    </RequestEmailLayout>
  );
}

CancellationReminderEmail.PreviewProps = {
  copy: en.email,
  ...SAMPLE_REQUEST,
  waitingSince: '2026-11-21',
} satisfies CancellationReminderEmailProps;

export default CancellationReminderEmail;
