import { describe, expect, it } from 'vitest';
import { type NewRequestUnit, newRequestWrites } from '../../src/db/new-request.ts';
import { enqueueStoredEmail } from '../../src/db/outbox.ts';
import { appendHistory, insertRequest } from '../../src/db/requests.ts';
import { announcedToProvider } from '../../src/db/webhook-messages.ts';
import { ACME_GYM, addClient, addProviders, testDeps } from '../support/test-deps.ts';

// A create's unit is prepared once per shape (src/db/new-request.ts). Prepared or built statement by
// statement through the repository's builders, it must write the same rows, whatever is null and
// whichever numbers the rows carry.

const { deps } = await testDeps();
await addProviders(deps, ACME_GYM);
const client = await addClient(deps);
// With an endpoint, so the provider's `created` message is written and can be compared too.
await deps.db.updateTable('providers').set({ webhook_url: 'https://acme.example/hook', webhook_secret: 'whsec_x' }).where('id', '=', ACME_GYM.id).execute();

const at = '2026-11-21T10:00:00.000Z';

function unitOf(n: string, shape: { clientReference: string | null; repliesCaptured: boolean; followUp: 0 | 1 }): NewRequestUnit {
  const id = `cr_${n}`;
  return {
    request: {
      id, reference: `CD-${n.toUpperCase().padStart(8, '0')}`, client_id: client.id, client_reference: shape.clientReference, provider_id: ACME_GYM.id,
      customer: '{"email":"jane@example.com"}', status: 'queued', outcome: null, answered_at: null, link_id: `ln_${n}`, idempotency_key: null,
      body_hash: `hash-${n}`, created_at: at, updated_at: at, closed_at: null, waiting_since: null, reminders_sent: 0, lifecycle_due_at: null,
      erased_at: null, reply_key: shape.repliesCaptured ? `rk${n}` : null, follow_up_binding_contract: shape.followUp, follow_up_of: null, follow_up: null,
      first_opened_at: null, first_answered_at: null, answer_seconds: null, outcome_type: null,
    },
    history: { id: `ev_${n}`, actor: `app:${client.id}` },
    email: {
      id: `ob_${n}`, request_id: id, kind: 'cancellation_request', recipients: JSON.stringify(ACME_GYM.emails), reply_to: shape.repliesCaptured ? `reply+rk${n}@in.canceldesk.test` : null,
      message_id: `msg_${n}@canceldesk.test`, subject: `Cancellation ${n}`, html: `<p>${n}</p>`, text: n, idempotency_key: `outbox/ob_${n}`,
      status: 'queued', attempts: 0, next_attempt_at: at, created_at: at,
    },
    providerMessageId: `msg_provider_${n}`,
  };
}

/** The same unit, statement by statement through the builders, as create wrote it before it was prepared. */
const builtWrites = ({ request, history, email, providerMessageId }: NewRequestUnit) => [
  insertRequest(deps.db, request),
  appendHistory(deps.db, { id: history.id, request_id: request.id, at: request.created_at, actor: history.actor, event: 'created', detail: null }),
  ...enqueueStoredEmail(deps.db, email),
  announcedToProvider(deps.db, { id: providerMessageId, requestId: request.id, event: 'cancellation_request.created', at: request.created_at }),
];

/** Every row the unit wrote, its own ids replaced by `<n>` so two units compare. */
async function rowsOf(n: string) {
  const same = (rows: unknown[]) => JSON.parse(JSON.stringify(rows).replaceAll(n, '<n>').replaceAll(n.toUpperCase(), '<N>'));
  const requestId = `cr_${n}`;
  return same([
    await deps.db.selectFrom('cancellation_requests').selectAll().select((eb) => eb.val(0).as('change_seq')).where('id', '=', requestId).execute(),
    await deps.db.selectFrom('request_history').selectAll().where('request_id', '=', requestId).execute(),
    await deps.db.selectFrom('outbox').selectAll().where('request_id', '=', requestId).execute(),
    await deps.db.selectFrom('outbox_bodies').selectAll().where('outbox_id', '=', `ob_${n}`).execute(),
    await deps.db.selectFrom('webhook_messages').selectAll().where('request_id', '=', requestId).execute(),
  ]);
}

describe("a create's unit, prepared", () => {
  it.each([
    { clientReference: 'order-1', repliesCaptured: true, followUp: 1 as const },
    { clientReference: null, repliesCaptured: false, followUp: 1 as const },
    { clientReference: 'order-2', repliesCaptured: false, followUp: 0 as const },
    { clientReference: null, repliesCaptured: true, followUp: 0 as const },
  ])('writes the rows the builders write (%o)', async (shape) => {
    const tag = `${shape.clientReference ?? 'x'}${shape.repliesCaptured ? 'r' : 'y'}${shape.followUp}`.replace(/[^a-z0-9]/g, '');
    const [prepared, built] = [`p${tag}`, `b${tag}`];
    const changes = await deps.atomic(newRequestWrites(deps.db, unitOf(prepared, shape)));
    await deps.atomic(builtWrites(unitOf(built, shape)));
    // Five statements, each writing its one row: request, history, email, bodies, the provider's message.
    expect(changes.counts).toEqual([1, 1, 1, 1, 1]);
    const rows = await rowsOf(prepared);
    expect(rows).toEqual(await rowsOf(built));
    expect(rows.flat()).toHaveLength(5);
    // Each shape's numbers landed as given, not as the first build's.
    expect(rows[0][0]).toMatchObject({ follow_up_binding_contract: shape.followUp, reminders_sent: 0, client_reference: shape.clientReference });
  });

  it('binds each call its own values: a second create of the same shape writes its own rows', async () => {
    const shape = { clientReference: 'same', repliesCaptured: false, followUp: 1 as const };
    await deps.atomic(newRequestWrites(deps.db, unitOf('again1', shape)));
    await deps.atomic(newRequestWrites(deps.db, unitOf('again2', shape)));
    expect(await rowsOf('again2')).toEqual(await rowsOf('again1'));
    const subjects = await deps.db.selectFrom('outbox').select('subject').where('request_id', 'in', ['cr_again1', 'cr_again2']).orderBy('subject').execute();
    expect(subjects).toEqual([{ subject: 'Cancellation again1' }, { subject: 'Cancellation again2' }]);
  });
});
