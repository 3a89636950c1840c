import type { Generated, Insertable, Kysely, Selectable } from 'kysely';
import type { OutcomeType } from '../outcome.ts';
import type { RequestStatus } from '../request-status.ts';

/** The tables as Kysely sees them; mirrors `migrations/*.sql`. JSON columns are TEXT here. */
export interface Database {
  providers: ProvidersTable;
  api_clients: ApiClientsTable;
  cancellation_requests: CancellationRequestsTable;
  request_history: RequestHistoryTable;
  outbox: OutboxTable;
  outbox_bodies: OutboxBodiesTable;
  request_answers: RequestAnswersTable;
  support_accounts: SupportAccountsTable;
  support_sessions: SupportSessionsTable;
  support_login_failures: SupportLoginFailuresTable;
  webhook_messages: WebhookMessagesTable;
  email_replies: EmailRepliesTable;
  provider_api_keys: ProviderApiKeysTable;
  provider_answer_keys: ProviderAnswerKeysTable;
  link_activity: LinkActivityTable;
  provider_csv_uploads: ProviderCsvUploadsTable;
  provider_csv_upload_chunks: ProviderCsvUploadChunksTable;
}

export type Db = Kysely<Database>;

export interface ProvidersTable {
  id: string;
  name: string;
  emails: string;
  locale: string;
  identifiers: string;
  reply_window_days: number;
  reminder_days: string;
  created_at: string;
  updated_at: string;
  /** Days after a binding contract's end before the follow-up goes (0010). */
  follow_up_delay_days: Generated<number>;
  /** 0: no email per request, its reminders or follow-ups; the provider answers through the API or its inbox (0013). */
  per_request_emails: Generated<number>;
  /** The provider's webhook endpoint, set by `providers webhook`, as an app's (0013). */
  webhook_url: Generated<string | null>;
  webhook_secret: Generated<string | null>;
  webhook_disabled_at: Generated<string | null>;
  /** Inbox links signed in an earlier generation no longer work (0011). */
  inbox_link_generation: Generated<number>;
  /** 'off' | 'daily' | 'weekly' (0011). */
  digest: Generated<string>;
  /** The period (a day, or a week's Monday) the last digest was queued for (0011). */
  digest_queued_for: Generated<string | null>;
}

/** A provider's API key: its hash only (0013). */
export interface ProviderApiKeysTable {
  id: string;
  provider_id: string;
  key_hash: string;
  created_at: string;
  revoked_at: string | null;
}

/** An answer given through the provider API under an Idempotency-Key (0013). */
export interface ProviderAnswerKeysTable {
  provider_id: string;
  idempotency_key: string;
  request_id: string;
  body_hash: string;
  answer_id: string;
  created_at: string;
}

export interface ApiClientsTable {
  id: string;
  name: string;
  key_hash: string;
  webhook_url: string | null;
  created_at: string;
  /** Signs the client's webhooks (Standard Webhooks, `whsec_…`); shown once, kept to sign with. */
  webhook_secret: Generated<string | null>;
  /** Set when the endpoint answered 410 Gone: nothing more is sent until the URL is updated. */
  webhook_disabled_at: Generated<string | null>;
}

export type { RequestStatus };

