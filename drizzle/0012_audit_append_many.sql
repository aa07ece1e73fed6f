-- Appending several audit events in one statement (R13, R30): the gateway gathers the read events
-- that arrive while an append is in flight and sends them together, so the chain lock, the read
-- of the last hash and the commit are paid once per batch instead of once per event, and at most
-- one pool connection waits on the lock. Events are chained in array order, exactly as that many
-- audit_append calls in a row would chain them: hash = sha256(prev_hash || digest), hex.
CREATE OR REPLACE FUNCTION audit_append_many(p_events jsonb, p_digests text[]) RETURNS bigint[]
LANGUAGE plpgsql AS $$
DECLARE
  v_prev text;
  v_id bigint;
  v_ids bigint[] := '{}';
  i int;
BEGIN
  IF jsonb_array_length(p_events) <> coalesce(array_length(p_digests, 1), 0) THEN
    RAISE EXCEPTION 'audit_append_many: % events but % digests', jsonb_array_length(p_events), coalesce(array_length(p_digests, 1), 0);
  END IF;
  PERFORM pg_advisory_xact_lock(727002);
  SELECT hash INTO v_prev FROM audit_events ORDER BY id DESC LIMIT 1;
  v_prev := coalesce(v_prev, repeat('0', 64));
  FOR i IN 1 .. coalesce(array_length(p_digests, 1), 0) LOOP
    INSERT INTO audit_events (at, account_id, login, department_code, roles, operation, resource_code, purpose,
        purpose_detail, items_clear, items_masked, items_withheld, filters, row_count, grant_ids, outcome, reason,
        request_id, client_address, prev_hash, hash)
      SELECT e.at, e.account_id, e.login, e.department_code, e.roles, e.operation, e.resource_code, e.purpose,
        e.purpose_detail, e.items_clear, e.items_masked, e.items_withheld, (p_events -> (i - 1)) -> 'filters', e.row_count,
        e.grant_ids, e.outcome, e.reason, e.request_id, e.client_address, v_prev,
        encode(sha256(convert_to(v_prev || p_digests[i], 'UTF8')), 'hex')
      FROM jsonb_populate_record(null::audit_events, p_events -> (i - 1)) AS e
      RETURNING id, hash INTO v_id, v_prev;
    v_ids := v_ids || v_id;
  END LOOP;
  RETURN v_ids;
END;
$$;
