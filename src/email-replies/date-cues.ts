import { phrase } from './phrase-pattern.ts';

/**
 * The words just before a date that say what it dates, tested against the text up to the date. Up to
 * three words may stand between ("until and including", "till och med den", "bis einschließlich zum").
 */
const BEFORE_DATE = "[:,]? (?:[\\p{L}']{1,20}[:,]? ){0,3}$";

/** Access or a contract lasts until the date. */
export const UNTIL_DATE = phrase(
  `(?:^|[^\\p{L}])(?:until|till|thru|through|including|inclusive|ends?|expires?|effective|as of|per|t\\.o\\.m\\.|tom|slutar|upphör|löper|bis|zum|einschließlich|endet|läuft|gültig|wirksam)${BEFORE_DATE}`,
);

/** Something was done on the date. */
export const ON_DATE = phrase(`(?:^|[^\\p{L}])(?:on|since|as of|dated|den|sedan|redan|per|am|seit|bereits)${BEFORE_DATE}`);
