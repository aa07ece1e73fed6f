-- Accounts on the change feed, and leased rate-limit tokens.
--
-- A gateway keeps the accounts its requests sign in with (src/server/authenticate.ts) and drops
-- them on every change to accounts or departments: a deactivated account, a changed role or a
-- renamed department is seen once the feed reports the commit. The payload is the table's name,
-- so a change to an account leaves cached searches and access decisions' inputs alone.
CREATE TRIGGER accounts_catalog_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON accounts
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
--> statement-breakpoint
-- How many tokens the last charge of a bucket gave the replica that asked (src/server/rate-lease.ts):
-- a replica may take several at once and spend them itself.
ALTER TABLE "rate_buckets" ADD COLUMN "granted" integer DEFAULT 0 NOT NULL;
