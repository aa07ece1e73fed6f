// `npm run build`: the gateway's TypeScript (src/, the browser sources in src/explorer/web aside,
// which the explorer bundles itself) transpiled file by file to dist/ with esbuild, so that
// `npm start` runs plain JavaScript: no TypeScript loader thread beside the gateway (some 35 MiB
// resident) and no loader hooks on each import. Type checking is `npm run typecheck`. Takes well
// under a second; dist/ mirrors src/ at the same depth, so paths relative to a module
// (../../drizzle) resolve the same from both.
import { build } from "esbuild";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const src = path.join(root, "src");
export const distDir = path.join(root, "dist");

function sources(dir) {
  const files = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (p !== path.join(src, "explorer", "web")) files.push(...sources(p));
    } else if (/\.ts$/.test(e.name) && !e.name.endsWith(".d.ts")) files.push(p);
  }
  return files;
}

/** Transpiles src/ to dist/ (replacing what was there); returns how many modules and how long. */
export async function buildDist() {
  const started = Date.now();
  // Into a fresh directory, then swapped in: a gateway already running from dist/ keeps its files.
  const next = `${distDir}.next-${process.pid}`;
  fs.rmSync(next, { recursive: true, force: true });
  const entryPoints = sources(src);
  await build({
    entryPoints,
    outdir: next,
    outbase: src,
    platform: "node",
    format: "esm",
    target: "node20",
    tsconfig: path.join(root, "tsconfig.json"),
    logLevel: "warning",
  });
  const old = `${distDir}.old-${process.pid}`;
  if (fs.existsSync(distDir)) fs.renameSync(distDir, old);
  fs.renameSync(next, distDir);
  fs.rmSync(old, { recursive: true, force: true });
  return { modules: entryPoints.length, ms: Date.now() - started };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { modules, ms } = await buildDist();
  if (!process.argv.includes("--quiet")) console.error(`built ${modules} modules into dist/ in ${ms} ms`);
}
