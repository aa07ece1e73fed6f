// Bench-only "what if" switches for diagnostic runs of the gateway child process (never used in
// production, never in the side-by-side figures): `node --import ./bench/perf/lib/what-if.mjs`
// with BENCH_WHAT_IF=<switch>,<switch> patches, at load time, a copy of the source that the
// process runs, nothing on disk (what-if-hooks.mjs has the patches):
//   no-audit          appendAuditEvent (src/audit/audit.service.ts) returns at once, and a records
//                     page is read without the event its statement appends (fetchRecordsAudited,
//                     src/records/records.service.ts): W3 without the audit write, so the write's
//                     share of W3's throughput can be measured.
//   no-count          countRecords (src/records/records.service.ts) answers 0 without a
//                     statement: W3 without the count(*) that records runs on every call.
//   no-cache-control  Apollo's cache-control plugin disabled (src/server/http.ts).
//   no-shield         the graphql-shield middleware left out of the schema (src/server/schema.ts).
// tsx is registered first, so these hooks run before its own and hand it the patched source.
import { register } from "node:module";

await import("tsx");
register(new URL("./what-if-hooks.mjs", import.meta.url), { data: { switches: (process.env.BENCH_WHAT_IF ?? "").split(",").filter(Boolean) } });
