/**
 * Email replies (issue 15), the runtime-agnostic core: read a received message, tell a reply from a
 * machine's, find its request, suggest its outcome. Each step is pure (no I/O, no clock) so the doors
 * (CLI, Resend, Email Workers) and the store can be built around it.
 */
export { readReceivedEmail } from './read-received-email.ts';
export { RECEIVED_EMAIL_LIMITS, type ReadResult, type ReceivedEmail, type ReceivedEmailLimits } from './received-email.ts';
export { classifyReceivedEmail, type ReceivedEmailKind } from './classify.ts';
export { type EmailMatch, type FoundRequests, type MatchLookups, type MatchedBy, matchLookups, matchReceivedEmail } from './match.ts';
export { REPLY_KEY, bracketed, replyAddress, replyKeyOf } from '../mail/reply-address.ts';
export { messageIdsIn } from './message-ids.ts';
export { type OutcomeSuggestion, suggestOutcome } from './suggest-outcome.ts';
