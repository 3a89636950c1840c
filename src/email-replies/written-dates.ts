/**
 * Dates as people write them in English, Swedish and German mail: 2027-01-31, 31.01.2027, 31/01/2027,
 * 31 January 2027, 31. Januar 2027, 31 jan. 2027, 31:a januari, January 31, 2027, the end of January,
 * with or without the year. Reads lower-cased text; resolving the year and checking the calendar is
 * `calendar-dates.ts`'s job.
 */
export interface WrittenDate {
  start: number;
  end: number;
  year: number | null;
  month: number;
  /** `last` for "the end of January". */
  day: number | 'last';
  /** 05/04/2027 is 5 April in Europe and May 4 in the US: such a date is never read as either. */
  ambiguous: boolean;
}

const MONTH_NAMES: Record<string, number> = {
  january: 1, januari: 1, januar: 1, jänner: 1, jan: 1,
  february: 2, februari: 2, februar: 2, feb: 2,
  march: 3, mars: 3, märz: 3, mar: 3, mär: 3, mrz: 3,
  april: 4, apr: 4,
  may: 5, maj: 5, mai: 5,
  june: 6, juni: 6, jun: 6,
  july: 7, juli: 7, jul: 7,
  august: 8, augusti: 8, aug: 8,
  september: 9, sept: 9, sep: 9,
  october: 10, oktober: 10, oct: 10, okt: 10,
  november: 11, nov: 11,
  december: 12, dezember: 12, dec: 12, dez: 12,
};
// Longest first, so "januari" is not read as "jan" followed by letters.
const MONTH = `(${Object.keys(MONTH_NAMES).sort((a, b) => b.length - a.length).join('|')})\\.?(?!\\p{L})`;
const DAY = '(\\d{1,2})(?:st|nd|rd|th|:a|:e)?';
const YEAR = '(\\d{4})';

type Reading = (m: RegExpExecArray) => Omit<WrittenDate, 'start' | 'end'> | null;

const FORMS: [RegExp, Reading][] = [
  [/(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)/gu, (m) => numeric(m[1], m[2], m[3])],
  [/(?<!\d)(\d{4})\/(\d{1,2})\/(\d{1,2})(?!\d)/gu, (m) => numeric(m[1], m[2], m[3])],
  // 31.01.2027, 31.1.27, 31. 01. 2027, and the German year-less "zum 31.01."
  [/(?<![\d.])(\d{1,2})\. ?(\d{1,2})\.(?: ?(\d{4}|\d{2})(?!\.?\d))?(?!\d)/gu, (m) => numeric(m[3], m[2], m[1])],
  [/(?<![\d/])(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?(?![\d/])/gu, (m) => slashed(m[1]!, m[2]!, m[3])],
  [new RegExp(`(?<!\\d)${DAY}\\.? ?(?:of )?${MONTH},? ?(?:${YEAR}(?!\\d))?`, 'gu'), (m) => named(m[3], m[2]!, m[1]!)],
  [new RegExp(`(?<!\\p{L})${MONTH} ${DAY}(?!\\d)(?:,? ${YEAR}(?!\\d))?`, 'gu'), (m) => named(m[3], m[1]!, m[2]!)],
  [new RegExp(`(?<!\\p{L})(?:end of|slutet av|utgången av|ende) ${MONTH}(?: ${YEAR}(?!\\d))?`, 'gu'), (m) => monthEnd(m[2], m[1]!)],
];

export const WRITTEN_DATE_PATTERNS = FORMS.map(([pattern]) => pattern);

/** Every date written in `text`, in order; where two readings overlap the one starting first wins. */
export function writtenDates(text: string): WrittenDate[] {
  const found: WrittenDate[] = [];
  for (const [pattern, read] of FORMS) {
    for (const match of text.matchAll(pattern)) {
      const date = read(match);
      if (date) found.push({ ...date, start: match.index, end: match.index + match[0].length });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: WrittenDate[] = [];
  for (const date of found) if (date.start >= (kept.at(-1)?.end ?? 0)) kept.push(date);
  return kept;
}

const year = (written: string | undefined): number | null =>
  written === undefined ? null : written.length === 2 ? 2000 + Number(written) : Number(written);

function numeric(y: string | undefined, m: string | undefined, d: string | undefined) {
  return { year: year(y), month: Number(m), day: Number(d), ambiguous: false };
}

/** Day first unless the day cannot be a month's day number and the month can (US order). */
function slashed(first: string, second: string, y: string | undefined) {
  const [a, b] = [Number(first), Number(second)];
  if (b > 12 && a <= 12) return { year: year(y), month: a, day: b, ambiguous: false };
  return { year: year(y), month: b, day: a, ambiguous: a <= 12 && a !== b };
}

function named(y: string | undefined, monthName: string, day: string) {
  return { year: year(y), month: MONTH_NAMES[monthName]!, day: Number(day), ambiguous: false };
}

function monthEnd(y: string | undefined, monthName: string) {
  return { year: year(y), month: MONTH_NAMES[monthName]!, day: 'last' as const, ambiguous: false };
}
