-- What PostGraphile needs on top of the gateway's tables for the side-by-side bench
-- (bench/perf): the catalog search of W1 as SQL functions PostGraphile exposes. They run the
-- gateway's own search condition and ranking (src/catalog/search.ts: character pairs through
-- the GIN index on search_grams, then strpos; relevance as searchRank computes it for a
-- one-part query) and its facets (grouping sets), without visibility rules beyond "published".
-- Everything lives in the schema pgl_bench; the gateway never reads it.
create schema if not exists pgl_bench;

-- The grams a search term must have (gramsOf): itself when one character long, else its pairs.
create or replace function pgl_bench.grams(q text) returns text[]
language sql immutable strict parallel safe as $$
  select case when length(q) = 1 then array[q]
              else array(select distinct substr(q, n, 2) from generate_series(1, length(q) - 1) n) end
$$;

create or replace function pgl_bench.search_resources(q text) returns setof public.resources
language sql stable strict parallel safe as $$
  select r.* from public.resources r
   where r.status = 'PUBLISHED'
     and r.search_grams @> pgl_bench.grams(lower(q)) and strpos(r.search_doc, lower(q)) > 0
   order by ((case when lower(r.name) = lower(q) then 20 else 0 end)
           + (case when strpos(lower(r.name), lower(q)) = 1 then 5 else 0 end)
           + (case when strpos(lower(r.name), lower(q)) > 0 then 4 else 0 end)
           + (case when strpos(r.search_doc, lower(q)) > 0 then 1 else 0 end)
           + (case when strpos(lower(r.summary), lower(q)) > 0 then 1 else 0 end)
           + similarity(lower(r.name), lower(q))) desc, r.code asc
$$;

drop type if exists pgl_bench.facet cascade;
create type pgl_bench.facet as (dimension text, value text, label text, count int);

create or replace function pgl_bench.search_facets(q text) returns setof pgl_bench.facet
language sql stable strict parallel safe as $$
  select case when grouping(r.share_type) = 0 then 'shareType' when grouping(r.open_type) = 0 then 'openType'
              when grouping(r.category) = 0 then 'category' else 'department' end,
         coalesce(r.share_type::text, r.open_type::text, r.category::text, d.code),
         case when grouping(r.share_type) = 0 then (case r.share_type when 'UNCONDITIONAL' then '无条件共享' when 'CONDITIONAL' then '有条件共享' else '不予共享' end)
              when grouping(r.open_type) = 0 then (case r.open_type when 'UNCONDITIONAL' then '无条件开放' when 'CONDITIONAL' then '有条件开放' else '不予开放' end)
              when grouping(r.category) = 0 then (case r.category when 'BASE' then '基础信息资源' when 'THEME' then '主题信息资源' else '部门信息资源' end)
              else d.name end,
         count(*)::int
    from public.resources r join public.departments d on d.id = r.department_id
   where r.status = 'PUBLISHED'
     and r.search_grams @> pgl_bench.grams(lower(q)) and strpos(r.search_doc, lower(q)) > 0
   group by grouping sets ((r.share_type), (r.open_type), (r.category), (d.code, d.name))
   order by 1, 4 desc, 2
$$;

-- relatedResources of the resource detail (W2): the published entries named in related_codes.
create or replace function pgl_bench.resources_related(r public.resources) returns setof public.resources
language sql stable strict parallel safe as $$
  select x.* from public.resources x where x.code = any(r.related_codes) and x.status = 'PUBLISHED' order by x.code
$$;
