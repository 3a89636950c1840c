import type { LinkFetchKind } from '../../src/db/schema.ts';
import type { LinkFetchReason } from '../../src/link-activity/classify.ts';
import { summarizeLinkActivity } from '../../src/link-activity/summary.ts';
import { ConsoleLayout } from './console-layout.tsx';
import { LinkActivityTable } from './link-activity.tsx';
import { type ConsoleEmailReply, EmailReplyText } from './email-reply-parts.tsx';
import { RecordAnswerForm } from './record-answer-form.tsx';
import { moment } from './request-list.tsx';
import { ScrollRegion } from './scroll-region.tsx';

/** A request as the console shows it: everything support may see, free text included. */
export interface ConsoleRequest {
  id: string;
  caseReference: string;
  status: string;
  provider: { id: string; name: string };
  clientId: string;
  /** The app's own id for the request. */
  reference: string | null;
  answeredAt: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  identifiers: { key: string; label: string; value: string }[];
  answers: { number: number; at: string; by: string; outcome: string; date: string | null; message: string | null; note: string | null }[];
  emails: { id: string; status: string; to: string[]; createdAt: string; sentAt: string | null; attempts: number; lastError: string | null }[];
  history: { at: string; actor: string; event: string; detail: unknown }[];
  emailReplies: ConsoleEmailReply[];
  firstOpenedAt: string | null;
  linkActivity: { at: string; method: string; kind: LinkFetchKind; reasons: LinkFetchReason[] }[];
}

export interface ConsoleRequestProps {
  supporter: string;
  request: ConsoleRequest;
  /** What the last action did, shown once after it. */
  notice?: string;
  /** A rejected "record an outcome" form, with what was typed. */
  answer?: { errors: Record<string, string>; values: Record<string, string> };
  nonce?: string;
}

export function ConsoleRequestPage({ supporter, request, notice, answer, nonce }: ConsoleRequestProps) {
  const open = request.closedAt === null;
  const action = (path: string) => `/support/requests/${request.id}/${path}`;
  return (
    <ConsoleLayout title={request.caseReference} supporter={supporter} nonce={nonce}>
      <h1>{request.caseReference}</h1>
      {notice && <p class="notice" role="status">{notice}</p>}
      <dl class="facts">
        <dt>Status</dt>
        <dd class="status">{request.status}{request.closedAt && ` (closed ${moment(request.closedAt)})`}</dd>
        <dt>Provider</dt>
        <dd>{request.provider.name} ({request.provider.id})</dd>
        <dt>App</dt>
        <dd>{request.clientId}{request.reference && ` · its reference ${request.reference}`}</dd>
        <dt>Created</dt>
        <dd>{moment(request.createdAt)}</dd>
        <dt>Updated</dt>
        <dd>{moment(request.updatedAt)}</dd>
        <dt>Link</dt>
        <dd class="link-activity">{summarizeLinkActivity(request.linkActivity, request.firstOpenedAt)}</dd>
      </dl>

      <h2>Customer</h2>
      {request.identifiers.length === 0 ? (
        <p class="muted">Erased after the retention period.</p>
      ) : (
        <dl class="facts">
          {request.identifiers.map((identifier) => (
            <>
              <dt>{identifier.label}</dt>
              <dd class="value">{identifier.value}</dd>
            </>
          ))}
        </dl>
      )}

      <h2>Answers</h2>
      {request.answers.length === 0 ? (
        <p>No answer yet.</p>
      ) : (
        <ScrollRegion label="Answers">
          <table>
            <thead>
              <tr><th>#</th><th>When</th><th>By</th><th>Outcome</th><th>Date</th><th>Message</th><th>Note</th></tr>
            </thead>
            <tbody>
              {request.answers.map((a) => (
                <tr>
                  <td>{a.number}</td>
                  <td>{moment(a.at)}</td>
                  <td>{a.by === 'provider' ? 'provider' : `${a.by} (entered by support)`}</td>
                  <td>{a.outcome}</td>
                  <td>{a.date ?? '—'}</td>
                  <td>{a.message !== null ? <div class="free-text">{a.message}</div> : '—'}</td>
                  <td>{a.note !== null ? <div class="free-text">{a.note}</div> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}

      <h2>Email replies</h2>
      {request.emailReplies.length === 0 ? (
        <p>No email reply.</p>
      ) : (
        request.emailReplies.map((reply) => (
          <article class="reply" id={reply.id}>
            <h3>
              {reply.kind === 'reply' ? 'Reply' : reply.kind.replace('_', '-')} · {reply.state}
              {reply.state === 'open' && (
                <>
                  {' · '}
                  <a href={`/support/email-replies#${reply.id}`}>triage it</a>
                </>
              )}
            </h3>
            <EmailReplyText reply={reply} />
          </article>
        ))
      )}

      <h2>Actions</h2>
      {open ? (
        <div class="actions">
          <form method="post" action={action('resend')}>
            <button type="submit" class="secondary">Re-send the email</button>
          </form>
          <form method="post" action={action('reissue-link')}>
            <button type="submit" class="secondary">Re-issue the link (old links stop working)</button>
          </form>
          <form method="post" action={action('close')}>
            <button type="submit" class="secondary">Close to further answers</button>
          </form>
        </div>
      ) : (
        <p>This request is closed.</p>
      )}

      {open && <RecordAnswerForm action={action('answers')} answer={answer} idPrefix="record" />}

      <LinkActivityTable activity={request.linkActivity} />

      <h2>Emails</h2>
      <ScrollRegion label="Emails">
        <table>
          <thead>
            <tr><th>Created</th><th>To</th><th>Status</th><th>Attempts</th><th>Last error</th></tr>
          </thead>
          <tbody>
            {request.emails.map((e) => (
              <tr>
                <td>{moment(e.createdAt)}</td>
                <td>{e.to.join(', ')}</td>
                <td>{e.status}{e.sentAt && ` ${moment(e.sentAt)}`}</td>
                <td>{e.attempts}</td>
                <td>{e.lastError ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>

      <h2>History</h2>
      <ScrollRegion label="History">
        <table>
          <thead>
            <tr><th>When</th><th>Who</th><th>What</th><th>Detail</th></tr>
          </thead>
          <tbody>
            {request.history.map((h) => (
              <tr>
                <td>{moment(h.at)}</td>
                <td>{h.actor}</td>
                <td>{h.event}</td>
                <td>{h.detail === null ? '' : JSON.stringify(h.detail)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </ConsoleLayout>
  );
}
