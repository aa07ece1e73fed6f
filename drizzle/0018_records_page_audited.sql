-- An event whose row count is known only in the statement that appends it (a records page, a
-- verification): the count goes into the stored event and into its digest, the SHA-256 of the
-- canonical text before the count, the count's decimals and the text after it, as contentDigest
-- (src/audit/audit.service.ts) computes it for the chain check. The one place that formula is
-- written in SQL; a plain SQL function, so PostgreSQL inlines it into the calling statement.
CREATE OR REPLACE FUNCTION audit_append_counted(p_event jsonb, p_before text, p_after text, p_count bigint) RETURNS bigint
LANGUAGE sql AS $$
  SELECT audit_append(jsonb_set(p_event, '{row_count}', to_jsonb(p_count)),
    encode(sha256(convert_to(p_before || p_count::text || p_after, 'UTF8')), 'hex'))
$$;
--> statement-breakpoint
-- A records page of one resource in row order, read and audited in one call (invariant 5, R13,
-- R30): the rows, then the event with the count of rows read (at most p_limit; the page reads one
-- more to know whether another follows), appended through audit_append, whose chain lock is held
-- to the commit. If the event cannot be written the call fails and no row is served.
--
-- Why a function: the same page as a statement (a CTE for the rows, one for the event, a union)
-- is planned again on every run, because PostgreSQL's generic plan for resource_id = $1 is costed
-- on the average resource, not on the one read, and never wins over the custom plan. Planning the
-- CTE and the union cost more of the database's time than the page itself. Here the page's query
-- is planned once per connection (force_generic_plan: whichever resource, the plan is the scan of
-- records_resource_row_unique in row order with a LIMIT) and the outer statement is one function
-- scan. Pages with filters or a sort keep the statement of src/records/records.service.ts, whose
-- plan depends on the values.
CREATE OR REPLACE FUNCTION records_page_audited(p_resource integer, p_limit bigint, p_offset bigint, p_event jsonb, p_before text, p_after text)
RETURNS TABLE (key text, data jsonb, audit_id bigint)
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
  v_n bigint;
BEGIN
  RETURN QUERY
    SELECT r.key, r.data, null::bigint FROM records r
     WHERE r.resource_id = p_resource
     ORDER BY r.row_id
     LIMIT p_limit + 1 OFFSET p_offset;
  GET DIAGNOSTICS v_n = ROW_COUNT;
  v_n := least(v_n, p_limit);
  RETURN QUERY SELECT null::text, null::jsonb, audit_append_counted(p_event, p_before, p_after, v_n);
END;
$$;
