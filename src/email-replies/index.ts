/**
 * Email replies (issue 15), the runtime-agnostic core: read a received message, tell a reply from a
 * machine's, find its request, suggest its outcome. Each step is pure (no I/O, no clock); `receiveEmail`
 * is the one use case every door (CLI, admin API, Resend, Email Workers, dev outbox) hands its bytes to.
 */
export { readReceivedEmail } from './read-received-email.ts';
export { RECEIVED_EMAIL_LIMITS, type ReadResult, type ReceivedEmail, type ReceivedEmailLimits } from './received-email.ts';
export { classifyReceivedEmail, type ReceivedEmailKind } from './classify.ts';
export { type EmailMatch, type FoundRequests, type MatchLookups, type MatchedBy, matchLookups, matchReceivedEmail } from './match.ts';
export { REPLY_KEY, bracketed, replyAddress, replyKeyOf } from '../mail/reply-address.ts';
export { messageIdsIn } from './message-ids.ts';
export { type OutcomeSuggestion, suggestOutcome } from './suggest-outcome.ts';
export { type EmailReplyNote, type EmailReplySummary, type Reception, type ReceivedMessage, receiveEmail, summaryOf } from './receive.ts';
