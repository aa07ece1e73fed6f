-- Appending to the audit chain in one round trip (R13, R30). The appender's lock is held from the
-- lock to the commit; doing the read of the last hash and the insert here, on the server, keeps
-- that span to one statement instead of three client round trips. Each statement of a PL/pgSQL
-- function takes a fresh snapshot under READ COMMITTED, so the SELECT after the lock sees the
-- last event committed by any other appender. The event arrives as JSON (snake_case columns) with
-- the SHA-256 digest of its canonical content, computed by the gateway; the chain hash is
-- sha256(prev_hash || digest), hex.
CREATE OR REPLACE FUNCTION audit_append(p_event jsonb, p_digest text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  v_prev text;
  v_id bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(727002);
  SELECT hash INTO v_prev FROM audit_events ORDER BY id DESC LIMIT 1;
  v_prev := coalesce(v_prev, repeat('0', 64));
  INSERT INTO audit_events (at, account_id, login, department_code, roles, operation, resource_code, purpose,
      purpose_detail, items_clear, items_masked, items_withheld, filters, row_count, grant_ids, outcome, reason,
      request_id, client_address, prev_hash, hash)
    SELECT e.at, e.account_id, e.login, e.department_code, e.roles, e.operation, e.resource_code, e.purpose,
      e.purpose_detail, e.items_clear, e.items_masked, e.items_withheld, p_event -> 'filters', e.row_count, e.grant_ids,
      e.outcome, e.reason, e.request_id, e.client_address, v_prev,
      encode(sha256(convert_to(v_prev || p_digest, 'UTF8')), 'hex')
    FROM jsonb_populate_record(null::audit_events, p_event) AS e
    RETURNING id INTO v_id;
  RETURN v_id;
END;
$$;
