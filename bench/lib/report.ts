// Printing and recording bench results: aligned tables (Chinese characters count two columns),
// latency percentiles, the machine a run ran on, PASS/FAIL targets, and JSON result files
// (a full one under bench/results/raw/, which git ignores, and a small summary to commit).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "./gateway.js";

// ---------------------------------------------------------------- tables

/** Display width: East Asian wide and full-width characters take two columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

function pad(s: string, width: number, align: "left" | "right"): string {
  const fill = " ".repeat(Math.max(0, width - displayWidth(s)));
  return align === "right" ? fill + s : s + fill;
}

export type Cell = string | number | null | undefined;

/** A plain-text table: the first column left-aligned, numbers right-aligned. */
export function table(headers: string[], rows: Cell[][]): string {
  const text = rows.map((r) => r.map((c) => (c === null || c === undefined ? "–" : typeof c === "number" ? fmtNumber(c) : c)));
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...text.map((r) => displayWidth(r[i] ?? ""))));
  const numeric = headers.map((_, i) => i > 0 && rows.every((r) => r[i] === null || r[i] === undefined || typeof r[i] === "number"));
  const line = (cells: string[]) =>
    cells.map((c, i) => pad(c, widths[i], numeric[i] ? "right" : "left")).join("  ").trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...text.map(line)].join("\n");
}

export function fmtNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return n.toLocaleString("en-US");
  return Math.abs(n) >= 100 ? Math.round(n).toLocaleString("en-US") : n.toFixed(1);
}

export function heading(title: string): string {
  return `\n${title}\n${"=".repeat(displayWidth(title))}`;
}

// ---------------------------------------------------------------- latency

export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function summarizeLatency(values: number[]): LatencySummary {
  const s = Float64Array.from(values).sort();
  const round = (n: number) => Math.round(n * 10) / 10;
  let sum = 0;
  for (const v of s) sum += v;
  return {
    count: s.length,
    mean: s.length ? round(sum / s.length) : NaN,
    p50: round(percentile(s, 50)),
    p90: round(percentile(s, 90)),
    p99: round(percentile(s, 99)),
    max: s.length ? round(s[s.length - 1]) : NaN,
  };
}

// ---------------------------------------------------------------- machine

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  kernel: string;
  /** 1, 5 and 15 minute load averages when the run started (other work on the machine). */
  loadAverage: number[];
  postgres?: string;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model?.trim() ?? "unknown",
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    kernel: os.release(),
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export function describeMachine(m: MachineInfo): string {
  return [
    `machine     ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, ${m.platform}, kernel ${m.kernel}`,
    `node        ${m.node}`,
    m.postgres ? `postgresql  ${m.postgres}` : null,
    `load avg    ${m.loadAverage.join(" / ")} (1 / 5 / 15 min, before the run)`,
  ]
    .filter(Boolean)
    .join("\n");
}

// ---------------------------------------------------------------- targets

export interface Target {
  name: string;
  pass: boolean;
  /** What was measured, e.g. "p99 182 ms (target < 250 ms)". */
  detail: string;
}

export function target(name: string, pass: boolean, detail: string): Target {
  return { name, pass, detail };
}

export function printTargets(targets: Target[]): boolean {
  const width = Math.max(...targets.map((t) => displayWidth(t.name)));
  for (const t of targets) console.log(`${t.pass ? "PASS" : "FAIL"}  ${pad(t.name, width, "left")}  ${t.detail}`);
  return targets.every((t) => t.pass);
}

// ---------------------------------------------------------------- files

export const RESULTS_DIR = path.join(REPO_ROOT, "bench", "results");

/** A timestamp for file names: 2026-05-01T09-30-00Z. */
export function fileStamp(d: Date = new Date()): string {
  return d.toISOString().replace(/\.\d+Z$/, "Z").replace(/:/g, "-");
}

/**
 * Writes the full result to bench/results/raw/<name>-<stamp>.json (ignored by git) and the
 * summary to bench/results/<name>.json (small, meant to be committed). Returns both paths.
 */
export function writeResults(name: string, summary: unknown, raw: unknown, at: Date = new Date()): { summary: string; raw: string } {
  const rawDir = path.join(RESULTS_DIR, "raw");
  fs.mkdirSync(rawDir, { recursive: true });
  const rawPath = path.join(rawDir, `${name}-${fileStamp(at)}.json`);
  const summaryPath = path.join(RESULTS_DIR, `${name}.json`);
  fs.writeFileSync(rawPath, JSON.stringify(raw, null, 2) + "\n");
  fs.writeFileSync(summaryPath, JSON.stringify(summary, null, 2) + "\n");
  return { summary: path.relative(REPO_ROOT, summaryPath), raw: path.relative(REPO_ROOT, rawPath) };
}
