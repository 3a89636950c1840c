import { z } from 'zod';
import { DAY_MS } from '../../clock.ts';
import { REQUEST_STATUSES } from '../../request-status.ts';
import { OUTCOMES } from '../../outcome.ts';
import { requestSearch } from '../../support/request-search.ts';
import { LINK_ACTIVITY_FILTERS, type SupportFilter } from '../../support/request-view.ts';

// An empty select in the console's filter form means "any".
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** Support's list filters, the same for the console's query string and the support API. */
export const supportListQuery = z.strictObject({
  status: optional(z.enum(REQUEST_STATUSES)),
  provider: optional(z.string().max(64)),
  outcome: optional(z.enum(OUTCOMES)),
  /** Age: only requests at least this many days old (chasing silent providers). */
  olderThanDays: optional(z.coerce.number().int().min(0).max(3650)),
  /** Link activity: `opened_not_answered` keeps requests a person opened in a browser that still wait for an answer (sent or expired). */
  activity: optional(z.enum(LINK_ACTIVITY_FILTERS)),
  /** Search: an exact reference or identifier value. Unlike the selects, an empty one is a mistake (400), not "any". */
  q: z
    .string()
    .max(200)
    .trim()
    .min(1)
    .optional()
    .meta({ description: 'Our `CD-…` reference (any case) or the whole value of one customer identifier, e.g. an email address (any case) or a customer number (exact)' }),
  limit: optional(z.coerce.number().int().min(1).max(200)),
  cursor: optional(z.string().max(300)),
});

export type SupportListQuery = z.infer<typeof supportListQuery>;

export const toSupportFilter = (query: SupportListQuery, now: Date): SupportFilter => ({
  status: query.status,
  provider: query.provider,
  outcome: query.outcome,
  openedNotAnswered: query.activity === 'opened_not_answered' ? true : undefined,
  createdBefore: query.olderThanDays === undefined ? undefined : new Date(now.getTime() - query.olderThanDays * DAY_MS).toISOString(),
  search: query.q === undefined ? undefined : requestSearch(query.q),
});

