import { describe, expect, it } from 'vitest';
import { visibleReplyText } from '../../src/email-replies/visible-text.ts';

const QUOTE = '> Cancellation request\n> If you cannot find the account or cannot cancel it, tell us why.';

describe('the visible part of a reply', () => {
  it.each([
    ['top-posted above an attribution and a quote', `Cancelled.\n\nOn Tue, 1 Dec 2026 at 10:12, Canceldesk <r@c.example> wrote:\n\n${QUOTE}`, 'Cancelled.'],
    ['bottom-posted below a quote', `On Tue, 1 Dec 2026 at 10:12, Canceldesk <r@c.example> wrote:\n${QUOTE}\n\nCancelled.`, 'Cancelled.'],
    ['answers between quoted lines', `> Is it cancelled\nYes.\n> Until when\n31 January 2027.`, 'Yes.\n31 January 2027.'],
    ['a Swedish attribution', `Avslutat.\n\nDen tis 1 dec. 2026 kl 10:12 skrev Canceldesk <r@c.example>:\n${QUOTE}`, 'Avslutat.'],
    ['a German attribution with a time', `Gekündigt.\n\nCanceldesk <r@c.example> schrieb am 01.12.2026 um 10:12:\n${QUOTE}`, 'Gekündigt.'],
    ['an attribution wrapped over two lines', `Done.\n\nOn Tue, Dec 1, 2026 at 10:12 AM Canceldesk <\nr@c.example> wrote:\n\n${QUOTE}`, 'Done.'],
    ['an attribution with unquoted history below', `Done.\n\nOn Tue, 1 Dec 2026, Canceldesk wrote:\nCancellation request\nIf you cannot find the account…`, 'Done.'],
    ['Outlook headers (en)', 'Done.\n\n________________________________\nFrom: Canceldesk <r@c.example>\nSent: Tuesday\nSubject: x\n\nIf you cannot find it…', 'Done.'],
    ['Outlook headers (sv), no line above', 'Klart.\n\nFrån: Canceldesk <r@c.example>\nSkickat: den 1 december 2026 10:12\nTill: x\n\nOm ni inte hittar kontot…', 'Klart.'],
    ['Outlook headers (de)', 'Erledigt.\n\n-----Ursprüngliche Nachricht-----\nVon: Canceldesk <r@c.example>\nGesendet: Dienstag\n\nWenn Sie das Konto nicht finden…', 'Erledigt.'],
    ['a forwarded message', 'See below.\n\n---------- Forwarded message ---------\nFrom: Billing <b@x.example>\n\nCancelled until 31 Jan.', 'See below.'],
    ['Apple Mail forwarding', 'FYI\n\nBegin forwarded message:\n\nFrom: Billing <b@x.example>\nCancelled.', 'FYI'],
    ['a "-- " signature', 'Cancelled.\n\n-- \nMark Jensen\nRegistered 01/02/2015', 'Cancelled.'],
    ['Sent from my iPhone', 'Cancelled.\n\nSent from my iPhone', 'Cancelled.'],
    ['Von meinem iPhone gesendet', 'Gekündigt.\n\nVon meinem iPhone gesendet', 'Gekündigt.'],
    ['Skickat från min iPhone', 'Avslutat.\n\nSkickat från min iPhone', 'Avslutat.'],
    ['a closing and the signature below it (en)', 'Cancelled.\n\nKind regards,\nMark\nFitHub Ltd, est. 01/02/2015', 'Cancelled.'],
    ['a closing with the name on its line (sv)', 'Avslutat.\n\nMed vänlig hälsning, Anna Lindqvist\nKundservice', 'Avslutat.'],
    ['a closing (de)', 'Gekündigt.\n\nMit freundlichen Grüßen\nMax Müller\nHRB 123456', 'Gekündigt.'],
    ['a "Thanks," closing', 'Cancelled.\n\nThanks,\nPriya', 'Cancelled.'],
    ['but not a "Thanks!" opening', 'Thanks!\nCancelled, access until 31 January.', 'Thanks!\nCancelled, access until 31 January.'],
    ['a sentence that merely contains "wrote"', 'You wrote that the customer is Jane.\nCancelled.', 'You wrote that the customer is Jane.\nCancelled.'],
    ['blank lines squeezed', 'A\n\n\n\nB', 'A\n\nB'],
  ])('%s', (_, text, visible) => {
    expect(visibleReplyText(text)).toBe(visible);
  });
});
