// Summarising a V8 CPU profile (node --cpu-prof): self time per function and per area (a
// package of node_modules, a directory of src/, Node's internals, the garbage collector), from
// the samples and their time deltas. `npx tsx bench/perf/lib/profile.ts FILE.cpuprofile` prints it.
import fs from "node:fs";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileEntry {
  name: string;
  where: string;
  area: string;
  selfMs: number;
  share: number;
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  /** Time not idle: what the shares are of. */
  busyMs: number;
  idleMs: number;
  functions: ProfileEntry[];
  areas: Array<{ area: string; selfMs: number; share: number }>;
}

/** Which part of the program a script URL belongs to. */
export function areaOf(url: string, name: string): string {
  if (!url) {
    if (name === "(garbage collector)") return "garbage collection";
    if (name === "(idle)") return "(idle)";
    if (name === "(program)") return "V8 / native (program)";
    return `native: ${name || "(anonymous)"}`;
  }
  if (url.startsWith("node:")) return "Node.js internals";
  const nm = url.lastIndexOf("/node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + 14).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  // dist/ is src/ transpiled (npm run build): its modules count as the sources they come from.
  const src = /\/(src|bench|dist)\/(.+?)\/[^/]+$/.exec(url) ?? /\/(src|bench|dist)\/([^/]+)$/.exec(url);
  if (src) return `${src[1] === "dist" ? "src" : src[1]}/${src[2].replace(/\.[cm]?[jt]s$/, "")}`;
  return url;
}

function shortWhere(url: string, line: number): string {
  if (!url) return "";
  const nm = url.lastIndexOf("/node_modules/");
  const s = nm >= 0 ? url.slice(nm + 14) : url.replace(/^file:\/\/.*?\/(src|bench)\//, "$1/").replace(/^file:\/\/.*?\/dist\//, "src/");
  return `${s}:${line + 1}`;
}

export function summarizeProfile(file: string, top = 25): ProfileSummary {
  const p = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) selfUs.set(p.samples[i], (selfUs.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
  const fn = new Map<string, ProfileEntry>();
  const areas = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!;
    const name = n.callFrame.functionName || "(anonymous)";
    const area = areaOf(n.callFrame.url, name);
    total += us;
    if (area === "(idle)") {
      idle += us;
      continue;
    }
    const key = `${name}@${n.callFrame.url}:${n.callFrame.lineNumber}`;
    const e = fn.get(key) ?? fn.set(key, { name, where: shortWhere(n.callFrame.url, n.callFrame.lineNumber), area, selfMs: 0, share: 0 }).get(key)!;
    e.selfMs += us / 1000;
    areas.set(area, (areas.get(area) ?? 0) + us / 1000);
  }
  const busy = (total - idle) / 1000;
  const functions = [...fn.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, top);
  for (const f of functions) {
    f.selfMs = Math.round(f.selfMs);
    f.share = Math.round((f.selfMs / busy) * 1000) / 10;
  }
  return {
    file,
    totalMs: Math.round(total / 1000),
    busyMs: Math.round(busy),
    idleMs: Math.round(idle / 1000),
    functions,
    areas: [...areas]
      .sort((a, b) => b[1] - a[1])
      .map(([area, ms]) => ({ area, selfMs: Math.round(ms), share: Math.round((ms / busy) * 1000) / 10 })),
  };
}

if (process.argv[1]?.endsWith("profile.ts") && process.argv[2]) {
  const s = summarizeProfile(process.argv[2], Number(process.argv[3] ?? 25));
  console.log(`${s.file}: ${s.totalMs} ms sampled, ${s.busyMs} ms busy, ${s.idleMs} ms idle\n`);
  console.log("self time by area (share of busy time):");
  for (const a of s.areas.slice(0, 20)) console.log(`  ${String(a.share).padStart(5)} %  ${String(a.selfMs).padStart(6)} ms  ${a.area}`);
  console.log("\ntop functions by self time:");
  for (const f of s.functions) console.log(`  ${String(f.share).padStart(5)} %  ${String(f.selfMs).padStart(6)} ms  ${f.name}  ${f.where}`);
}
