import { Layout } from './layout.tsx';

/** One row of the development outbox page. */
export interface DevOutboxEntry {
  id: string;
  createdAt: string;
  to: string[];
  subject: string;
  status: string;
  replyTo: string | null;
  replyLink: string | null;
}

/** Development only: the emails that would have gone out, each openable, with its reply link. */
export function DevOutboxPage(props: { emails: DevOutboxEntry[]; nonce?: string }) {
  return (
    <Layout title="Outbox (development)" nonce={props.nonce}>
      <h1>Outbox</h1>
      <p class="muted">
        Development only. These emails were not sent anywhere; open one to see it as the provider would, use its
        reply link, or reply by email as the provider.
      </p>
      {props.emails.length === 0 ? (
        <p>No emails yet. Create a cancellation request through the API and it appears here.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Created</th>
              <th>To</th>
              <th>Subject</th>
              <th>Reply-To</th>
              <th>Status</th>
              <th>Open</th>
            </tr>
          </thead>
          <tbody>
            {props.emails.map((email) => (
              <tr>
                <td>{email.createdAt.replace('T', ' ').slice(0, 19)}</td>
                <td>{email.to.join(', ')}</td>
                <td>{email.subject}</td>
                <td>{email.replyTo ?? ''}</td>
                <td class="status">{email.status}</td>
                <td>
                  <a href={`/dev/outbox/${email.id}`}>email</a> · <a href={`/dev/outbox/${email.id}/text`}>text</a> ·{' '}
                  <a href={`/dev/outbox/${email.id}/reply`}>reply by email</a>
                  {email.replyLink && (
                    <>
                      {' · '}
                      <a href={email.replyLink}>reply link</a>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
