import { randomUUID } from 'node:crypto';
import type { NewEmailReplyRow } from '../../src/db/schema.ts';
import type { Deps } from '../../src/deps.ts';
import type { SupportWorld } from './console-session.ts';

/**
 * Stored email replies written straight into `email_replies`, as the receiving side leaves them, for
 * the tests of what support does with them (triage, the request page, privacy). Each kind a
 * supporter meets: matched with a suggestion, matched without, unmatched, an auto-reply, one handled.
 */

let counter = 0;

/** Writes one reply row; returns its id. `received_at` defaults to the world's clock. */
export async function addEmailReply(deps: Deps, row: Partial<NewEmailReplyRow> = {}): Promise<string> {
  counter += 1;
  const id = row.id ?? `er_test${String(counter).padStart(4, '0')}`;
  await deps.db
    .insertInto('email_replies')
    .values({
      id,
      fingerprint: randomUUID().replaceAll('-', '').padEnd(64, '0'),
      source: 'cli',
      received_at: deps.clock.now().toISOString(),
      kind: 'reply',
      request_id: null,
      matched_by: null,
      from_address: 'cancellations@acme.example',
      from_name: 'Acme Gym Member Services',
      recipients: JSON.stringify([{ address: 'reply+abcdefghijklmnopqrstuvwxyz@reply.canceldesk.test', name: null }]),
      sent_at: deps.clock.now().toISOString(),
      subject: 'Re: Cancellation request for Jane Doe',
      message_id: `${id}@mail.acme.example`,
      visible_text: '',
      full_text: '',
      attachments: '[]',
      notes: '[]',
      raw_size: 2048,
      suggested_outcome: null,
      suggested_date: null,
      handled_at: null,
      handled_by: null,
      resolution: null,
      erased_at: null,
      ...row,
    })
    .execute();
  return id;
}

/** A stored reply row as it is now. */
export const emailReplyRow = (deps: Deps, id: string) => deps.db.selectFrom('email_replies').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

const QUOTED = '\n\nOn Sat, 21 Nov 2026 at 10:00, Canceldesk <requests@canceldesk.test> wrote:\n> Please cancel the subscription of Jane Doe.\n> Reference CD-TESTREF1';

/** "Cancelled, access until 31 January 2027", matched by its reply address, with that suggestion. */
export function matchedWithSuggestion(deps: Deps, requestId: string, row: Partial<NewEmailReplyRow> = {}) {
  const visible = 'Hi,\n\nThe membership has been cancelled. Access until 31 January 2027.\n\nKind regards,\nMaria';
  return addEmailReply(deps, {
    request_id: requestId,
    matched_by: 'address',
    visible_text: visible,
    full_text: visible + QUOTED,
    suggested_outcome: 'cancelled',
    suggested_date: '2027-01-31',
    ...row,
  });
}

/** A question back: matched through the thread, nothing suggested. */
export function matchedWithoutSuggestion(deps: Deps, requestId: string, row: Partial<NewEmailReplyRow> = {}) {
  const visible = "Hello, could you send us the member's date of birth? We have two Jane Does.";
  return addEmailReply(deps, { request_id: requestId, matched_by: 'thread', visible_text: visible, full_text: visible + QUOTED, ...row });
}

/** From an address we do not know, quoting a reference that does not count from it: kept for triage. */
export function unmatched(deps: Deps, row: Partial<NewEmailReplyRow> = {}) {
  const visible = 'We have cancelled the account of John Roe, access ends 31.01.2027. Regards, Zen Yoga front desk';
  return addEmailReply(deps, {
    from_address: 'frontdesk@zen-studio.example',
    from_name: 'Zen front desk',
    subject: 'Cancellation',
    visible_text: visible,
    full_text: visible,
    suggested_outcome: 'cancelled',
    suggested_date: '2027-01-31',
    ...row,
  });
}

/** An out-of-office answer to our email: kept, folded away, never suggested. */
export function autoReply(deps: Deps, requestId: string | null, row: Partial<NewEmailReplyRow> = {}) {
  const visible = 'I am out of the office until 2 December with limited access to email.';
  return addEmailReply(deps, {
    kind: 'auto_reply',
    request_id: requestId,
    matched_by: requestId ? 'address' : null,
    subject: 'Out of Office: Cancellation request for Jane Doe',
    visible_text: visible,
    full_text: visible,
    ...row,
  });
}

/** A reply a supporter already settled without an outcome. */
export function handledReply(deps: Deps, requestId: string, row: Partial<NewEmailReplyRow> = {}) {
  const visible = 'Thanks, noted.';
  return addEmailReply(deps, {
    request_id: requestId,
    matched_by: 'address',
    visible_text: visible,
    full_text: visible,
    state: 'handled',
    handled_at: deps.clock.now().toISOString(),
    handled_by: 'someone@example.com',
    resolution: 'handled',
    ...row,
  });
}

/** Text a hostile sender controls, for escaping tests (THREATS 11, 20). */
export const HOSTILE = {
  subject: 'Re: <img src=x onerror=alert(1)> "quoted" & more',
  body: '</textarea><script>alert("xss")</script><a href="javascript:alert(2)">click</a>',
};

/**
 * Two requests and one reply of each kind for the triage list tests, a minute apart, newest last:
 * `older` (first request, suggested), `question` (second, nothing suggested), `stranger` (unmatched),
 * then `away` (an auto-reply to the first) and `done` (handled, on the second).
 */
export async function seedRepliesForTriage(w: SupportWorld) {
  const minute = 60_000;
  const first = await w.createRequest();
  const second = await w.createRequest();
  const older = await matchedWithSuggestion(w.deps, first.id);
  w.clock.advance(minute);
  const question = await matchedWithoutSuggestion(w.deps, second.id);
  w.clock.advance(minute);
  const stranger = await unmatched(w.deps);
  w.clock.advance(minute);
  const away = await autoReply(w.deps, first.id);
  const done = await handledReply(w.deps, second.id);
  w.clock.advance(minute);
  return { first, second, older, question, stranger, away, done };
}
