import { DAY_MS, isoDay } from '../clock.ts';
import type { Copy } from '../copy/index.ts';
import { findProviderRequest, type InboxRequestRow, listAnsweredSince, listOpenRequests, openRequestSummary } from '../db/provider-inbox.ts';
import { storedCustomer } from '../db/requests.ts';
import type { Deps } from '../deps.ts';
import { DATE_FIELD, isDated, isOutcome, type OutcomeType } from '../outcome.ts';
import { customerDetails } from '../providers/identifiers.ts';
import type { InboxAccess } from './inbox-link.ts';

/** Rows per page: a morning's work for a busy back office, and a page that still loads at once. */
export const INBOX_PAGE_SIZE = 100;
/** How far back answered requests stay on the page, for the provider to correct one. */
export const CORRECTION_DAYS = 30;
/** The answered ones shown, newest first. */
const ANSWERED_SHOWN = 100;

export interface InboxRow {
  id: string;
  reference: string;
  /** YYYY-MM-DD */
  requestedOn: string;
  /** Whole days since the request date (UTC). */
  daysWaiting: number;
  identifiers: { key: string; label: string; value: string }[];
}

export interface AnsweredRow {
  id: string;
  reference: string;
  /** YYYY-MM-DD */
  answeredOn: string;
  outcome: { outcome: OutcomeType; date: string | null };
}

export interface Inbox {
  providerName: string;
  locale: string;
  copy: Copy;
  open: number;
  /** This page of open requests, oldest first; `from` counts from 1. */
  page: { rows: InboxRow[]; from: number; nextAfter: string | null; first: boolean };
  answered: AnsweredRow[];
}

/**
 * The provider's inbox: how many requests are open, one page of them oldest first (after request
 * `after`, by request date), and what it answered in the last 30 days. Only reads.
 */
export async function showInbox(deps: Pick<Deps, 'db' | 'clock'>, access: InboxAccess, options: { after?: string } = {}): Promise<Inbox> {
  const { provider } = access;
  const now = deps.clock.now();
  // A position is a request of this provider's; anything else (made up, another provider's) starts at the beginning.
  const anchor = options.after ? await findProviderRequest(deps.db, provider.id, options.after) : null;
  const after = anchor ? { createdAt: anchor.created_at, id: anchor.id } : undefined;
  const [summary, rows, before, answered] = await Promise.all([
    openRequestSummary(deps.db, provider.id),
    listOpenRequests(deps.db, provider.id, { after, limit: INBOX_PAGE_SIZE + 1 }),
    after ? openRequestSummary(deps.db, provider.id, after) : Promise.resolve({ open: 0 }),
    listAnsweredSince(deps.db, provider.id, new Date(now.getTime() - CORRECTION_DAYS * DAY_MS).toISOString(), ANSWERED_SHOWN),
  ]);
  const shown = rows.slice(0, INBOX_PAGE_SIZE);
  const today = isoDay(now);
  return {
    providerName: provider.name,
    locale: provider.locale,
    copy: access.copy,
    open: summary.open,
    page: {
      rows: shown.map((row) => ({
        id: row.id,
        reference: row.reference,
        requestedOn: row.created_at.slice(0, 10),
        daysWaiting: daysBetween(row.created_at.slice(0, 10), today),
        identifiers: customerDetails(provider.identifiers, storedCustomer(row) ?? {}, provider.locale),
      })),
      from: before.open + 1,
      nextAfter: rows.length > INBOX_PAGE_SIZE ? shown.at(-1)!.id : null,
      first: after === undefined,
    },
    answered: answered.flatMap((row) => {
      const outcome = appVisibleOutcome(row);
      return outcome ? [{ id: row.id, reference: row.reference, answeredOn: (row.answered_at ?? row.created_at).slice(0, 10), outcome }] : [];
    }),
  };
}

/** Whether a request is one the inbox reaches: open, or answered in the last 30 days (and not closed). */
export function inInbox(row: Pick<InboxRequestRow, 'status' | 'answered_at'>, now: Date): boolean {
  if (row.status === 'queued' || row.status === 'sent') return true;
  return row.status === 'answered' && row.answered_at !== null && row.answered_at >= new Date(now.getTime() - CORRECTION_DAYS * DAY_MS).toISOString();
}

export const daysBetween = (fromDay: string, toDay: string): number => Math.max(0, Math.round((Date.parse(toDay) - Date.parse(fromDay)) / DAY_MS));

/** The latest answer as the request row keeps it for apps: its type and date. */
function appVisibleOutcome(row: Pick<InboxRequestRow, 'outcome'>): AnsweredRow['outcome'] | null {
  const stored = row.outcome ? (JSON.parse(row.outcome) as Record<string, string>) : null;
  if (!stored || !isOutcome(stored.type)) return null;
  return { outcome: stored.type, date: isDated(stored.type) ? (stored[DATE_FIELD[stored.type]] ?? null) : null };
}