export interface CancellationRequestsTable {
  id: string;
  reference: string;
  client_id: string;
  client_reference: string | null;
  provider_id: string;
  customer: string | null;
  status: RequestStatus;
  outcome: string | null;
  answered_at: string | null;
  link_id: string;
  idempotency_key: string | null;
  body_hash: string;
  created_at: string;
  updated_at: string;
  closed_at: Generated<string | null>;
  /** Set by the repository inside each write (see `nextChangeSeq`), never by callers. */
  change_seq: Generated<number>;
  /** When the email the provider is now asked to answer reached the mail API: reminders and expiry count from here. */
  waiting_since: Generated<string | null>;
  /** How many of the provider's reminder days are used up. */
  reminders_sent: Generated<number>;
  /** When the scheduler should next look at this request; null = nothing left to do. */
  lifecycle_due_at: Generated<string | null>;
  /** When retention erased the identifiers, free text and notes. */
  erased_at: Generated<string | null>;
  /** The local part's key of the request's `reply+<key>@INBOUND_DOMAIN` Reply-To; null without INBOUND_DOMAIN (0008). */
  reply_key: Generated<string | null>;
  /** 0: the app opted out of following up a binding contract (0010). */
  follow_up_binding_contract: Generated<number>;
  /** The binding-contract answer the latest follow-up followed up (0010). */
  follow_up_of: Generated<string | null>;
  /** App-visible JSON of that follow-up: `{ answeredAt, contractEndsOn, sentAt }` (0010). */
  follow_up: Generated<string | null>;
  /** When the provider first opened the request in a browser, or answered (0014): the app's `firstOpenedAt`. */
  first_opened_at: Generated<string | null>;
  /** When the provider first answered; later answers keep it (0015). */
  first_answered_at: Generated<string | null>;
  /** Seconds from the email reaching the provider (waiting_since) to the first answer (0015). */
  answer_seconds: Generated<number | null>;
  /** The latest answer's outcome type, as in `outcome` (0015). */
  outcome_type: Generated<OutcomeType | null>;
}

export interface RequestHistoryTable {
  id: string;
  request_id: string;
  at: string;
  actor: string;
  event: string;
  detail: string | null;
}

export type OutboxStatus = 'queued' | 'sent' | 'failed';

export interface OutboxTable {
  id: string;
  request_id: string | null;
  kind: string;
  recipients: string;
  reply_to: string | null;
  subject: string;
  idempotency_key: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  lease_until: string | null;
  claim_id: string | null;
  last_error: string | null;
  provider_message_id: string | null;
  created_at: string;
  sent_at: string | null;
  /** NULL: not batched yet; '': send on its own; else the batch it is sent in (0004_outbox_batches.sql). */
  batch_id: string | null;
  /** The Message-ID we set on the email, without brackets; null on emails from before 0008. */
  message_id: Generated<string | null>;
}

/** An outbox email's bodies, apart from the row that is claimed and updated (0006_outbox_bodies.sql). */
export interface OutboxBodiesTable {
  outbox_id: string;
  html: string;
  text: string;
}

export interface RequestAnswersTable {
  id: string;
  request_id: string;
  /** Set by the repository inside the write, like `change_seq`. */
  number: Generated<number>;
  at: string;
  actor: string;
  outcome: OutcomeType;
  date: string | null;
  message: string | null;
  note: string | null;
}

export type WebhookState = 'pending' | 'delivered' | 'failed';

export interface WebhookMessagesTable {
  /** The `webhook-id`: the same on every attempt, so apps can drop repeats. */
  id: string;
  /** The app it goes to, or null for a message to a provider (0013): exactly one of the two is set. */
  client_id: string | null;
  provider_id: Generated<string | null>;
  request_id: string;
  event: string;
  /** The request's app-visible state right after the change. */
  status: RequestStatus;
  outcome: string | null;
  answered_at: string | null;
  updated_at: string;
  /** The request's app-visible follow-up right after the change (0010). */
  follow_up: Generated<string | null>;
  /** The request's app-visible `firstOpenedAt` right after the change (0014). */
  first_opened_at: Generated<string | null>;
  created_at: string;
  state: Generated<WebhookState>;
  attempts: Generated<number>;
  next_attempt_at: string;
  lease_until: string | null;
  claim_id: string | null;
  last_error: string | null;
  delivered_at: string | null;
}

export interface SupportAccountsTable {
  id: string;
  email: string;
  password_hash: string;
  created_at: string;
}

export interface SupportSessionsTable {
  token_hash: string;
  account_id: string;
  created_at: string;
  expires_at: string;
}

export interface SupportLoginFailuresTable {
  id: Generated<number>;
  /** Keyed hashes (src/support/login-keys.ts): the address and the email are never stored. */
  source_key: string;
  email_key: string;
  at: string;
}

