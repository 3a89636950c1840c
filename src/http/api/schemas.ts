import { z } from '@hono/zod-openapi';
import { REQUEST_STATUSES } from '../../request-status.ts';
import { hasInvisibleCharacters, INVISIBLE_CHARACTERS_MESSAGE, isReservedKey } from '../../validation.ts';

/** The app API's shapes, for validation and for the OpenAPI document at /api/v1/openapi.json. */

export const OutcomeSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('cancelled'), accessUntil: z.iso.date() }),
    z.object({ type: z.literal('already_cancelled'), cancelledOn: z.iso.date() }),
    z.object({ type: z.literal('binding_contract'), contractEndsOn: z.iso.date() }),
    z.object({ type: z.literal('not_found') }),
    z.object({ type: z.literal('other') }),
  ])
  .openapi('Outcome');

export const CancellationRequestSchema = z
  .object({
    id: z.string().openapi({ example: 'cr_4k2m9q7x1b3n8p5r6t0v' }),
    status: z.enum(REQUEST_STATUSES),
    provider: z.string().openapi({ example: 'acme-gym' }),
    reference: z.string().nullable().openapi({ description: "The app's own id for the request, as it gave it" }),
    caseReference: z.string().openapi({
      description: 'Our reference (CD-…): the number the provider sees in the email, to show the customer',
      example: 'CD-7K3M9QX2',
    }),
    outcome: OutcomeSchema.nullable(),
    answeredAt: z.string().nullable(),
    followUpOf: z
      .object({
        answeredAt: z.string().openapi({ description: 'When the provider answered `binding_contract`' }),
        contractEndsOn: z.iso.date(),
        sentAt: z.string().openapi({ description: 'When we queued the follow-up email asking the provider to confirm the cancellation' }),
      })
      .nullable()
      .openapi({ description: 'The binding-contract answer the latest follow-up asked about; the next answer becomes the outcome. null before any follow-up' }),
    firstOpenedAt: z.string().nullable().openapi({
      description:
        'When the provider first opened the request in a browser (or answered through its form): "the provider has seen it". Fetches by mail scanners do not count. null before',
    }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('CancellationRequest');

export const NewCancellationRequestSchema = z
  .strictObject({
    provider: z.string().min(1).max(64).openapi({ example: 'acme-gym' }),
    customer: z
      .preprocess(
        (value, ctx) => {
          // zod drops a "__proto__" key without a word; the app should hear which field we refused.
          if (value && typeof value === 'object' && Object.hasOwn(value, '__proto__')) {
            ctx.addIssue({ code: 'custom', path: ['__proto__'], message: 'is not an identifier any provider asks for', input: value });
          }
          return value;
        },
        z.record(
          z.string().max(64).refine((key) => !isReservedKey(key), 'is not an identifier any provider asks for'),
          z.string({ error: 'must be a string' }).max(10_000).nullable(),
        ),
      )
      .openapi({
        description: 'The identifiers the provider asks for (GET /api/v1/providers/{id}); nothing else',
        example: { email: 'jane@example.com', first_name: 'Jane', last_name: 'Doe', member_number: '12345678' },
      }),
    reference: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .refine((r) => !hasInvisibleCharacters(r), INVISIBLE_CHARACTERS_MESSAGE)
      .nullish(),
    followUpBindingContract: z.boolean().optional().openapi({
      description:
        'Default true: when the provider answers `binding_contract`, we ask it again a day (its `followUpDelayDays`) after the contract ends ' +
        'whether the subscription is now cancelled, and the request waits for that answer (`followUpOf`). false: the binding contract is the end of it.',
    }),
  })
  .openapi('NewCancellationRequest');

export const RequestPageSchema = z
  .object({
    data: z.array(CancellationRequestSchema),
    nextCursor: z.string().openapi({ description: 'Pass as `cursor` to get what changed after this page (even when it is empty)' }),
    hasMore: z.boolean(),
  })
  .openapi('CancellationRequestPage');

export const LabelsByLocaleSchema = z
  .object({ en: z.string().optional(), sv: z.string().optional(), de: z.string().optional() })
  .openapi('LabelsByLocale', { description: 'A label in each language the provider wrote it in' });

export const ProviderSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    identifiers: z.array(
      z.object({
        key: z.string(),
        label: z.string().openapi({ description: "In English, or the provider's language when it gave no English label" }),
        labels: LabelsByLocaleSchema.optional().openapi({ description: 'Present when the provider wrote the label per language' }),
        required: z.boolean(),
      }),
    ),
  })
  .openapi('Provider');
