-- The audit chain sealed after the append (R13, R30, R32). Until 0015 every append took the
-- chain's lock and held it to its commit, so audited reads committed one at a time, each waiting
-- for the one before. Now an event is written with the SHA-256 digest of its canonical content
-- and no link: it is durable when its read's statement commits (invariant 5), and appends do not
-- wait for each other. audit_seal() then links the events written so far into the chain, in id
-- order, writing each one's link and hash, sha256(prev_hash || digest), to audit_chain. Events
-- are still never updated. Events written before 0015 keep their link and hash in their own row.
--
-- Id order needs to know that no event below the ids it seals can still commit. Every insert
-- holds the appenders' lock (727002, shared, so appends do not block each other) until its
-- transaction ends. The sealer takes that lock exclusively for as long as it reads the highest
-- id: every append under way has then ended, so every id up to it is committed or rolled back
-- for good, and the sealer seals up to it.
CREATE TABLE "audit_chain" (
	"id" bigint PRIMARY KEY NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "prev_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "digest" text;--> statement-breakpoint
-- Every event written before 0015 has its hash, so the constraint needs no scan of them.
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_digest_or_hash" CHECK (hash is not null or digest is not null) NOT VALID;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_events_appending() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(727002);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_appending BEFORE INSERT ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_appending();
--> statement-breakpoint
-- The seals are append-only like the events (0003): no UPDATE, no TRUNCATE, and a DELETE only of
-- the seal of an event already removed (after its 180 days).
CREATE OR REPLACE FUNCTION audit_chain_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM audit_events WHERE id = OLD.id) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit seals are append-only (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE OR DELETE ON audit_chain
  FOR EACH ROW EXECUTE FUNCTION audit_chain_guard();
--> statement-breakpoint
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_no_truncate();
--> statement-breakpoint
-- Same signature as in 0011, so the statements that read rows and append their event are
-- unchanged. It no longer reads the last hash; the insert takes the appenders' lock (above).
CREATE OR REPLACE FUNCTION audit_append(p_event jsonb, p_digest text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  v_id bigint;
BEGIN
  INSERT INTO audit_events (at, account_id, login, department_code, roles, operation, resource_code, purpose,
      purpose_detail, items_clear, items_masked, items_withheld, filters, row_count, grant_ids, outcome, reason,
      request_id, client_address, digest)
    SELECT e.at, e.account_id, e.login, e.department_code, e.roles, e.operation, e.resource_code, e.purpose,
      e.purpose_detail, e.items_clear, e.items_masked, e.items_withheld, p_event -> 'filters', e.row_count, e.grant_ids,
      e.outcome, e.reason, e.request_id, e.client_address, p_digest
    FROM jsonb_populate_record(null::audit_events, p_event) AS e
    RETURNING id INTO v_id;
  RETURN v_id;
END;
$$;
--> statement-breakpoint
-- Seals up to p_limit events, lowest id first, and returns how many. One sealer at a time on
-- every replica (727003). The appenders' lock is taken as a session lock, so that it is held only
-- while the highest id is read, not while the events are sealed; it is released on every path.
-- A seal waits at most 200 ms for the appends under way (a transaction that appended an event
-- and then waits for a row lock must not hold up the appends queued behind the sealer): if they
-- have not ended by then, the seal fails and the next one tries again. The seal's own commit does
-- not wait for its WAL flush: a seal lost in a crash leaves its events unsealed, and the next one
-- links them again, the same way; the events themselves were durable before their reads answered.
CREATE OR REPLACE FUNCTION audit_seal(p_limit integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  v_lock_timeout text := current_setting('lock_timeout');
  v_horizon bigint;
  v_last bigint;
  v_prev text;
  v_ids bigint[] := '{}';
  v_prevs text[] := '{}';
  v_hashes text[] := '{}';
  r record;
BEGIN
  PERFORM pg_advisory_xact_lock(727003);
  PERFORM set_config('synchronous_commit', 'off', true);
  PERFORM set_config('lock_timeout', '200ms', true);
  PERFORM pg_advisory_lock(727002);
  BEGIN
    SELECT max(id) INTO v_horizon FROM audit_events;
  EXCEPTION WHEN OTHERS OR query_canceled THEN
    PERFORM pg_advisory_unlock(727002);
    RAISE;
  END;
  PERFORM pg_advisory_unlock(727002);
  PERFORM set_config('lock_timeout', v_lock_timeout, true);
  -- The chain's end: the last seal, or before the first one the last event chained in its own row.
  SELECT id, hash INTO v_last, v_prev FROM audit_chain ORDER BY id DESC LIMIT 1;
  IF v_last IS NULL THEN
    SELECT id, hash INTO v_last, v_prev FROM audit_events WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1;
  END IF;
  v_prev := coalesce(v_prev, repeat('0', 64));
  FOR r IN SELECT id, digest FROM audit_events WHERE id > coalesce(v_last, 0) AND id <= v_horizon ORDER BY id LIMIT p_limit LOOP
    v_ids := v_ids || r.id;
    v_prevs := v_prevs || v_prev;
    v_prev := encode(sha256(convert_to(v_prev || r.digest, 'UTF8')), 'hex');
    v_hashes := v_hashes || v_prev;
  END LOOP;
  INSERT INTO audit_chain (id, prev_hash, hash) SELECT * FROM unnest(v_ids, v_prevs, v_hashes);
  RETURN cardinality(v_ids);
END;
$$;
