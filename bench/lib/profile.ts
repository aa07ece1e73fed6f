// Summarises a V8 .cpuprofile (node --cpu-prof): where the process spent its own time, by
// function and by file, so a missed target names what costs the time instead of a guess.
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./gateway.js";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileLine {
  name: string;
  where: string;
  selfMs: number;
  percent: number;
}

function shortUrl(url: string): string {
  if (!url) return "(native)";
  const p = url.replace(/^file:\/\//, "");
  const nm = p.lastIndexOf("node_modules/");
  if (nm >= 0) return p.slice(nm + "node_modules/".length);
  return p.startsWith(REPO_ROOT) ? path.relative(REPO_ROOT, p) : p;
}

/** Self time per function and per package or source file, largest first. */
export function summariseProfile(file: string, top = 25): { totalMs: number; idlePercent: number; functions: ProfileLine[]; files: ProfileLine[] } {
  const prof = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < prof.samples.length; i++) {
    self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0) / 1000);
  }
  const totalMs = (prof.endTime - prof.startTime) / 1000;
  const fn = new Map<string, ProfileLine>();
  const files = new Map<string, ProfileLine>();
  let idle = 0;
  for (const [id, ms] of self) {
    const n = byId.get(id)!;
    const name = n.callFrame.functionName || "(anonymous)";
    if (name === "(idle)") idle += ms;
    const where = `${shortUrl(n.callFrame.url)}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ""}`;
    const k = `${name} ${where}`;
    const f = fn.get(k) ?? { name, where, selfMs: 0, percent: 0 };
    f.selfMs += ms;
    fn.set(k, f);
    const url = shortUrl(n.callFrame.url);
    const pkg = url.startsWith("(") ? name : url.startsWith("src/") ? url : url.split("/").slice(0, url.startsWith("@") ? 2 : 1).join("/");
    const g = files.get(pkg) ?? { name: pkg, where: "", selfMs: 0, percent: 0 };
    g.selfMs += ms;
    files.set(pkg, g);
  }
  const finish = (m: Map<string, ProfileLine>) =>
    [...m.values()]
      .map((l) => ({ ...l, selfMs: Math.round(l.selfMs), percent: Math.round((l.selfMs / totalMs) * 1000) / 10 }))
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top);
  return { totalMs: Math.round(totalMs), idlePercent: Math.round((idle / totalMs) * 1000) / 10, functions: finish(fn), files: finish(files) };
}

/**
 * The main thread's profile in a directory. With `--import tsx`, the module loader runs on a
 * thread of its own that writes a profile too, nearly all idle: take the busiest one.
 */
export function busiestProfile(dir: string): string | null {
  if (!fs.existsSync(dir)) return null;
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".cpuprofile")).map((f) => path.join(dir, f));
  let best: string | null = null;
  let bestBusy = -1;
  for (const f of files) {
    const p = summariseProfile(f, 1);
    const busy = p.totalMs * (1 - p.idlePercent / 100);
    if (busy > bestBusy) [best, bestBusy] = [f, busy];
  }
  return best;
}
