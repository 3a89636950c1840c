import { z } from '@hono/zod-openapi';
import { OUTCOMES } from '../../outcome.ts';

/** The support API's shapes of a received email reply (issue 15), for the OpenAPI document. Free text: support-only. */

const EmailReplySuggestionSchema = z
  .object({ outcome: z.enum(OUTCOMES), date: z.string().nullable().openapi({ description: 'YYYY-MM-DD, for a dated outcome' }) })
  .openapi('EmailReplySuggestion', { description: 'What the rule-based reader proposes from the visible text; nothing is recorded until support accepts it' });

export const EmailReplySummarySchema = z
  .object({
    id: z.string(),
    receivedAt: z.string(),
    from: z.object({ address: z.string().nullable(), name: z.string().nullable() }),
    subject: z.string(),
    kind: z.enum(['reply', 'auto_reply', 'bounce']),
    visibleText: z.string().openapi({ description: 'The reply without quoted history or signature; empty once erased by retention' }),
    suggestion: EmailReplySuggestionSchema.nullable(),
    state: z.enum(['open', 'handled']),
    matchedBy: z.enum(['address', 'thread', 'reference', 'support']).nullable(),
    request: z.object({ id: z.string(), caseReference: z.string().openapi({ description: 'Our reference (CD-…), as in the email' }), provider: z.string() }).nullable().openapi({ description: 'Null while unmatched' }),
    handledAt: z.string().nullable(),
    handledBy: z.string().nullable().openapi({ description: "The support account's email, or `system`" }),
    resolution: z.enum(['accepted', 'recorded', 'handled', 'bounce_applied']).nullable(),
  })
  .openapi('EmailReplySummary');

export const EmailReplySchema = EmailReplySummarySchema.extend({
  sentAt: z.string().nullable().openapi({ description: 'The Date header, when it parsed' }),
  to: z.array(z.object({ address: z.string(), name: z.string().nullable() })),
  fullText: z.string(),
  attachments: z.array(z.object({ filename: z.string().nullable(), mimeType: z.string(), size: z.number().int() })).openapi({ description: 'Names, types and sizes only: the content is never kept' }),
  notes: z.array(z.string()).openapi({ description: 'What a size limit cut, or why the message could not be read' }),
}).openapi('EmailReply', { description: 'Reading it is written to its request’s history, naming the reader' });

export const EmailReplyPageSchema = z
  .object({
    data: z.array(EmailReplySummarySchema),
    autoReplies: z.number().int().openapi({ description: 'How many auto-replies match the same filters (folded away: list them with `autoReplies=true`)' }),
  })
  .openapi('EmailReplyPage');

export const EmailReplyAssignSchema = z
  .strictObject({ requestId: z.string().min(1).max(100).openapi({ description: 'The request’s id, or our reference as the provider quotes it (`CD-…`)' }) })
  .openapi('EmailReplyAssign');

// An empty field (the console's selects) means "any".
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** The triage list's filters, the same for the console's query string and the support API. */
export const emailReplyListQuery = z.strictObject({
  state: optional(z.enum(['open', 'handled'])),
  matched: optional(flag),
  autoReplies: optional(flag),
  limit: optional(z.coerce.number().int().min(1).max(200)),
});
