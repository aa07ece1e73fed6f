// Chinese-first catalog search. Each resource keeps a lower-cased search document (code, name,
// summary, theme, item names) and the set of its characters and character pairs. A query is cut
// into parts; a resource matches when every part occurs in its document (see parseSearch).
// The character pairs of each part are looked up through a GIN index on search_grams, and the
// occurrence is then checked with strpos (no LIKE, so % and _ in a query are plain characters).
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { resources } from "../db/schema.js";

const segmenter = new Intl.Segmenter("zh", { granularity: "word" });

/** At most this many space-separated parts of a query are used; the rest are ignored. */
export const MAX_SEARCH_TERMS = 8;
/** Longest query accepted, in characters. */
export const MAX_SEARCH_LENGTH = 100;

export interface SearchPart {
  /** The part as typed (normalised, lower-cased): found as a substring. */
  text: string;
  /** Its words (zh segmentation) when it is long enough to be matched word by word as well. */
  words: string[];
}

/**
 * The parts of a query: space-separated, NFKC-normalised, lower-cased. A part matches a resource
 * when it occurs as a substring (人口, 口基, 100%); a part longer than three characters also
 * matches when each of its words does (户籍人口信息 → 户籍, 人口, 信息).
 */
export function parseSearch(query: string): SearchPart[] {
  const parts: SearchPart[] = [];
  for (const text of query.normalize("NFKC").toLowerCase().split(/\s+/)) {
    if (!text || parts.some((p) => p.text === text)) continue;
    let words: string[] = [];
    if (Array.from(text).length > 3) {
      for (const s of segmenter.segment(text)) if (s.isWordLike && !words.includes(s.segment)) words.push(s.segment);
      if (words.length < 2) words = [];
    }
    parts.push({ text, words });
  }
  return parts.slice(0, MAX_SEARCH_TERMS);
}

/** The grams a string must have in a document: itself when one character long, else its pairs. */
export function gramsOf(term: string): string[] {
  const chars = Array.from(term);
  if (chars.length === 1) return chars;
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i] + chars[i + 1]);
  return [...grams];
}

function occurs(term: string): SQL {
  const grams = `{${gramsOf(term).map(pgArrayElement).join(",")}}`;
  return sql`(${resources.searchGrams} @> ${grams}::text[] and strpos(${resources.searchDoc}, ${term}) > 0)`;
}

/** SQL condition: every part of the query occurs in the resource's search document. */
export function searchCondition(parts: SearchPart[]): SQL {
  if (parts.length === 0) return sql`true`;
  const conds = parts.map((p) =>
    p.words.length ? sql`(${occurs(p.text)} or (${sql.join(p.words.map(occurs), sql` and `)}))` : occurs(p.text),
  );
  return sql.join(conds, sql` and `);
}

/** Relevance: the whole query in the name first, then parts in the name, then similarity. */
export function searchRank(parts: SearchPart[]): SQL {
  if (parts.length === 0) return sql`0`;
  const q = parts.map((p) => p.text).join(" ");
  const inName = parts.map(
    (p) => sql`(case when strpos(lower(${resources.name}), ${p.text}) > 0 then 4 else 0 end)
             + (case when strpos(${resources.searchDoc}, ${p.text}) > 0 then 1 else 0 end)`,
  );
  return sql`(
    (case when lower(${resources.name}) = ${q} then 20 else 0 end)
    + (case when strpos(lower(${resources.name}), ${q}) = 1 then 5 else 0 end)
    + ${sql.join(inName, sql` + `)}
    + (case when strpos(lower(${resources.summary}), ${q}) > 0 then 1 else 0 end)
    + similarity(lower(${resources.name}), ${q})
  )`;
}

function pgArrayElement(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/**
 * Rebuilds the search document and grams of the given resources (all when omitted), from their
 * current name, summary, theme and item names. Call after any change to those.
 */
export async function refreshSearchIndex(db: Db, resourceIds?: number[]): Promise<void> {
  const where = resourceIds ? sql`where r.id = any(${`{${resourceIds.join(",")}}`}::int[])` : sql``;
  await db.execute(sql`
    with d as (
      select r.id,
             lower(concat_ws(' ', r.code, r.name, r.summary, r.theme,
               (select string_agg(i.name, ' ' order by i.position) from data_items i where i.resource_id = r.id))) as doc
      from resources r ${where}
    )
    update resources r
       set search_doc = d.doc,
           search_grams = coalesce((
             select array_agg(distinct g) from (
               select substr(d.doc, n, 1) as g from generate_series(1, length(d.doc)) n
               union all
               select substr(d.doc, n, 2) from generate_series(1, length(d.doc) - 1) n
             ) grams where g !~ '\\s'
           ), '{}')
      from d
     where r.id = d.id`);
}
