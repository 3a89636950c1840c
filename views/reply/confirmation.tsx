import type { OutcomeType } from '../../src/outcome.ts';
import { Layout } from '../layout.tsx';
import { type BackLink, BackTo } from './form.tsx';
import { REPLY_CSS, type ReplyPageRequest, RequestSummary } from './request-summary.tsx';

/** After Send: what was recorded, in the provider's words, and the way back to change it. */
export function ReplyConfirmation(props: {
  request: ReplyPageRequest;
  answer: { outcome: OutcomeType; date: string | null };
  formPath: string;
  nonce?: string;
  back?: BackLink;
}) {
  const { copy } = props.request;
  const text = copy.form.confirmation;
  return (
    <Layout title={text.title} lang={props.request.locale} nonce={props.nonce} css={REPLY_CSS}>
      <h1>{text.heading}</h1>
      <p class="current" role="status">
        {text.recorded} {copy.form.answerSummary(props.answer)}.
      </p>
      <p>{text.privacy}</p>
      <RequestSummary request={props.request} />
      <p>
        <a href={props.formPath} class="action">
          {text.change}
        </a>
      </p>
      {props.back && <BackTo link={props.back} />}
    </Layout>
  );
}
