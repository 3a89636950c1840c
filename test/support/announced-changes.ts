import type { Write } from '../../src/db/atomic.ts';
import { insertRow, moveStatus } from '../../src/db/requests.ts';
import type { Db, RequestStatus } from '../../src/db/schema.ts';
import { announced } from '../../src/db/webhook-messages.ts';

// A status change and its webhook message with unrelated writes between and around them, run by the
// Node tests and inside workerd alike. Nothing here may import a runtime.

const AT = '2026-11-22T08:00:00.000Z';

const unrelated = (db: Db, id: string): Write =>
  insertRow(db, 'providers', { id, name: id, emails: '[]', locale: 'en', identifiers: '[]', reply_window_days: 14, reminder_days: '[]', created_at: AT, updated_at: AT });

/**
 * Moves request `requestId` from `from` to `delivery_failed`, announced, with a one-row write before,
 * between and after the message and the status write: neither may be moved by what surrounds it.
 */
export function announcedAmongOtherWrites(db: Db, requestId: string, from: RequestStatus[], prefix: string) {
  const [message, write] = announced(db, moveStatus(db, requestId, from, 'delivery_failed', AT), {
    id: `msg_${prefix}`,
    event: 'cancellation_request.delivery_failed',
    at: AT,
  });
  return { message: message!, write: write!, writes: [unrelated(db, `${prefix}-1`), message!, unrelated(db, `${prefix}-2`), write!, unrelated(db, `${prefix}-3`)] };
}

/** The webhook messages queued about a request: event and the status they carry. */
export const messagesAbout = async (db: Db, requestId: string) =>
  db.selectFrom('webhook_messages').select(['id', 'event', 'status', 'updated_at']).where('request_id', '=', requestId).execute();

export const ANNOUNCED_AT = AT;
