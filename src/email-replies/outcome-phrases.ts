import { phrase } from './phrase-pattern.ts';

/**
 * How providers say each outcome in English, Swedish and German, read from lower-cased text with
 * single spaces. Phrases that contain a "cancelled" but do not mean it ("already cancelled", "could
 * not be cancelled") are their own tables and are read first, so the plain one never sees them.
 */

// en: cancelled/canceled/terminated; sv: avslutat/uppsagt and their forms; de: gekündigt/storniert.
const EN_CANCELLED = '(?:cancell?ed|terminated)';
const SV_CANCELLED = '(?:avslutad|avslutat|avslutats|avslutades|uppsagd|uppsagt|uppsagts|sagts upp|sagt upp|sades upp)';
const DE_CANCELLED = '(?:gekündigt|storniert)';
const ANY_CANCELLED = `(?:${EN_CANCELLED}|${SV_CANCELLED}|${DE_CANCELLED})`;

export const ALREADY_CANCELLED = [
  phrase(`\\balready (?:been )?${EN_CANCELLED}\\b`),
  phrase(`\\b${EN_CANCELLED} (?:already|previously|earlier)\\b`),
  phrase(`\\bredan (?:är |har |blivit )?${SV_CANCELLED}(?![\\p{L}])`),
  phrase(`\\b${SV_CANCELLED} redan\\b`),
  phrase(`\\b(?:bereits|schon)\\b.{0,60}?\\b${DE_CANCELLED}(?![\\p{L}])`),
];

/** "Could not be cancelled" and kin: never a cancellation, though another outcome may give the reason. */
export const REFUSALS = [
  phrase(`(?:\\bnot|n't|\\bnever|\\bunable to|\\bcannot)(?: yet)?(?: possible to| able to)?(?: be| been)? (?:cancel|terminate|${EN_CANCELLED})\\b`),
  phrase(`\\b(?:inte|ej)(?: har)?(?: möjligt)?(?: att)?(?: kunnat| kunna)?(?: bli| blivit)? (?:avsluta|avslutas|säga upp|sägas upp|${SV_CANCELLED})(?![\\p{L}])`),
  phrase(`\\b(?:nicht|keine?)\\b.{0,30}?(?:\\b${DE_CANCELLED}|\\bbeendet|\\bkündigen|\\bkündbar|\\bkündigung möglich)(?![\\p{L}])`),
  phrase(`\\bkündigung\\b.{0,30}?\\bnicht (?:möglich|durchführbar)\\b`),
];

export const CANCELLED = [
  phrase(`\\b(?:has|have|is|are|was|were)(?: now| just)?(?: been)?(?: successfully)? ${EN_CANCELLED}\\b`),
  phrase(`\\b(?:we|i)(?:'ve| have)?(?: now| just)? ${EN_CANCELLED}\\b`),
  phrase(`\\bcancell?ation (?:is |has been |was )?(?:now )?(?:confirmed|processed|completed|complete|registered|done)\\b`),
  phrase(`\\b(?:subscription|membership|account|contract|plan) (?:now )?${EN_CANCELLED}\\b`),
  // "Closed" alone is also an office's or a shop's; said of an account it is a cancellation.
  phrase('\\b(?:account|subscription|membership) (?:is|has been|was) (?:now )?closed\\b'),
  phrase(`\\bconfirm(?:ing)?(?: that)?(?: the| your)? cancell?ation\\b`),
  phrase(`\\b(?:är|har)(?: nu)?(?: blivit)? ${SV_CANCELLED}(?![\\p{L}])`),
  phrase(`\\b(?:abonnemanget|avtalet|medlemskapet|kontot|prenumerationen) (?:är )?(?:nu )?${SV_CANCELLED}(?![\\p{L}])`),
  phrase(`\\buppsägningen (?:är|har) (?:nu )?(?:registrerad|genomförd|bekräftad|klar|utförd|behandlad)(?![\\p{L}])`),
  phrase(`\\b(?:bekräftar|registrerat|genomfört) (?:härmed )?(?:uppsägningen|er uppsägning|kundens uppsägning)(?![\\p{L}])`),
  phrase(`\\b(?:wurde|wurden|ist|sind|haben|habe|hat)\\b.{0,60}?\\b${DE_CANCELLED}(?![\\p{L}])`),
  phrase(`\\bkündigung\\b.{0,40}?\\b(?:bestätigt|bearbeitet|vorgemerkt|durchgeführt|erfasst|eingetragen|ausgeführt)\\b`),
  // "Beendet" alone also ends a check or a call; said of a contract it is a cancellation.
  phrase(`\\b(?:vertrag|abo|abonnement|mitgliedschaft|kundenkonto)\\b.{0,40}?\\bbeendet\\b`),
  phrase(`\\bbestätigen (?:wir )?(?:ihnen )?(?:hiermit )?(?:die|ihre|eine) kündigung\\b`),
  // A terse reply: "Cancelled, access until …", "Avslutat t.o.m. …", "Erledigt – gekündigt zum …".
  phrase(`(?:^|[.!:;,] )(?:done|klart|erledigt)?(?: ?[,.!–-])? ?${ANY_CANCELLED}(?![\\p{L}]| (?:subscriptions|memberships|accounts|contracts|plans|abonnemang|verträge))`),
];

