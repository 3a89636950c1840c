import { sql, type SqlBool } from 'kysely';
import { describe, expect, it } from 'vitest';
import { enqueueEmail, findOutboxEmail } from '../../src/db/outbox.ts';
import { testDeps } from '../support/test-deps.ts';

const { deps } = await testDeps();
const email = (id: string) => ({
  id,
  request_id: null,
  kind: 'cancellation_request',
  recipients: ['stop@acme.example'],
  reply_to: null,
  subject: 'Cancellation request: Jane Doe',
  html: `<p>${id}</p>`,
  text: id,
  idempotency_key: `outbox/${id}`,
  status: 'queued' as const,
  attempts: 0,
  next_attempt_at: '2026-11-21T10:00:00.000Z',
  created_at: '2026-11-21T10:00:00.000Z',
});
const bodies = async () => (await deps.db.selectFrom('outbox_bodies').select('outbox_id').execute()).map((b) => b.outbox_id);

describe('an email in the outbox', () => {
  it('is its row and its bodies, read back together', async () => {
    await deps.atomic(enqueueEmail(deps.db, email('ob_both')));
    expect(await findOutboxEmail(deps.db, 'ob_both')).toMatchObject({ id: 'ob_both', recipients: ['stop@acme.example'], html: '<p>ob_both</p>', text: 'ob_both' });
  });

  it('leaves no body behind when its guard kept the row out', async () => {
    await deps.atomic(enqueueEmail(deps.db, email('ob_refused'), sql<SqlBool>`1 = 0`));
    expect(await findOutboxEmail(deps.db, 'ob_refused')).toBeNull();
    expect(await bodies()).not.toContain('ob_refused');
  });
});
