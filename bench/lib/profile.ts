// Which .cpuprofile of a run to read: the summary itself is bench/perf/lib/profile.ts.
import fs from "node:fs";
import path from "node:path";
import { summarizeProfile } from "../perf/lib/profile.js";

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
    const busy = summarizeProfile(f, 1).busyMs;
    if (busy > bestBusy) [best, bestBusy] = [f, busy];
  }
  return best;
}
