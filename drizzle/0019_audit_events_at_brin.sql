-- The audit trail's time key as a BRIN index. Events are appended in time order and never
-- changed (0003), so a block range's minimum and maximum time bound what it holds; the time-range
-- reads (auditEvents from/to, the year's sharing statistics, the 180-day retention) scan the
-- ranges that overlap. An append touches at most its block range's summary (nothing while the
-- range is not yet summarised), where the btree key was one more index insert on every audited
-- read: about 20-30 us of the database's CPU each, measured at city scale.
-- Reads by login or resource keep their btree keys (login, at) and (resource_code, at).
DROP INDEX "audit_events_at_idx";--> statement-breakpoint
CREATE INDEX "audit_events_at_idx" ON "audit_events" USING brin ("at");
