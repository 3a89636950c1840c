import { describe, expect, it } from 'vitest';
import { calendarDate, type YearSense } from '../../src/email-replies/calendar-dates.ts';
import { writtenDates } from '../../src/email-replies/written-dates.ts';

const TODAY = '2026-12-03';
/** The calendar dates written in a (lower-cased) text, read as access ends. */
const datesIn = (text: string, sense: YearSense = 'nearest') => writtenDates(text).map((date) => calendarDate(date, sense, TODAY));

describe('dates as people write them', () => {
  it.each([
    ['2027-01-31'],
    ['2027/01/31'],
    ['31.01.2027'],
    ['31.1.2027'],
    ['31.01.27'],
    ['31. 01. 2027'],
    ['31/01/2027'],
    ['31/1/27'],
    ['31 january 2027'],
    ['31 jan 2027'],
    ['31 jan. 2027'],
    ['31st january 2027'],
    ['31st of january, 2027'],
    ['january 31, 2027'],
    ['jan 31st 2027'],
    ['31. januar 2027'],
    ['31.januar 2027'],
    ['31. jänner 2027'],
    ['31 januari 2027'],
    ['31:a januari 2027'],
    ['end of january 2027'],
    ['slutet av januari 2027'],
    ['ende januar 2027'],
  ])('%s is 2027-01-31', (written) => {
    expect(datesIn(`until ${written}.`)).toEqual(['2027-01-31']);
  });

  it.each([
    ['1 march 2027', '2027-03-01'],
    ['1 mars 2027', '2027-03-01'],
    ['1. märz 2027', '2027-03-01'],
    ['2 maj 2027', '2027-05-02'],
    ['2. mai 2027', '2027-05-02'],
    ['may 2, 2027', '2027-05-02'],
    ['17 okt. 2027', '2027-10-17'],
    ['24. dez. 2026', '2026-12-24'],
    ['end of february 2028', '2028-02-29'],
    ['13/01/2027', '2027-01-13'],
    ['01/13/2027', '2027-01-13'],
  ])('%s is %s', (written, iso) => {
    expect(datesIn(written)).toEqual([iso]);
  });

  it.each([
    ['05/04/2027', 'day and month could be either way round'],
    ['29.02.2027', 'no 29 February in 2027'],
    ['2025-02-29', 'no 29 February in 2025'],
    ['31.04.2027', 'April has 30 days'],
    ['2027-13-01', 'no month 13'],
    ['00.01.2027', 'no day 0'],
  ])('%s is no date: %s', (written) => {
    expect(datesIn(written)).toEqual([null]);
  });

  it.each([
    ['5/5/2027', '2027-05-05'],
    ['1.2.2027', '2027-02-01'],
  ])('%s is not ambiguous', (written, iso) => {
    expect(datesIn(written)).toEqual([iso]);
  });

  it('reads no dates out of versions, amounts, times, phone numbers and IP addresses', () => {
    expect(writtenDates('version 1.2.3.4, 24.99 gbp, 10:12, 08-123 456 78, 192.168.1.1, 2027 members')).toEqual([]);
  });

  it('reads each date once where two forms overlap, in order', () => {
    expect(datesIn('from 31 january 2027 to 2027-02-28')).toEqual(['2027-01-31', '2027-02-28']);
  });

  describe('without a year, by what the date dates (today is 2026-12-03)', () => {
    it.each<[string, YearSense, string | null]>([
      ['31 january', 'nearest', '2027-01-31'],
      ['30 november', 'nearest', '2026-11-30'],
      ['31/1', 'nearest', '2027-01-31'],
      ['31.01.', 'nearest', '2027-01-31'],
      ['end of january', 'nearest', '2027-01-31'],
      ['20 november', 'last', '2026-11-20'],
      ['4 december', 'last', '2026-12-04'],
      ['5 december', 'last', '2025-12-05'],
      ['30 june', 'next', '2027-06-30'],
      ['2 december', 'next', '2026-12-02'],
      ['1 december', 'next', '2027-12-01'],
      // The years around today (2025–2027) have no 29 February.
      ['29 february', 'next', null],
    ])('%s read as %s is %s', (written, sense, iso) => {
      expect(datesIn(written, sense)).toEqual([iso]);
    });
  });
});
