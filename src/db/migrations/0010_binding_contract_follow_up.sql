-- Issue 17, binding contracts followed up. When a request's latest answer is `binding_contract`, the
-- scheduler looks at it again on the contract's end date (`lifecycle_due_at`, now also set on answered
-- requests) and, a provider's `follow_up_delay_days` later, asks the provider again whether it is cancelled.
ALTER TABLE providers ADD COLUMN follow_up_delay_days INTEGER NOT NULL DEFAULT 1;

-- The app's choice at creation (`followUpBindingContract`); 0 = never follow up.
ALTER TABLE cancellation_requests ADD COLUMN follow_up_binding_contract INTEGER NOT NULL DEFAULT 1;
-- The binding-contract answer the latest follow-up followed up (its id): at most one follow-up per answer.
ALTER TABLE cancellation_requests ADD COLUMN follow_up_of TEXT;
-- The app-visible part of that follow-up, JSON `{ answeredAt, contractEndsOn, sentAt }`: no free text.
ALTER TABLE cancellation_requests ADD COLUMN follow_up TEXT;

-- A webhook message keeps the request's app-visible state as the change left it, the follow-up included.
ALTER TABLE webhook_messages ADD COLUMN follow_up TEXT;
