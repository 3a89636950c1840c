/**
 * The five answers a provider can give (SPEC §4). The codes are language-neutral: the copy files
 * word them, apps and the database see only the codes.
 */
export const OUTCOMES = ['cancelled', 'already_cancelled', 'binding_contract', 'not_found', 'other'] as const;
export type OutcomeType = (typeof OUTCOMES)[number];

/** The outcomes that carry a date, with the name the date has in the app-facing outcome. */
export const DATE_FIELD = {
  cancelled: 'accessUntil',
  already_cancelled: 'cancelledOn',
  binding_contract: 'contractEndsOn',
} as const;
export type DatedOutcome = keyof typeof DATE_FIELD;
export const DATED_OUTCOMES = Object.keys(DATE_FIELD) as DatedOutcome[];

export const isOutcome = (value: unknown): value is OutcomeType => OUTCOMES.includes(value as OutcomeType);
export const isDated = (outcome: OutcomeType): outcome is DatedOutcome => Object.hasOwn(DATE_FIELD, outcome);
