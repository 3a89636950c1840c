import { z } from '@hono/zod-openapi';
import { OUTCOMES } from '../../outcome.ts';
import { STATS_DAYS } from '../../stats/provider-stats.ts';

// An empty field in the console's form means "the default" (days) or "every provider".
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** The stats' window and scope, the same for the support API, the console, the CSV and the admin API. */
export const statsQuery = z.strictObject({
  days: optional(z.coerce.number().int().min(STATS_DAYS.min).max(STATS_DAYS.max)).openapi({
    description: `The window: requests made in the last this many days (${STATS_DAYS.min}–${STATS_DAYS.max}, default ${STATS_DAYS.default})`,
  }),
  provider: optional(z.string().max(64)).openapi({ description: 'Only this provider (its id); every provider without it' }),
});

export type StatsQuery = z.infer<typeof statsQuery>;

const seconds = z.number().int().nullable();

const PerformanceFiguresSchema = z
  .object({
    sent: z.number().int().openapi({ description: 'Requests made in the window (queued ones included)' }),
    answered: z.number().int().openapi({ description: 'Of those, answered at least once' }),
    answerRate: z.number().nullable().openapi({ description: 'answered ÷ sent (0–1); null when nothing was sent' }),
    medianSecondsToAnswer: seconds.openapi({ description: 'From the email reaching the provider to its first answer, nearest rank; null without answers' }),
    p90SecondsToAnswer: seconds.openapi({ description: 'The 90th percentile of the same, nearest rank' }),
    outcomes: z.object(Object.fromEntries(OUTCOMES.map((o) => [o, z.number().int()])) as Record<(typeof OUTCOMES)[number], z.ZodNumber>).openapi({
      description: "Answered requests by their latest answer's outcome",
    }),
    open: z.number().int().openapi({ description: 'Queued or waiting on the provider now' }),
    overdue: z.number().int().openapi({ description: 'Not answered past the reply window: expired, or still waiting past it' }),
    bounced: z.number().int().openapi({ description: 'The email could not be delivered (delivery_failed)' }),
  })
  .openapi('ProviderPerformanceFigures');

export const StatsReportSchema = z
  .object({
    days: z.number().int(),
    since: z.string().openapi({ description: 'Requests made from this moment on are counted' }),
    until: z.string().openapi({ description: 'Now, when the figures were computed' }),
    provider: z.string().nullable(),
    providers: z.array(PerformanceFiguresSchema.extend({ provider: z.string(), name: z.string() })).openapi({ description: 'Providers with requests in the window, by id' }),
    totals: PerformanceFiguresSchema,
    weeks: z.array(z.object({ start: z.string(), requests: z.number().int(), answers: z.number().int() })).openapi({
      description: 'Requests made and first answers given per week (from Monday 00:00 UTC; the first week starts at since)',
    }),
    timeToAnswer: z.array(z.object({ fromSeconds: z.number().int(), toSeconds: z.number().int().nullable(), answered: z.number().int() })).openapi({
      description: 'Answered requests by time to first answer, [fromSeconds, toSeconds)',
    }),
  })
  .openapi('ProviderStats');
