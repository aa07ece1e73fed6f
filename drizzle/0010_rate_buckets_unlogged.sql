-- Rate-limit buckets are counters, not records: unlogged, so taking a token writes no WAL and a
-- request's commit waits for no disk flush. After a crash PostgreSQL empties the table, which
-- only refills every bucket.
ALTER TABLE "rate_buckets" SET UNLOGGED;
