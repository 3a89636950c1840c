import { findOutboxEmail, listOutbox, type OutboxEmail, type OutboxFilter } from '../db/outbox.ts';
import type { Deps } from '../deps.ts';

/** Emails in the outbox, newest first, whatever their status (the operator's `outbox list`, the dev viewer). */
export const listOutboxEmails = (deps: Pick<Deps, 'db'>, filter: OutboxFilter = {}): Promise<OutboxEmail[]> => listOutbox(deps.db, filter);

/** One email in the outbox with its bodies; null when there is none. */
export const showOutboxEmail = (deps: Pick<Deps, 'db'>, id: string): Promise<OutboxEmail | null> => findOutboxEmail(deps.db, id);
