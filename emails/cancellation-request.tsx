/** @jsxImportSource react */
import { Text } from '@react-email/text';
import { en } from '../src/copy/en.ts';
import { paragraph, RequestEmailLayout, type RequestEmailProps, SAMPLE_REQUEST } from './_components/request-email-layout.tsx';

export type CancellationRequestEmailProps = RequestEmailProps;

export function CancellationRequestEmail(props: CancellationRequestEmailProps) {
  const { copy, providerName, reference } = props;
  return (
    <RequestEmailLayout props={props} preview={copy.preheader({ providerName, reference })} title={copy.heading}>
      <Text style={paragraph}>{copy.intro({ providerName })}</Text>
      <Text style={paragraph}>{copy.whatWeNeed}</Text>
    </RequestEmailLayout>
  );
}

CancellationRequestEmail.PreviewProps = { copy: en.email, ...SAMPLE_REQUEST } satisfies CancellationRequestEmailProps;

export default CancellationRequestEmail;
