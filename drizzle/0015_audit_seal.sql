-- The audit chain sealed after the append (R13, R30, R32). Until 0015 every append took the
-- chain's lock and held it to its commit, so audited reads committed one at a time, each waiting
-- for the WAL flush of the one before. Now an event is written with the SHA-256 digest of its
-- content and no link; it is durable when its read's statement commits (invariant 5), and many
-- such commits share one flush. audit_seal() then links the unsealed events into the chain, in id
-- order, under the lock: prev_hash, hash = sha256(prev_hash || digest), and chain_seq, its place
-- in the chain. Events written before 0015 keep their link and hash and are chained by id; the
-- first seal continues from the last of them, so coalesce(chain_seq, id) is the chain's order.
-- An event is written once and sealed once: the guard lets an UPDATE through only when it seals
-- an unsealed event with the hash its digest gives, and changes nothing else.
ALTER TABLE "audit_events" ALTER COLUMN "prev_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "digest" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "chain_seq" bigint;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_chain_seq_idx" ON "audit_events" USING btree ("chain_seq");--> statement-breakpoint
CREATE INDEX "audit_events_unsealed_idx" ON "audit_events" USING btree ("id") WHERE hash is null;--> statement-breakpoint
-- Every event written before 0015 has its hash, so the constraint needs no scan of them.
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_digest_or_hash" CHECK (hash is not null or digest is not null) NOT VALID;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_events_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND OLD.at < now() - interval '180 days' THEN
    RETURN OLD;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND OLD.prev_hash IS NULL AND OLD.chain_seq IS NULL
     AND OLD.digest IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.chain_seq IS NOT NULL
     AND NEW.hash = encode(sha256(convert_to(NEW.prev_hash || OLD.digest, 'UTF8')), 'hex')
     AND (to_jsonb(NEW) - 'prev_hash' - 'hash' - 'chain_seq') = (to_jsonb(OLD) - 'prev_hash' - 'hash' - 'chain_seq') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
-- Same signature as in 0011, so the statements that read rows and append their event are
-- unchanged; it no longer takes the chain's lock.
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
-- Seals up to p_limit unsealed events, oldest id first, and returns how many. One sealer at a time
-- on every replica (the chain's lock, 727002); each statement of the function takes a fresh
-- snapshot, so after the lock it sees every event committed so far. The seal's own commit does
-- not wait for its WAL flush: a seal lost in a crash leaves its events unsealed, and they are
-- sealed again; the events themselves were durable before their reads answered.
CREATE OR REPLACE FUNCTION audit_seal(p_limit integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  v_prev text;
  v_seq bigint;
  v_hash text;
  v_n integer := 0;
  r record;
BEGIN
  PERFORM pg_advisory_xact_lock(727002);
  PERFORM set_config('synchronous_commit', 'off', true);
  SELECT hash, chain_seq INTO v_prev, v_seq FROM audit_events WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1;
  IF v_seq IS NULL THEN
    SELECT hash, id INTO v_prev, v_seq FROM audit_events WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1;
  END IF;
  v_prev := coalesce(v_prev, repeat('0', 64));
  v_seq := coalesce(v_seq, 0);
  FOR r IN SELECT id, digest FROM audit_events WHERE hash IS NULL ORDER BY id LIMIT p_limit LOOP
    v_seq := v_seq + 1;
    v_hash := encode(sha256(convert_to(v_prev || r.digest, 'UTF8')), 'hex');
    UPDATE audit_events SET prev_hash = v_prev, hash = v_hash, chain_seq = v_seq WHERE id = r.id;
    v_prev := v_hash;
    v_n := v_n + 1;
  END LOOP;
  RETURN v_n;
END;
$$;
