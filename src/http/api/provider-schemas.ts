import { z } from '@hono/zod-openapi';
import { OUTCOMES } from '../../outcome.ts';

/** The provider API's shapes (issue 16 §3), for validation and the OpenAPI document. */

export const ProviderAnswerViewSchema = z
  .object({
    outcome: z.enum(OUTCOMES),
    date: z.iso.date().nullable().openapi({ description: 'Access until, cancelled on or contract end, for a dated outcome; else null' }),
    answeredAt: z.string(),
  })
  .openapi('ProviderAnswerView', { description: 'An answer as the provider sees it: never its free text' });

export const ProviderCancellationRequestSchema = z
  .object({
    id: z.string().openapi({ example: 'cr_4k2m9q7x1b3n8p5r6t0v' }),
    caseReference: z.string().openapi({ description: 'Our reference (CD-…), as in the email', example: 'CD-7K3M9QX2' }),
    status: z.enum(['open', 'answered', 'expired', 'closed']).openapi({
      description: '`open`: waiting for your answer; `answered`; `expired`: the reply window passed (an answer is still taken); `closed` by our support',
    }),
    identifiers: z
      .array(z.object({ key: z.string(), label: z.string().openapi({ description: "In the provider's language" }), value: z.string() }))
      .openapi({ description: 'Your customer, by the identifiers you asked for; empty once retention erased them' }),
    latestAnswer: ProviderAnswerViewSchema.nullable(),
    createdAt: z.string().openapi({ description: 'When the request was made (the request date)' }),
    updatedAt: z.string(),
  })
  .openapi('ProviderCancellationRequest');

export const ProviderRequestPageSchema = z
  .object({
    data: z.array(ProviderCancellationRequestSchema),
    nextCursor: z.string().nullable().openapi({ description: 'Pass as `cursor` for the next page; null on the last one' }),
  })
  .openapi('ProviderCancellationRequestPage');

export const ProviderAnswerSchema = z
  .strictObject({
    outcome: z.enum(OUTCOMES),
    date: z.string().max(40).optional().openapi({
      format: 'date',
      description: '`cancelled`: access until (from the request date on); `already_cancelled`: when (not in the future); `binding_contract`: contract end (not in the past)',
    }),
    message: z.string().max(20_000).optional().openapi({ description: 'Required for `other` (at most 2,000 characters): read by our support only' }),
    note: z.string().max(20_000).optional().openapi({ description: 'Any outcome (at most 2,000 characters): read by our support only' }),
  })
  .openapi('ProviderAnswer');

export const RecordedProviderAnswerSchema = ProviderAnswerViewSchema.extend({ id: z.string(), requestId: z.string() }).openapi('RecordedProviderAnswer');
