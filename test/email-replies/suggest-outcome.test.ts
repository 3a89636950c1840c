import { describe, expect, it } from 'vitest';
import { type OutcomeSuggestion, suggestOutcome } from '../../src/email-replies/suggest-outcome.ts';

const CONTEXT = { today: '2026-12-03', requestedOn: '2026-12-01' };
const cancelled = (date: string): OutcomeSuggestion => ({ outcome: 'cancelled', date });
const already = (date: string): OutcomeSuggestion => ({ outcome: 'already_cancelled', date });
const binding = (date: string): OutcomeSuggestion => ({ outcome: 'binding_contract', date });
const NOT_FOUND: OutcomeSuggestion = { outcome: 'not_found' };

describe('suggesting an outcome from what the provider wrote', () => {
  it.each<[string, OutcomeSuggestion]>([
    ['The subscription has been cancelled, access until 31 January 2027.', cancelled('2027-01-31')],
    ['Access until 31/01/2027. It has been cancelled.', cancelled('2027-01-31')],
    ['We have now cancelled it; the member keeps access through January 31, 2027.', cancelled('2027-01-31')],
    ['Cancellation confirmed, active until 31 jan. 2027', cancelled('2027-01-31')],
    ['Terminated effective 31.01.2027', cancelled('2027-01-31')],
    ['Abonnemanget är avslutat och kunden har tillgång till och med 2027-01-31.', cancelled('2027-01-31')],
    ['Vi har sagt upp avtalet per 31 januari 2027.', cancelled('2027-01-31')],
    ['Avslutat tom 31/1', cancelled('2027-01-31')],
    ['Der Vertrag ist gekündigt zum 31.01.2027.', cancelled('2027-01-31')],
    ['Wir bestätigen Ihnen die Kündigung zum 31. Januar 2027.', cancelled('2027-01-31')],
    ['Die Kündigung wurde zum 31.01. vorgemerkt.', cancelled('2027-01-31')],
    ['Access ends on 30 November, it has been cancelled.', cancelled('2026-11-30')],
    ['It was already cancelled on 14 November 2026.', already('2026-11-14')],
    ['Vi kan inte avsluta abonnemanget eftersom det redan är avslutat sedan 2026-11-12.', already('2026-11-12')],
    ['The customer cancelled on 2 November 2026; it was already cancelled before your request.', already('2026-11-02')],
    ['Kontot är redan uppsagt sedan den 12 november.', already('2026-11-12')],
    ['Der Vertrag wurde bereits am 12.11.2026 gekündigt.', already('2026-11-12')],
    ['It cannot be cancelled: binding contract until 30 June 2027.', binding('2027-06-30')],
    ['The minimum term runs until 31 March 2027.', binding('2027-03-31')],
    ['Abonnemanget har bindningstid till 30 juni.', binding('2027-06-30')],
    ['Leider nicht möglich, Mindestvertragslaufzeit bis 30.06.2027.', binding('2027-06-30')],
    ['We could not find a customer with these details.', NOT_FOUND],
    ['Vi hittar ingen kund med den e-postadressen.', NOT_FOUND],
    ['Wir konnten keinen Kunden mit diesen Daten finden.', NOT_FOUND],
    ['Der Kunde ist uns nicht bekannt.', NOT_FOUND],
    ['Cancelled, access until 31 January 2027. See https://fithub.example/help?topic=cancel', cancelled('2027-01-31')],
    ['Cancelled, access until 31 January 2027. If you have any questions, do not hesitate to contact us.', cancelled('2027-01-31')],
    ['Avslutat t.o.m. 2027-01-31. Om ni har några frågor är ni välkomna att höra av er.', cancelled('2027-01-31')],
    ['Gekündigt zum 31.01.2027. Wenn Sie noch Fragen haben, melden Sie sich gern.', cancelled('2027-01-31')],
  ])('%s', (text, suggestion) => {
    expect(suggestOutcome(text, CONTEXT)).toEqual(suggestion);
  });

  it.each([
    ['two outcomes', 'The gym has been cancelled, access until 31 Jan 2027, but we could not find a customer account for the add-on.'],
    ['two outcomes (cancelled and binding)', 'Die Kündigung ist vorgemerkt, die Mindestlaufzeit endet am 30.06.2027.'],
    ['an outcome beside "could not find"', 'The membership has been cancelled until 31 Jan 2027, but we could not find the add-on.'],
    ['a refusal beside "cancelled"', 'It could not be cancelled online. It has been cancelled until 31 January 2027.'],
    ['"not cancelled"', 'The subscription was not cancelled, access until 31 January 2027 as usual.'],
    ['a negation inside the phrase', 'Die Kündigung zum 31.01.2027 wurde nicht bestätigt.'],
    ['a negated binding period', 'There is no minimum term; the plan runs until 31 January 2027.'],
    ['"ingen bindningstid"', 'Det finns ingen bindningstid, abonnemanget löper till 2027-01-31.'],
    ['"keine Mindestlaufzeit"', 'Es gibt keine Mindestlaufzeit, der Vertrag läuft bis 31.01.2027.'],
    ['a question back', 'Cancelled until 31 January 2027 — or did you mean the other account?'],
    ['a request back', 'Please send us the member number, then it can be cancelled until 31 January 2027.'],
    ['a request back (sv)', 'Kan ni skicka personnumret. Abonnemanget är avslutat t.o.m. 2027-01-31.'],
    ['a request back (de)', 'Bitte senden Sie uns die Kundennummer. Gekündigt zum 31.01.2027.'],
    ['a hedge', 'I think it has been cancelled until 31 January 2027.'],
    ['a condition', 'If the device comes back, it has been cancelled until 31 January 2027.'],
    ['a condition (de)', 'Sobald das Gerät da ist, ist der Vertrag zum 31.01.2027 gekündigt.'],
    ['an outcome undone', 'It was cancelled by mistake and has been reactivated until 31 January 2027.'],
    ['an outcome undone (restored)', 'It was cancelled in error; the membership is restored until 31 January 2027.'],
    ['an outcome undone (de)', 'Der Vertrag wurde gekündigt und dann bis 31.01.2028 verlängert.'],
    ['a refusal that names the date asked for', 'Der Vertrag wurde nicht zum 31.01.2027, sondern zum 28.02.2027 gekündigt.'],
    ['the future', 'The subscription will be cancelled on 31 January 2027.'],
    ['only received', 'Wir haben Ihre Kündigungsanfrage erhalten und werden sie bearbeiten.'],
    ['cancelled without a date', 'The subscription has been cancelled.'],
    ['cancelled with a date not introduced as the access end', 'It was cancelled on 3 December 2026.'],
    ['two different access dates', 'Cancelled, access until 31 December 2026 or until 31 January 2027.'],
    ['a day/month order that could be either', 'Cancelled, access until 05/04/2027.'],
    ['an impossible date', 'Cancelled, access until 29 February 2027.'],
    ['already cancelled in the future', 'It was already cancelled on 12 March 2027.'],
    ['a binding contract that already ended', 'Binding contract until 30 June 2026.'],
    ['an access end long before the request', 'Cancelled, access until 31 January 2025.'],
    ['an access end too far ahead', 'Cancelled, access until 31 January 2040.'],
    ['"cancelled" as an adjective', 'Note: cancelled subscriptions stay active until 31 January 2027.'],
    ['"closed" said of an office', 'Our office is closed until 4 January 2027.'],
    ['"beendet" said of a check', 'Wir haben die Prüfung beendet, der Vertrag läuft bis 31.01.2027.'],
    ['no outcome at all', 'Thanks, we will look into it.'],
    ['an "other" reason', 'The customer must cancel in the app herself.'],
    ['empty text', ''],
    ['a text too long to be a short answer', `Cancelled, access until 31 January 2027. ${'More words. '.repeat(300)}`],
  ])('suggests nothing for %s', (_, text) => {
    expect(suggestOutcome(text, CONTEXT)).toBeNull();
  });

  it('checks an access end against the request date, or a year back when there is no request', () => {
    const text = 'Cancelled, access until 30 November 2026.';
    expect(suggestOutcome(text, CONTEXT)).toEqual(cancelled('2026-11-30'));
    expect(suggestOutcome(text, { today: '2026-12-03', requestedOn: '2026-12-02' })).toBeNull();
    expect(suggestOutcome(text, { today: '2026-12-03' })).toEqual(cancelled('2026-11-30'));
    expect(suggestOutcome('Cancelled, access until 30 November 2025.', { today: '2026-12-03' })).toBeNull();
  });
});
