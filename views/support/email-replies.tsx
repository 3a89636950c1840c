import { ConsoleLayout } from './console-layout.tsx';
import { type ConsoleEmailReply, EmailReplyText } from './email-reply-parts.tsx';
import { RecordAnswerForm } from './record-answer-form.tsx';

/** A form on one reply that came back with errors, and what was typed in it. */
export interface FailedReplyForm {
  replyId: string;
  errors: Record<string, string>;
  values: Record<string, string>;
}

export interface ConsoleEmailRepliesProps {
  supporter: string;
  state: 'open' | 'handled';
  /** Newest first, auto-replies apart. */
  replies: ConsoleEmailReply[];
  autoReplies: ConsoleEmailReply[];
  notice?: string;
  /** Why the last action was not done. */
  problem?: string;
  failed?: FailedReplyForm;
  nonce?: string;
}

/** Support's triage of replies providers sent by email: matched ones with their request and suggestion, unmatched ones apart. */
export function ConsoleEmailReplies(props: ConsoleEmailRepliesProps) {
  const matched = props.replies.filter((r) => r.request !== null);
  const unmatched = props.replies.filter((r) => r.request === null);
  const open = props.state === 'open';
  return (
    <ConsoleLayout title="Email replies" supporter={props.supporter} nonce={props.nonce}>
      <h1>Email replies</h1>
      <p>
        {open ? <strong>Open</strong> : <a href="/support/email-replies">Open</a>}
        {' · '}
        {open ? <a href="/support/email-replies?state=handled">Handled</a> : <strong>Handled</strong>}
      </p>
      {props.notice && <p class="notice" role="status">{props.notice}</p>}
      {props.problem && <p class="error" role="alert">{props.problem}</p>}

      <h2>Matched to a request</h2>
      {matched.length === 0 ? <p>None.</p> : matched.map((reply) => <ReplyCard reply={reply} failed={props.failed} />)}

      <h2>Not matched</h2>
      {unmatched.length === 0 ? <p>None.</p> : unmatched.map((reply) => <ReplyCard reply={reply} failed={props.failed} />)}

      <details class="auto-replies">
        <summary>
          {props.autoReplies.length} auto-repl{props.autoReplies.length === 1 ? 'y' : 'ies'} (out of office and the like)
        </summary>
        {props.autoReplies.map((reply) => (
          <ReplyCard reply={reply} failed={props.failed} />
        ))}
      </details>
    </ConsoleLayout>
  );
}

function ReplyCard({ reply, failed }: { reply: ConsoleEmailReply; failed?: FailedReplyForm }) {
  const action = (path: string) => `/support/email-replies/${reply.id}/${path}`;
  const mine = failed?.replyId === reply.id ? failed : undefined;
  return (
    <article class="reply" id={reply.id}>
      <h3>
        {reply.request ? (
          <>
            <a href={`/support/requests/${reply.request.id}`}>{reply.request.caseReference}</a> · {reply.request.provider}
          </>
        ) : (
          'No request'
        )}
        {reply.kind !== 'reply' && ` · ${reply.kind.replace('_', '-')}`}
      </h3>
      <EmailReplyText reply={reply} />
      {reply.state === 'open' && (
        <div class="actions">
          {reply.request && reply.suggestion && (
            <form method="post" action={action('accept')}>
              <button type="submit">Accept suggestion</button>
            </form>
          )}
          {!reply.request && (
            <form method="post" action={action('assign')} class="assign">
              <label for={`${reply.id}-request`}>Request reference or id</label>
              {mine?.errors.requestId && <p class="error" id={`${reply.id}-request-error`}>{mine.errors.requestId}</p>}
              <input id={`${reply.id}-request`} name="requestId" value={mine?.values.requestId ?? ''} placeholder="CD-…" />
              <button type="submit" class="secondary">Assign to request</button>
            </form>
          )}
          <form method="post" action={action('handled')}>
            <button type="submit" class="secondary">Mark handled</button>
          </form>
        </div>
      )}
      {reply.state === 'open' && reply.request && (
        <details open={mine !== undefined && mine.errors.requestId === undefined}>
          <summary>Record another outcome</summary>
          <RecordAnswerForm action={action('record')} answer={mine} idPrefix={reply.id} title="Record the outcome from this reply" />
        </details>
      )}
    </article>
  );
}
