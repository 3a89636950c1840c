import { z } from 'zod';
import { addDays } from '../clock.ts';
import type { WrittenDate } from './written-dates.ts';

/**
 * Which year a date written without one means depends on what it dates: an access end is the one
 * nearest today (it may have just passed), a contract end the next one, a cancellation the last one.
 */
export type YearSense = 'nearest' | 'next' | 'last';

/** The `YYYY-MM-DD` a written date stands for, or null when it is ambiguous or no real date. */
export function calendarDate(written: WrittenDate, sense: YearSense, today: string): string | null {
  if (written.ambiguous) return null;
  if (written.year !== null) return realDate(written.year, written.month, written.day);
  const thisYear = Number(today.slice(0, 4));
  const candidates = [thisYear - 1, thisYear, thisYear + 1]
    .map((year) => realDate(year, written.month, written.day))
    .filter((date) => date !== null);
  if (sense === 'next') return candidates.find((date) => date >= addDays(today, -1)) ?? null;
  if (sense === 'last') return candidates.findLast((date) => date <= addDays(today, 1)) ?? null;
  return candidates.toSorted((a, b) => distance(a, today) - distance(b, today))[0] ?? null;
}

function realDate(year: number, month: number, day: number | 'last'): string | null {
  const dayOfMonth = day === 'last' ? new Date(Date.UTC(year, month, 0)).getUTCDate() : day;
  const iso = `${String(year).padStart(4, '0')}-${pad(month)}-${pad(dayOfMonth)}`;
  // zod's ISO date knows month lengths and leap years, as the reply form's check does (answer-form.ts).
  return z.iso.date().safeParse(iso).success ? iso : null;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const distance = (a: string, b: string): number => Math.abs(Date.parse(a) - Date.parse(b));
