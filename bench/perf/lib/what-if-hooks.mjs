// Module hooks of what-if.mjs (see there).
import fs from "node:fs";
import { fileURLToPath } from "node:url";

const PATCHES = {
  "no-audit": [
    {
      file: "/src/audit/audit.service.ts",
      find: /export async function appendAuditEvent\([\s\S]*?\): Promise<number> \{/,
      replace: (m) => `${m} return 0;`,
    },
    // A records page reads and audits in one statement (a whole resource's page: one call of
    // records_page_audited, drizzle/0018): read the page alone instead, through a statement built
    // once per shape. That is the cheapest read without an event: the same page read through a
    // plpgsql function with a generic plan cost PostgreSQL 260 us against 247-273 for this
    // statement at one client, so the pair's difference is the event, not a slower baseline.
    {
      file: "/src/records/records.service.ts",
      find: /export async function fetchRecordsAudited\([\s\S]*?\): Promise<[\s\S]*?> \{/,
      replace: (m) =>
        m +
        ' { const alone = byShape((globalThis.__whatIfPages ??= new Map()), compiled.shape, () => statement(["limit", "offset"], (p) =>' +
        ' sql`select ${records.key} as key, ${records.data} as data from ${records} where ${compiled.where}' +
        ' order by ${sql.join(compiled.orderBy, sql`, `)} limit ${p.limit}::bigint + 1 offset ${p.offset}`));' +
        " const rows = await alone.run(db, { ...compiled.values, limit, offset });" +
        " return { rows: rows.slice(0, limit), hasNextPage: rows.length > limit, auditId: 0 }; }",
    },
  ],
  "no-count": {
    file: "/src/records/records.service.ts",
    find: /export async function countRecords\([\s\S]*?\): Promise<number> \{/,
    replace: (m) => `${m} return 0;`,
  },
  // Apollo Server's cache-control plugin is on unless disabled; it instruments every field.
  "no-cache-control": {
    file: "/src/server/http.ts",
    find: /ApolloServerPluginLandingPageDisabled\(\),/,
    replace: (m) => `${m} (await import("@apollo/server/plugin/disabled")).ApolloServerPluginCacheControlDisabled(),`,
  },
  // The graphql-shield middleware (every field of every type in the rule map) left out.
  "no-shield": {
    file: "/src/server/schema.ts",
    find: /applyMiddleware\(await buildBareSchema\(\), inputHygiene, permissions\(\)\)/,
    replace: () => "applyMiddleware(await buildBareSchema(), inputHygiene)",
  },
};

let active = [];
export function initialize(data) {
  active = (data?.switches ?? []).flatMap((s) => {
    if (!PATCHES[s]) throw new Error(`BENCH_WHAT_IF: unknown switch ${s}`);
    return [PATCHES[s]].flat();
  });
}

export async function load(url, context, nextLoad) {
  const patches = active.filter((p) => url.startsWith("file:") && url.split("?")[0].endsWith(p.file));
  if (!patches.length) return nextLoad(url, context);
  let patched = fs.readFileSync(fileURLToPath(url.split("?")[0]), "utf8");
  for (const patch of patches) {
    const m = patch.find.exec(patched);
    if (!m) throw new Error(`what-if: ${patch.file} no longer has the function to patch`);
    patched = patched.slice(0, m.index) + patch.replace(m[0]) + patched.slice(m.index + m[0].length);
  }
  const { transform } = await import("esbuild");
  const out = await transform(patched, { loader: "ts", format: "esm", target: "es2022", sourcefile: fileURLToPath(url) });
  return { format: "module", source: out.code, shortCircuit: true };
}
