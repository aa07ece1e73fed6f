// `npm run bench:data -- --scale city|province [--database-url URL] [--fresh]`
//
// Deterministic bench data on PostgreSQL through COPY: city = 60 departments, 3,000 resources,
// 60,000 items, 1,000,000 rows of 人口基本信息; province = 100,000 resources, 2,000,000 items,
// 5,000,000 rows (bench/perf/lib/synth.ts). Prints rows per second per table.
//
// Without --database-url the data goes into the bench's own PostgreSQL cluster in
// $BENCH_DIR/cg-bench-<scale> (default /tmp), created on first use with pg_stat_statements, and
// stopped afterwards with its data kept for `npm run bench`. --fresh drops that database first.
// With --database-url the database must be empty (or hold this scale already: then nothing is done).
import { runMain } from "../lib/cleanup.js";
import { parseFlags, SettingsError } from "../lib/settings.js";
import { serverVersion } from "../lib/postgres.js";
import { loadScale } from "./lib/dataset.js";
import { BENCH_DATABASE, ensureClusterData, parseScale, printLoad } from "./lib/prepare.js";
import { SCALES } from "./lib/synth.js";

runMain(async (cleanup) => {
  const flags = parseFlags(process.argv.slice(2));
  if (flags.has("help")) {
    console.log("npm run bench:data -- --scale city|province [--database-url URL] [--fresh] [--keep-running]");
    return 0;
  }
  for (const f of flags.keys()) {
    if (!["scale", "database-url", "fresh", "keep-running"].includes(f)) throw new SettingsError(`unknown flag --${f} (try --help)`);
  }
  const scale = parseScale(flags.get("scale"));
  const spec = SCALES[scale];
  console.log(
    `bench data, ${scale} scale: ${spec.departments} departments, ${spec.resources.toLocaleString("en-US")} resources, ` +
      `${spec.items.toLocaleString("en-US")} items, ${spec.population.toLocaleString("en-US")} rows of 人口基本信息`,
  );
  const url = flags.get("database-url");
  if (url) {
    console.log(`PostgreSQL ${await serverVersion(url)} at ${new URL(url).host}${new URL(url).pathname}`);
    printLoad(await loadScale(url, scale));
    return 0;
  }
  const { cluster, summary } = await ensureClusterData(scale, { fresh: flags.has("fresh") });
  if (!flags.has("keep-running")) cleanup.add("stop the bench cluster", () => cluster.stop());
  printLoad(summary);
  console.log(`\ncluster ${cluster.dir} (${await cluster.diskUsage()}), database ${BENCH_DATABASE}` +
    (flags.has("keep-running") ? `, running at ${cluster.url(BENCH_DATABASE)}` : `; stopped, data kept for npm run bench (remove the directory to free the space)`));
  return 0;
});
