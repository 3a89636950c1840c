import { describe, expect, it } from 'vitest';
import { listOutbox } from '../../src/db/outbox.ts';
import { findRequest } from '../../src/db/requests.ts';
import { runScheduledWork } from '../../src/lifecycle/scheduler.ts';
import { escapeHtml, expectInert } from '../support/html.ts';
import { replyWorld } from '../support/reply-world.ts';

// Issue 15 in development: each email in the outbox shows its Reply-To and a box to answer it by email
// as the provider would, which goes through the same use case as received mail (source dev_outbox).

const INBOUND_DOMAIN = 'reply.canceldesk.test';
const PROVIDER_ADDRESS = 'cancellations@acme.example';
const CANCELLED = 'Hi,\n\nThe membership has been cancelled, access until 31 January 2027.\n\nBest regards\nMark';

async function sentEmail(world: Awaited<ReturnType<typeof replyWorld>>) {
  const { id } = await world.createRequest();
  await runScheduledWork(world.deps);
  const [email] = await listOutbox(world.deps.db, { requestId: id });
  return { requestId: id, email: email!, request: (await findRequest(world.deps.db, id))! };
}

const repliesOf = (world: Awaited<ReturnType<typeof replyWorld>>) => world.deps.db.selectFrom('email_replies').selectAll().orderBy('received_at').execute();

describe('replying by email as the provider from the development outbox', async () => {
  const world = await replyWorld({ INBOUND_DOMAIN });
  const replyBox = (emailId: string, text: string, headers: Record<string, string> = {}) => world.sendForm(`/dev/outbox/${emailId}/reply`, { text }, headers);

  it('lists each email with its Reply-To and a link to its reply box', async () => {
    const { email, request } = await sentEmail(world);
    const html = await (await world.app.request('/dev/outbox')).text();
    expect(html).toContain(`<td>reply+${request.reply_key}@${INBOUND_DOMAIN}</td>`);
    expect(html).toContain(`<a href="/dev/outbox/${email.id}/reply">reply by email</a>`);
  });

  it("shows the email's Reply-To and Message-ID and a form that posts back to itself, under our page headers", async () => {
    const { email, request } = await sentEmail(world);
    const res = await world.app.request(`/dev/outbox/${email.id}/reply`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("form-action 'self'");
    const html = await res.text();
    expectInert(html);
    expect(html).toContain(`reply+${request.reply_key}@${INBOUND_DOMAIN}`);
    expect(html).toContain(escapeHtml(`<${email.message_id}>`));
    expect(html).toContain(`<form method="post" action="/dev/outbox/${email.id}/reply">`);
    expect(html).toMatch(/<textarea id="text" name="text"/);
  });

  it('stores the reply from the provider to the Reply-To, matched to its request, and shows what was stored', async () => {
    const { email, requestId } = await sentEmail(world);
    const res = await replyBox(email.id, CANCELLED);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h2>Stored</h2>');
    expect(html).toContain(`<a href="/support/requests/${requestId}">${requestId}</a> (by address)`);
    expect(html).toContain('cancelled (2027-01-31)');
    expect(html).toContain('<a href="/support/email-replies">');

    const rows = (await repliesOf(world)).filter((row) => row.request_id === requestId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      source: 'dev_outbox',
      kind: 'reply',
      matched_by: 'address',
      from_address: PROVIDER_ADDRESS,
      subject: `Re: ${email.subject}`,
      full_text: CANCELLED,
      suggested_outcome: 'cancelled',
      suggested_date: '2027-01-31',
    });
  });

  it('stores a second reply with the same text as a second message, as a mail client would send it', async () => {
    const { email, requestId } = await sentEmail(world);
    await replyBox(email.id, CANCELLED);
    await replyBox(email.id, CANCELLED);
    expect((await repliesOf(world)).filter((row) => row.request_id === requestId)).toHaveLength(2);
  });

  it('refuses a post from another site and an empty reply, storing nothing', async () => {
    const { email } = await sentEmail(world);
    const before = (await repliesOf(world)).length;
    const crossSite = await replyBox(email.id, CANCELLED, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const empty = await replyBox(email.id, '   ');
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Write what the provider answers.');
    expect(await repliesOf(world)).toHaveLength(before);
  });

  it('has no reply box for an email that does not exist', async () => {
    expect((await world.app.request('/dev/outbox/ob_nothing/reply')).status).toBe(404);
    expect((await replyBox('ob_nothing', CANCELLED)).status).toBe(404);
  });
});

describe('replying from the development outbox without INBOUND_DOMAIN', async () => {
  const world = await replyWorld();

  it("is matched by the thread: the reply names the email's Message-ID", async () => {
    const { email, requestId } = await sentEmail(world);
    expect(email.reply_to).toBeNull();
    const res = await world.sendForm(`/dev/outbox/${email.id}/reply`, { text: CANCELLED });
    expect(await res.text()).toContain('(by thread)');
    expect((await repliesOf(world)).filter((row) => row.request_id === requestId)).toMatchObject([{ matched_by: 'thread', source: 'dev_outbox' }]);
  });
});
