import type { ReceivedEmail } from './received-email.ts';

/** Replies are read and suggested; auto-replies are kept but folded away; bounces fail the request's delivery. */
export type ReceivedEmailKind = 'reply' | 'auto_reply' | 'bounce';

// Old-style bounces carry no report, only who sent them.
const MAIL_SYSTEM_SENDER = /^(?:mailer-daemon|postmaster)@/i;
const AUTOMATIC_PRECEDENCE = /^(?:auto_reply|bulk|junk)$/i;
// Out-of-office subjects as Outlook, Exchange, Gmail and people word them in English, Swedish and German.
const OUT_OF_OFFICE_SUBJECT =
  /\b(?:out of (?:the )?office|auto(?:matic)?[- ]?(?:reply|response)|away from (?:the )?office|frånvaro(?:meddelande)?|frånvarande|automatiskt svar|autosvar|inte på kontoret|abwesenheit(?:snotiz)?|automatische antwort|nicht im büro|außer haus)\b/iu;

export const CLASSIFY_PATTERNS = [MAIL_SYSTEM_SENDER, AUTOMATIC_PRECEDENCE, OUT_OF_OFFICE_SUBJECT];

export function classifyReceivedEmail(email: ReceivedEmail): ReceivedEmailKind {
  const { headers } = email;
  const reportType = multipartReportType(headers.contentType);
  // RFC 3464 delivery reports; read receipts (RFC 8098) are a machine answering, not a bounce.
  if (reportType === 'delivery-status' || MAIL_SYSTEM_SENDER.test(email.from?.address ?? '')) return 'bounce';
  if (reportType === 'disposition-notification' || isAutoSubmitted(headers.autoSubmitted)) return 'auto_reply';
  if (headers.xAutoreply !== null || headers.xAutorespond !== null) return 'auto_reply';
  if (AUTOMATIC_PRECEDENCE.test((headers.precedence ?? '').trim())) return 'auto_reply';
  return OUT_OF_OFFICE_SUBJECT.test(email.subject) ? 'auto_reply' : 'reply';
}

/** RFC 3834: `Auto-Submitted: no` (or none) is a person; any other value, with or without comments, a machine. */
function isAutoSubmitted(value: string | null): boolean {
  if (value === null) return false;
  const keyword = value.split(/[;(]/, 1)[0]!.trim().toLowerCase();
  return keyword !== '' && keyword !== 'no';
}

/** The `report-type` of a `multipart/report` Content-Type (RFC 6522), lower case; null for anything else. */
function multipartReportType(contentType: string | null): string | null {
  const [type, ...parameters] = (contentType ?? '').split(';');
  if (type!.trim().toLowerCase() !== 'multipart/report') return null;
  for (const parameter of parameters) {
    const [name, value] = parameter.split('=', 2);
    if (name!.trim().toLowerCase() === 'report-type' && value !== undefined) return value.trim().replace(/^"|"$/g, '').toLowerCase();
  }
  return null;
}