export const BINDING_CONTRACT = [
  phrase('\\bbinding (?:contract|period|term|agreement)\\b'),
  phrase('\\bminimum (?:contract )?(?:term|period|duration)\\b'),
  phrase('\\bfixed[- ]term (?:contract|agreement|subscription)\\b'),
  phrase('\\b\\d{1,2}[- ]months? (?:contract|term|agreement|commitment)\\b|\\bearly termination (?:fee|charge)\\b'),
  phrase('\\b(?:commitment|lock-in) period\\b'),
  phrase('\\bbindning(?:stid|en|stiden)?\\b'),
  phrase('\\b(?:bundet|bindande) (?:avtal|abonnemang)'),
  phrase('\\b(?:avtalet|abonnemanget) är bundet\\b'),
  phrase('\\bmindest(?:vertrags)?laufzeit'),
  phrase('\\b(?:vertragsbindung|erstlaufzeit|festlaufzeit)|\\bfeste (?:vertrags)?laufzeit\\b'),
  phrase('\\bnicht vorzeitig\\b'),
];

export const NOT_FOUND = [
  phrase(`(?:\\bcould not|n't|\\bcannot|\\bcan not|\\bunable to|\\bdid not|\\bnot able to) (?:find|locate|identify)\\b.{0,40}?\\b(?:customer|subscription|account|member|membership|record|user|contract|anyone|anybody|person)`),
  phrase(`\\bno (?:active |matching )?(?:customer|subscription|account|member|membership|record|user|contract)s?\\b.{0,40}?\\b(?:found|exists?|registered|on file|matching|with|under)\\b`),
  phrase(`\\bnot (?:a )?(?:customer|member|subscriber) (?:of|with|at)\\b`),
  phrase(`\\bno (?:record|trace) of\\b|\\b(?:no one|nobody) (?:is )?registered\\b`),
  phrase(`\\b(?:hittar|hittade) (?:inte|ingen|inget|inga)\\b`),
  phrase(`\\b(?:kunde|kan) (?:inte|ej) hitta\\b`),
  phrase(`\\bfinns (?:ingen|inget|inga) (?:kund|konto|abonnemang|medlem|prenumeration|avtal|användare)`),
  phrase(`\\b(?:saknas|finns inte) i (?:vårt|våra) (?:system|register|kundregister)`),
  phrase(`\\binte kund hos oss\\b|\\bingen träff\\b`),
  phrase(`\\bnicht (?:finden|ermitteln|zuordnen|identifizieren|auffinden|gefunden)\\b`),
  phrase(`\\bkeine?n? (?:kunden?|vertrag|konto|abonnement|abo|mitgliedschaft)\\b.{0,30}?\\b(?:gefunden|vorhanden|ermitteln|zuordnen|finden)\\b`),
  phrase(`\\b(?:ist|sind) (?:uns )?nicht bekannt\\b|\\bniemand (?:registriert|bekannt|gefunden)\\b`),
  phrase(`\\bnicht in unserem (?:system|bestand|kundenstamm)`),
];

/** "Could not find the add-on": not a not-found answer by itself, but beside another outcome it makes two. */
export const NOT_FOUND_HINTS = [
  phrase(`(?:\\bcould not|n't|\\bcannot|\\bcan not|\\bunable to|\\bdid not|\\bnot able to) (?:find|locate|identify)\\b`),
  phrase('\\bnot found\\b'),
];
