import type { Reception } from '../src/email-replies/receive.ts';
import type { ReplyTarget } from '../src/email-replies/reply-as-provider.ts';
import { Layout } from './layout.tsx';

const CSS = `
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; background: #fff; padding: .75rem 1rem; }
  dt { font-weight: 600; }
  dd { margin: 0; overflow-wrap: anywhere; }
  textarea { width: 100%; min-height: 10rem; font: inherit; box-sizing: border-box; }
  .error { color: #b3261e; font-weight: 600; }
  .result { background: #fff; border-left: 4px solid #0b57d0; padding: .75rem 1rem; margin: 1rem 0; }
`;

export interface DevReplyPageProps {
  target: ReplyTarget;
  /** What was written, kept when the page comes back with an error. */
  text?: string;
  error?: string;
  reception?: Reception;
  nonce?: string;
}

/** Development only: one email of ours and a box to answer it by email, as the provider would. */
export function DevReplyPage(props: DevReplyPageProps) {
  const { target } = props;
  return (
    <Layout title="Reply by email as the provider (development)" nonce={props.nonce} css={CSS}>
      <p>
        <a href="/dev/outbox">← Outbox</a>
      </p>
      <h1>{target.subject}</h1>
      <dl>
        <dt>To (the provider)</dt>
        <dd>{target.providerAddress}</dd>
        <dt>Reply-To</dt>
        <dd>{target.replyTo}</dd>
        <dt>Message-ID</dt>
        <dd>{target.messageId ? `<${target.messageId}>` : 'none'}</dd>
        <dt>Open</dt>
        <dd>
          <a href={`/dev/outbox/${target.id}`}>email</a> · <a href={`/dev/outbox/${target.id}/text`}>text</a>
        </dd>
      </dl>
      {props.reception && <ReceptionResult reception={props.reception} />}
      <h2>Reply by email as the provider</h2>
      <p class="muted">
        Sends nothing anywhere: the reply (from {target.providerAddress} to the Reply-To, in this email's thread) is
        received as if it came back by mail, and lands in the support console's email replies.
      </p>
      <form method="post" action={`/dev/outbox/${target.id}/reply`}>
        <label for="text">Reply text</label>
        {props.error && (
          <p class="error" id="text-error">
            {props.error}
          </p>
        )}
        <textarea id="text" name="text" required aria-describedby={props.error ? 'text-error' : undefined}>
          {props.text ?? ''}
        </textarea>
        <p>
          <button type="submit">Send the reply</button>
        </p>
      </form>
    </Layout>
  );
}

function ReceptionResult(props: { reception: Reception }) {
  const { reception } = props;
  if (reception.kind === 'refused') {
    return (
      <section class="result" aria-live="polite">
        <h2>Refused</h2>
        <p>{reception.message}</p>
      </section>
    );
  }
  const { reply } = reception;
  return (
    <section class="result" aria-live="polite">
      <h2>{reception.kind === 'stored' ? 'Stored' : 'Already stored (the same message came before)'}</h2>
      <dl>
        <dt>Email reply</dt>
        <dd>{reply.id}</dd>
        <dt>Kind</dt>
        <dd>{reply.kind}</dd>
        <dt>Matched request</dt>
        <dd>
          {reply.requestId ? (
            <>
              <a href={`/support/requests/${reply.requestId}`}>{reply.requestId}</a> (by {reply.matchedBy})
            </>
          ) : (
            'none: kept unmatched for support'
          )}
        </dd>
        <dt>Suggestion</dt>
        <dd>{reply.suggestion ? `${reply.suggestion.outcome}${'date' in reply.suggestion ? ` (${reply.suggestion.date})` : ''}` : 'none'}</dd>
      </dl>
      <p>
        <a href="/support/email-replies">Open the email replies in the support console</a>
      </p>
    </section>
  );
}
