-- Column statistics of the audit trail only where a query filters or groups on the column.
-- audit_events grows with every read, so autovacuum analyzes it again after each 10 % of growth,
-- and each ANALYZE sorts a 30,000-row sample of every column. The hashes and request ids are
-- unique 36-64 character strings and the arrays and filters are compared element by element:
-- on the city bench's 163,000 events that was most of a 450-580 ms ANALYZE, which fell to
-- 160-235 ms with these columns left out. Nothing filters, joins, groups or sorts on them
-- (src/audit/audit.service.ts auditWhere, src/stats/stats.service.ts); the chain check reads
-- them in id order. The columns queries use (at, login, department_code, resource_code,
-- purpose, operation, outcome, reason, row_count) keep the default target.
ALTER TABLE "audit_events"
  ALTER COLUMN "hash" SET STATISTICS 0,
  ALTER COLUMN "prev_hash" SET STATISTICS 0,
  ALTER COLUMN "request_id" SET STATISTICS 0,
  ALTER COLUMN "client_address" SET STATISTICS 0,
  ALTER COLUMN "purpose_detail" SET STATISTICS 0,
  ALTER COLUMN "roles" SET STATISTICS 0,
  ALTER COLUMN "items_clear" SET STATISTICS 0,
  ALTER COLUMN "items_masked" SET STATISTICS 0,
  ALTER COLUMN "items_withheld" SET STATISTICS 0,
  ALTER COLUMN "filters" SET STATISTICS 0,
  ALTER COLUMN "grant_ids" SET STATISTICS 0;
