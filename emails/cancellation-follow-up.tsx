/** @jsxImportSource react */
import { Text } from '@react-email/text';
import { en } from '../src/copy/en.ts';
import { paragraph, RequestEmailLayout, type RequestEmailProps, SAMPLE_REQUEST } from './_components/request-email-layout.tsx';

export interface CancellationFollowUpEmailProps extends RequestEmailProps {
  /** YYYY-MM-DD: when the provider answered that a binding contract stopped the cancellation. */
  answeredOn: string;
  /** YYYY-MM-DD: the day that binding contract ended, as the provider gave it. */
  contractEndsOn: string;
}

/** The same request and link once the binding contract has ended: the provider's own dates back, and the ask to confirm. */
export function CancellationFollowUpEmail(props: CancellationFollowUpEmailProps) {
  const { copy, providerName, reference } = props;
  const [answeredOn, contractEndsOn] = [copy.requestDate(props.answeredOn), copy.requestDate(props.contractEndsOn)];
  return (
    <RequestEmailLayout props={props} preview={copy.followUp.preheader({ providerName, reference, contractEndsOn })} title={copy.followUp.heading}>
      <Text style={paragraph}>{copy.followUp.contractEnded({ answeredOn, contractEndsOn })}</Text>
      <Text style={paragraph}>{copy.followUp.whatWeNeed}</Text>
    </RequestEmailLayout>
  );
}

CancellationFollowUpEmail.PreviewProps = {
  copy: en.email,
  ...SAMPLE_REQUEST,
  answeredOn: '2026-12-02',
  contractEndsOn: '2027-03-31',
} satisfies CancellationFollowUpEmailProps;

export default CancellationFollowUpEmail;
