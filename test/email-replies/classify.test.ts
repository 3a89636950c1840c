import { describe, expect, it } from 'vitest';
import { classifyReceivedEmail } from '../../src/email-replies/classify.ts';
import type { AutomationHeaders, ReceivedEmail } from '../../src/email-replies/received-email.ts';
import { receivedEmail } from './messages.ts';

const SUBJECT = 'Re: Cancellation request: Jane Doe (CD-7K3M9QX2)';
const withHeaders = (headers: Partial<AutomationHeaders>, fields: Partial<ReceivedEmail> = {}) =>
  receivedEmail({ subject: SUBJECT, ...fields, headers: { ...receivedEmail().headers, ...headers } });

describe('telling a reply from a machine', () => {
  it.each<[string, ReceivedEmail, ReturnType<typeof classifyReceivedEmail>]>([
    ['a person replying', withHeaders({}), 'reply'],
    ['Auto-Submitted: no', withHeaders({ autoSubmitted: 'no' }), 'reply'],
    ['Auto-Submitted: No (a comment)', withHeaders({ autoSubmitted: 'No (sent by a person)' }), 'reply'],
    ['Auto-Submitted: auto-replied', withHeaders({ autoSubmitted: 'auto-replied' }), 'auto_reply'],
    ['Auto-Submitted: auto-generated with a comment', withHeaders({ autoSubmitted: 'auto-generated (vacation)' }), 'auto_reply'],
    ['X-Autoreply', withHeaders({ xAutoreply: 'yes' }), 'auto_reply'],
    ['X-Autorespond', withHeaders({ xAutorespond: 'true' }), 'auto_reply'],
    ['Precedence: auto_reply', withHeaders({ precedence: 'auto_reply' }), 'auto_reply'],
    ['Precedence: bulk', withHeaders({ precedence: ' Bulk ' }), 'auto_reply'],
    ['Precedence: junk', withHeaders({ precedence: 'junk' }), 'auto_reply'],
    ['Precedence: first-class', withHeaders({ precedence: 'first-class' }), 'reply'],
    ['"Out of Office:" subject', withHeaders({}, { subject: `Out of Office: ${SUBJECT}` }), 'auto_reply'],
    ['"Automatic reply:" subject', withHeaders({}, { subject: `Automatic reply: ${SUBJECT}` }), 'auto_reply'],
    ['"Autoreply" subject', withHeaders({}, { subject: 'Autoreply' }), 'auto_reply'],
    ['"Automatiskt svar:" subject', withHeaders({}, { subject: `Automatiskt svar: ${SUBJECT}` }), 'auto_reply'],
    ['"Frånvaromeddelande" subject', withHeaders({}, { subject: 'Frånvaromeddelande' }), 'auto_reply'],
    ['"Inte på kontoret" subject', withHeaders({}, { subject: 'Inte på kontoret 21/12–4/1' }), 'auto_reply'],
    ['"Abwesenheitsnotiz:" subject', withHeaders({}, { subject: `Abwesenheitsnotiz: ${SUBJECT}` }), 'auto_reply'],
    ['"Automatische Antwort:" subject', withHeaders({}, { subject: `Automatische Antwort: ${SUBJECT}` }), 'auto_reply'],
    ['a read receipt', withHeaders({ contentType: 'multipart/report; report-type=disposition-notification; boundary="x"' }), 'auto_reply'],
    ['a delivery report', withHeaders({ contentType: 'multipart/report; report-type=delivery-status; boundary="x"' }), 'bounce'],
    ['a delivery report, quoted and upper case', withHeaders({ contentType: 'Multipart/Report; boundary="x"; Report-Type="Delivery-Status"' }), 'bounce'],
    ['a delivery report that is also auto-submitted', withHeaders({ autoSubmitted: 'auto-replied', contentType: 'multipart/report; report-type=delivery-status' }), 'bounce'],
    ['a bounce from MAILER-DAEMON without a report', withHeaders({}, { from: { address: 'MAILER-DAEMON@mx.example', name: '' } }), 'bounce'],
    ['a bounce from postmaster', withHeaders({}, { from: { address: 'postmaster@mobilplus.example', name: '' } }), 'bounce'],
    ['a multipart/mixed message', withHeaders({ contentType: 'multipart/mixed; boundary="report-type=delivery-status"' }), 'reply'],
    ['a reply whose text mentions the office', withHeaders({}, { subject: SUBJECT, visibleText: 'I was out of the office; it is cancelled now.' }), 'reply'],
  ])('%s', (_, email, kind) => {
    expect(classifyReceivedEmail(email)).toBe(kind);
  });
});