export type EmailReplySource = 'cli' | 'admin_api' | 'resend' | 'email_worker' | 'dev_outbox';
export type EmailReplyKind = 'reply' | 'auto_reply' | 'bounce';
export type EmailReplyMatchedBy = 'address' | 'thread' | 'reference' | 'support';
export type EmailReplyState = 'open' | 'handled';
export type EmailReplyResolution = 'accepted' | 'recorded' | 'handled' | 'bounce_applied';

/** A received message as kept (0009): text only, never raw bytes, HTML or attachment bodies. Free text: support-only. */
export interface EmailRepliesTable {
  id: string;
  /** SHA-256 hex of the raw message: the same message twice is stored once. */
  fingerprint: string;
  source: EmailReplySource;
  received_at: string;
  kind: EmailReplyKind;
  request_id: string | null;
  matched_by: EmailReplyMatchedBy | null;
  from_address: string | null;
  from_name: string | null;
  /** JSON `[{ address, name }]` of To and Cc. */
  recipients: Generated<string>;
  sent_at: string | null;
  subject: Generated<string>;
  message_id: string | null;
  visible_text: Generated<string>;
  full_text: Generated<string>;
  /** JSON `[{ filename, mimeType, size }]`. */
  attachments: Generated<string>;
  /** JSON: what a size limit cut, or why the message could not be read. */
  notes: Generated<string>;
  raw_size: number;
  suggested_outcome: OutcomeType | null;
  suggested_date: string | null;
  state: Generated<EmailReplyState>;
  handled_at: string | null;
  handled_by: string | null;
  resolution: EmailReplyResolution | null;
  erased_at: string | null;
}

export type LinkKind = 'reply' | 'inbox';
export type LinkFetchKind = 'scanner' | 'browser' | 'unknown';

/** One fetch of a link in an email (0014): when, how, and who it probably was. Never the address itself. */
export interface LinkActivityTable {
  id: Generated<number>;
  request_id: string;
  link_kind: LinkKind;
  at: string;
  method: string;
  kind: LinkFetchKind;
  /** JSON array of reason codes (`LinkFetchReason`). */
  reasons: string;
  /** Keyed hash of the fetcher's network (IPv4 /24, IPv6 /48), to group fetches; null when unknown. */
  source_key: string | null;
}

export type LinkActivityRow = Selectable<LinkActivityTable>;
/** A provider's CSV of answers between preview and Confirm (0012). */
export interface ProviderCsvUploadsTable {
  id: string;
  provider_id: string;
  /** SHA-256 (hex) of the uploaded bytes: one file is recorded once per provider. */
  file_hash: string;
  created_at: string;
  /** JSON of the answers Confirm records; emptied once recorded. */
  answers: string;
  recorded_at: string | null;
}

/** One chunk of an upload's Confirm, recorded in the chunk's own atomic write (0019). */
export interface ProviderCsvUploadChunksTable {
  upload_id: string;
  chunk: number;
  provider_id: string;
  file_hash: string;
  recorded_at: string;
  /** JSON array of the file's lines whose answer the chunk recorded. */
  lines: string;
}

export type EmailReplyRow = Selectable<EmailRepliesTable>;
export type NewEmailReplyRow = Insertable<EmailRepliesTable>;
export type ProviderRow = Selectable<ProvidersTable>;
export type ApiClientRow = Selectable<ApiClientsTable>;
export type ProviderApiKeyRow = Selectable<ProviderApiKeysTable>;
export type RequestRow = Selectable<CancellationRequestsTable>;
export type NewRequestRow = Insertable<CancellationRequestsTable>;
export type HistoryRow = Selectable<RequestHistoryTable>;
export type NewHistoryRow = Insertable<RequestHistoryTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type NewOutboxRow = Insertable<OutboxTable>;
export type AnswerRow = Selectable<RequestAnswersTable>;
export type SupportAccountRow = Selectable<SupportAccountsTable>;
export type WebhookMessageRow = Selectable<WebhookMessagesTable>;
export type ProviderCsvUploadRow = Selectable<ProviderCsvUploadsTable>;
