import { describe, expect, it } from 'vitest';
import { ANNOUNCED_AT, announcedAmongOtherWrites, messagesAbout } from '../support/announced-changes.ts';
import { ACME_GYM, addProviders, queuedRequests, testDeps } from '../support/test-deps.ts';

const { deps } = await testDeps();
await addProviders(deps, ACME_GYM);
const queuedRequest = await queuedRequests(deps, ACME_GYM.id);

describe('a status change announced to the app (SQLite)', () => {
  it('queues its message when the write changes the request, with other writes between and around them', async () => {
    const id = await queuedRequest();
    const unit = announcedAmongOtherWrites(deps.db, id, ['queued'], 'applies');
    const changes = await deps.atomic(unit.writes);
    expect(changes.counts).toEqual([1, 1, 1, 1, 1]);
    expect(await messagesAbout(deps.db, id)).toEqual([{ id: 'msg_applies', event: 'cancellation_request.delivery_failed', status: 'delivery_failed', updated_at: ANNOUNCED_AT }]);
  });

  it('queues nothing when the write changes nothing, though the write before it changed a row', async () => {
    const id = await queuedRequest();
    const unit = announcedAmongOtherWrites(deps.db, id, ['sent'], 'refused');
    const changes = await deps.atomic(unit.writes);
    expect(changes.counts).toEqual([1, 0, 1, 0, 1]);
    expect(await messagesAbout(deps.db, id)).toEqual([]);
  });
});
