import { z } from '@hono/zod-openapi';
import { REQUEST_STATUSES } from '../../request-status.ts';
import { OUTCOMES } from '../../outcome.ts';
import { OutcomeSchema } from '../api/schemas.ts';
import { EmailReplySummarySchema } from './email-reply-schemas.ts';
import { LINK_FETCH_KINDS, LINK_FETCH_REASONS } from '../../link-activity/classify.ts';
import { FETCHES_KEPT } from '../../link-activity/record.ts';

/** The support API's shapes (also the admin API's view of a request), for the OpenAPI document. */

const outcomeCode = z.enum(OUTCOMES);

export const SupportRequestSummarySchema = z
  .object({
    id: z.string(),
    caseReference: z.string().openapi({ description: 'Our reference (CD-…), as in the email' }),
    status: z.enum(REQUEST_STATUSES),
    provider: z.string(),
    clientId: z.string(),
    outcome: outcomeCode.nullable(),
    closed: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('SupportRequestSummary');

export const SupportRequestPageSchema = z
  .object({
    data: z.array(SupportRequestSummarySchema),
    nextCursor: z.string().nullable().openapi({ description: 'Null on the last page' }),
  })
  .openapi('SupportRequestPage');

export const LinkFetchSchema = z
  .object({
    at: z.string(),
    method: z.string().openapi({ description: '`GET`, `HEAD`, or `POST` (an answer sent through the form)' }),
    kind: z.enum(LINK_FETCH_KINDS).openapi({ description: '`scanner`: probably a mail scanner; `browser`: a browser (a person); `unknown`: cannot tell' }),
    reasons: z.array(z.enum(LINK_FETCH_REASONS)).openapi({ description: 'The signals behind `kind` (docs/link-activity.md)' }),
  })
  .openapi('LinkFetch', { description: 'One fetch of a link in an email to the provider, classified' });

export const SupportRequestSchema = z
  .object({
    id: z.string(),
    caseReference: z.string().openapi({ description: 'Our reference (CD-…), as in the email' }),
    status: z.enum(REQUEST_STATUSES),
    provider: z.object({ id: z.string(), name: z.string() }),
    clientId: z.string(),
    reference: z.string().nullable().openapi({ description: "The app's own id for the request, as it gave it" }),
    outcome: OutcomeSchema.nullable(),
    answeredAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    identifiers: z
      .array(z.object({ key: z.string(), label: z.string(), value: z.string() }))
      .openapi({ description: 'Empty once the retention period erased them' }),
    answers: z.array(
      z.object({
        number: z.number().int(),
        at: z.string(),
        by: z.string().openapi({ description: '`provider`, or `support:<account id>` for an answer support entered' }),
        outcome: outcomeCode,
        date: z.string().nullable(),
        message: z.string().nullable(),
        note: z.string().nullable(),
      }),
    ),
    emails: z.array(
      z.object({
        id: z.string(),
        status: z.string(),
        to: z.array(z.string()),
        createdAt: z.string(),
        sentAt: z.string().nullable(),
        attempts: z.number().int(),
        lastError: z.string().nullable(),
      }),
    ),
    history: z.array(z.object({ at: z.string(), actor: z.string(), event: z.string(), detail: z.unknown() })),
    emailReplies: z.array(EmailReplySummarySchema).openapi({ description: 'Replies received by email for it, oldest first' }),
    firstOpenedAt: z.string().nullable().openapi({ description: 'When the provider first opened it in a browser (or answered through the form); scanners do not count' }),
    linkActivity: z.array(LinkFetchSchema).openapi({ description: `Fetches of its links, oldest first; at most ${FETCHES_KEPT} are kept` }),
  })
  .openapi('SupportRequest', { description: 'Opening one that holds free text is written to its history, naming the reader' });

export const SupportAnswerSchema = z
  .strictObject({
    outcome: outcomeCode,
    date: z.string().max(20).optional(),
    message: z.string().max(10_000).optional(),
    note: z.string().max(10_000).optional(),
  })
  .openapi('SupportAnswer');

export const SupportActionDoneSchema = z.object({ ok: z.boolean() }).openapi('SupportActionDone');

export const SupportSessionSchema = z.object({ token: z.string(), expiresAt: z.string() }).openapi('SupportSession');
