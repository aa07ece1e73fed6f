// The browser bundles of the explorer: GraphiQL (React) and the catalog page, built by esbuild
// from npm packages and the sources in ./web, so the gateway serves everything itself (no CDN).
// Built once per process on first use; the output is cached on disk under a key made of the
// package versions and a hash of the sources, so restarts and test runs skip the build.
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { existsSync, promises as fs, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(here, "../..");
// The browser sources stay in src/, also when the gateway runs from dist/ (npm run build).
const webDir = path.join(projectRoot, "src", "explorer", "web");
const require = createRequire(import.meta.url);

/** Bumped when the build options below change in a way the source hash does not see. */
const BUILD_FORMAT = 3;

/** The files the explorer serves under /explorer/assets/. */
export const ASSET_NAMES = ["graphiql.js", "graphiql.css", "catalog.js", "catalog.css"] as const;
export type AssetName = (typeof ASSET_NAMES)[number];

export interface Asset {
  body: Buffer;
  gzip: Buffer;
  type: string;
  etag: string;
}

export interface Bundle {
  /** Changes whenever any asset changes; pages put it in asset URLs (?v=…). */
  version: string;
  assets: Map<AssetName, Asset>;
  /** Where the bundle came from and how long it took, for the log. */
  source: "build" | "cache";
  ms: number;
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")) as { version: string }).version;
  } catch {
    const p = path.join(projectRoot, "node_modules", name, "package.json");
    return existsSync(p) ? (JSON.parse(readFileSync(p, "utf8")) as { version: string }).version : "missing";
  }
}

async function sourceHash(): Promise<string> {
  const h = createHash("sha256");
  h.update(`format ${BUILD_FORMAT}\n`);
  for (const pkg of ["graphiql", "@graphiql/react", "@graphiql/toolkit", "react", "react-dom", "graphql", "esbuild"]) {
    h.update(`${pkg}@${packageVersion(pkg)}\n`);
  }
  const files = (await fs.readdir(webDir)).filter((f) => !f.startsWith(".")).sort();
  for (const f of files) {
    h.update(`${f}\n`);
    h.update(await fs.readFile(path.join(webDir, f)));
  }
  return h.digest("hex").slice(0, 20);
}

const TYPES: Record<string, string> = {
  ".js": "application/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

function makeAsset(name: string, body: Buffer): Asset {
  return {
    body,
    gzip: gzipSync(body, { level: 9 }),
    type: TYPES[path.extname(name)] ?? "application/octet-stream",
    etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`,
  };
}

/**
 * GraphiQL's stylesheet embeds its fonts (Roboto, Fira Code) as data: URLs. The gateway's CSP has
 * no font-src (default-src 'none'), so the browser would refuse them and report a violation; the
 * rules are dropped and the page uses the system fonts named in the same stylesheet's stacks.
 */
export function stripFontFaces(css: string): string {
  return css.replace(/@font-face\s*\{[^}]*\}/g, "");
}

async function build(): Promise<Map<AssetName, Buffer>> {
  const esbuild = await import("esbuild");
  // esbuild's service process stays for the life of the process (it is unref'd; tsx shares it).
  const result = await esbuild.build({
    absWorkingDir: projectRoot,
    entryPoints: { graphiql: path.join(webDir, "graphiql.ts"), catalog: path.join(webDir, "catalog.ts") },
    bundle: true,
    minify: true,
    format: "iife",
    platform: "browser",
    target: ["chrome100", "firefox100", "safari15", "edge100"],
    define: { "process.env.NODE_ENV": '"production"', global: "globalThis" },
    loader: { ".css": "css" },
    outdir: "/explorer-out",
    write: false,
    logLevel: "silent",
    legalComments: "eof",
    charset: "utf8",
  });
  const out = new Map<AssetName, Buffer>();
  for (const f of result.outputFiles) {
    const name = path.basename(f.path) as AssetName;
    if (!ASSET_NAMES.includes(name)) continue;
    let body = Buffer.from(f.contents);
    if (name.endsWith(".css")) body = Buffer.from(stripFontFaces(body.toString("utf8")), "utf8");
    out.set(name, body);
  }
  for (const n of ASSET_NAMES) if (!out.has(n)) throw new Error(`esbuild produced no ${n}`);
  return out;
}

function cacheRoot(): string {
  return process.env.EXPLORER_CACHE_DIR || path.join(projectRoot, "node_modules", ".cache", "catalog-explorer");
}

async function readCache(key: string): Promise<Map<AssetName, Buffer> | null> {
  const dir = path.join(cacheRoot(), key);
  try {
    const out = new Map<AssetName, Buffer>();
    for (const n of ASSET_NAMES) out.set(n, await fs.readFile(path.join(dir, n)));
    return out;
  } catch {
    return null;
  }
}

async function writeCache(key: string, files: Map<AssetName, Buffer>): Promise<void> {
  const root = cacheRoot();
  const tmp = path.join(root, `.tmp-${key}-${process.pid}-${Date.now()}`);
  await fs.mkdir(tmp, { recursive: true });
  for (const [n, body] of files) await fs.writeFile(path.join(tmp, n), body);
  try {
    await fs.rename(tmp, path.join(root, key));
  } catch {
    // Another process wrote the same key first: its files are the same.
    await fs.rm(tmp, { recursive: true, force: true });
  }
  // Keep the cache small: only the newest few keys.
  const entries = await fs.readdir(root, { withFileTypes: true });
  const dirs = await Promise.all(
    entries
      .filter((e) => e.isDirectory() && !e.name.startsWith(".") && e.name !== key)
      .map(async (e) => ({ name: e.name, mtime: (await fs.stat(path.join(root, e.name))).mtimeMs })),
  );
  dirs.sort((a, b) => b.mtime - a.mtime);
  for (const d of dirs.slice(3)) await fs.rm(path.join(root, d.name), { recursive: true, force: true });
}

async function loadBundle(onCacheError: (e: unknown) => void): Promise<Bundle> {
  const started = Date.now();
  const key = await sourceHash();
  let files = await readCache(key);
  const source: Bundle["source"] = files ? "cache" : "build";
  if (!files) {
    files = await build();
    await writeCache(key, files).catch(onCacheError);
  }
  const assets = new Map<AssetName, Asset>();
  for (const [n, body] of files) assets.set(n, makeAsset(n, body));
  const version = createHash("sha256")
    .update([...assets.values()].map((a) => a.etag).join(","))
    .digest("hex")
    .slice(0, 12);
  return { version, assets, source, ms: Date.now() - started };
}

let pending: Promise<Bundle> | null = null;

/**
 * The bundle, built (or read from the cache) on first call; later calls share the same promise.
 * A failed build is not memoized: the next request tries again (and is logged again).
 */
export function getBundle(onCacheError: (e: unknown) => void = () => {}): Promise<Bundle> {
  if (!pending) {
    const p = loadBundle(onCacheError);
    pending = p;
    p.catch(() => {
      if (pending === p) pending = null;
    });
  }
  return pending;
}

/** For tests: forget the memoized bundle. */
export function resetBundleForTests(): void {
  pending = null;
}
