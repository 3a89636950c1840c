import type { Write } from './atomic.ts';
import { enqueueStoredEmail } from './outbox.ts';
import { preparedStatements } from './prepared.ts';
import { appendHistory, insertRequest } from './requests.ts';
import type { Db, NewOutboxRow, RequestRow } from './schema.ts';
import { announcedToProvider } from './webhook-messages.ts';

/** A request as a create writes it (the repository adds its change number). */
export type NewRequest = Omit<RequestRow, 'change_seq'>;

/** A new email to the provider: its outbox row (recipients as stored, JSON) and its bodies. */
export type NewStoredEmail = NewOutboxRow & { html: string; text: string };

/** Everything a create writes as one unit, besides the ids it draws. */
export interface NewRequestUnit {
  request: NewRequest;
  /** The `created` history entry's id and who made the request. */
  history: { id: string; actor: string };
  email: NewStoredEmail;
  /** The id of the provider's `created` webhook message (queued only if the provider has an endpoint). */
  providerMessageId: string;
}

/**
 * A create's whole unit — the request, its `created` history entry, its email with the email's bodies,
 * and the provider's webhook message — in the repository's own SQL, prepared once per shape: a create is
 * the app's hottest write, and building its five statements through Kysely was ~8 % of its CPU
 * (docs/benchmarks.md). Every number in the rows (a new request's reminder count and follow-up choice, a
 * new email's attempts) is part of the SQL's shape, since only strings and nulls are bound, so each
 * combination of them is prepared on its own.
 */
export function newRequestWrites(db: Db, unit: NewRequestUnit): Write[] {
  const numbers = { request: numbersOf(unit.request), email: numbersOf(unit.email) };
  const key = JSON.stringify(numbers);
  let unitOf = shapes.get(key);
  if (!unitOf) shapes.set(key, (unitOf = preparedUnit(numbers)));
  return unitOf(db, valuesOf(unit));
}

type Numbers = Record<string, number>;

const shapes = new Map<string, ReturnType<typeof preparedUnit>>();

/** A row's numeric columns: the rest of it is bound. */
const numbersOf = (row: object): Numbers => Object.fromEntries(Object.entries(row).filter(([, value]) => typeof value === 'number'));

/** The unit's strings (and nulls) by name: the request's columns, then the email's, then the rest. */
function valuesOf({ request, history, email, providerMessageId }: NewRequestUnit): Record<string, string | null> {
  const values: Record<string, string | null> = { historyId: history.id, actor: history.actor, providerMessageId };
  for (const [column, value] of Object.entries(request)) if (typeof value !== 'number') values[`request.${column}`] = value;
  for (const [column, value] of Object.entries(email)) if (typeof value !== 'number') values[`email.${column}`] = (value as string | null | undefined) ?? null;
  return values;
}

function preparedUnit(numbers: { request: Numbers; email: Numbers }) {
  return preparedStatements((db, v: Record<string, string | null>) => {
    const columns = (prefix: string) =>
      Object.fromEntries(Object.entries(v).flatMap(([name, value]) => (name.startsWith(prefix) ? [[name.slice(prefix.length), value]] : [])));
    const request = { ...columns('request.'), ...numbers.request } as NewRequest;
    const email = { ...columns('email.'), ...numbers.email } as NewStoredEmail;
    return [
      insertRequest(db, request),
      appendHistory(db, { id: v.historyId!, request_id: request.id, at: request.created_at, actor: v.actor!, event: 'created', detail: null }),
      ...enqueueStoredEmail(db, email),
      announcedToProvider(db, { id: v.providerMessageId!, requestId: request.id, event: 'cancellation_request.created', at: request.created_at }),
    ];
  });
}
