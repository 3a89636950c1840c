import { phrase } from './phrase-pattern.ts';

/**
 * What makes a reply something for a person to read rather than an outcome to suggest: a question or
 * a request back, a hedge, a condition, an outcome undone, a negation just before an outcome phrase.
 */

/** Courtesy lines carry an "if" or a "please contact" that doubt nothing; they are removed before reading. */
export const COURTESIES = [
  phrase("\\b(?:if|should) you (?:have|need) (?:any )?(?:further |other |more )?(?:questions|help|anything(?: else)?)\\b"),
  phrase("\\b(?:do not|don't) hesitate to (?:contact|get in touch with) us\\b"),
  phrase('\\bom (?:ni|du) har (?:några )?(?:fler |ytterligare |andra )?frågor\\b'),
  phrase('\\b(?:wenn|falls) sie (?:noch )?(?:weitere |andere )?fragen haben\\b'),
];

export const ASKS_BACK = [
  phrase('\\?'),
  phrase('\\b(?:please|kindly) (?:send|provide|confirm|let us know|forward|give|tell|share|check|advise)\\b'),
  phrase('\\b(?:could|can|would) you\\b|\\bwe (?:need|require|would need)\\b'),
  phrase('\\b(?:vänligen|var vänlig|skicka gärna|kan ni|kan du|skulle ni|vi behöver|behöver vi|ber er|ber om)\\b'),
  phrase('\\bbitte (?:senden|schicken|teilen|nennen|geben|bestätigen|übermitteln|prüfen)|\\b(?:können|könnten) sie\\b|\\b(?:benötigen|bräuchten) wir\\b|\\bwir (?:benötigen|brauchen)\\b'),
];

export const HEDGES = [
  phrase('\\b(?:i think|i believe|not sure|unsure|maybe|perhaps|probably|might|assuming|as soon as|once|if|unless|provided that)\\b'),
  phrase('\\b(?:jag tror|tror jag|osäker|kanske|troligen|antagligen|möjligen|så snart|när vi har|ifall|förutsatt att|såvida)\\b'),
  phrase('\\b(?:ich glaube|glaube ich|nicht sicher|vielleicht|wahrscheinlich|vermutlich|möglicherweise|sobald|falls|wenn|sofern|vorausgesetzt)\\b'),
  // An outcome undone: "cancelled by mistake and reactivated", "cancelled, then renewed".
  phrase('\\b(?:reactivated|reinstated|restored|renewed|reversed|undone|by mistake|in error|återaktiverat|återaktiverad|återställt|förnyat|ångrat|av misstag|reaktiviert|wiederhergestellt|verlängert|widerrufen|zurückgenommen|versehentlich)\\b'),
];

/** "No binding period", "ingen bindningstid", "keine Mindestlaufzeit": a negation up to two words before a phrase. */
export const NEGATED_BEFORE = phrase(
  "(?:n't|\\b(?:not|no|never|without|inte|ej|ingen|inget|inga|utan|aldrig|nicht|kein|keine|keinen|keiner|ohne|nie))(?: [\\p{L}'-]{1,20}){0,2} ?$",
);
/** A negation inside a phrase that spans words ("Kündigung wurde nicht bestätigt"). */
export const NEGATION = phrase("n't|\\b(?:not|no|never|inte|ej|nicht|kein|keine|nie)\\b");
