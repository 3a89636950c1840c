/**
 * Where a cancellation request stands (SPEC §5): `queued` → `sent` → `answered`, or `delivery_failed`,
 * `expired`. The CHECK on `cancellation_requests.status` lists the same.
 */
export const REQUEST_STATUSES = ['queued', 'sent', 'answered', 'delivery_failed', 'expired'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
