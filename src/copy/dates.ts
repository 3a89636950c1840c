const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Writes a calendar date (YYYY-MM-DD) in the given Intl locale. The date is built and formatted in
 * UTC, so the server's time zone can never move it by a day. An impossible date is an error rather
 * than something `Date` quietly rolls over into the next month.
 */
export function formatCalendarDate(isoDate: string, intlLocale: string): string {
  const match = ISO_DATE.exec(isoDate);
  if (!match) throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(isoDate)}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear puts the year back where it was asked.
  date.setUTCFullYear(year);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new RangeError(`Not a real calendar date: ${isoDate}`);
  }
  return dateFormat(intlLocale).format(date);
}

// Building an Intl.DateTimeFormat costs far more than formatting with one (it loads the locale's
// data): one per locale, made once. Every page that shows a request date formats through here.
const formats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(intlLocale: string): Intl.DateTimeFormat {
  let format = formats.get(intlLocale);
  if (!format) {
    format = new Intl.DateTimeFormat(intlLocale, { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
    formats.set(intlLocale, format);
  }
  return format;
}
