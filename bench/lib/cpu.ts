// CPU time (Linux /proc): of one process (utime + stime of /proc/<pid>/stat), of this process,
// and of the whole machine (/proc/stat), so a run can say whether the gateway or the machine was
// the limit. Take a snapshot before and after, then diff.
import fs from "node:fs";
import os from "node:os";

/** Clock ticks per second of /proc times (USER_HZ; 100 on Linux). */
const TICKS = 100;

/** CPU seconds a process has used (user + system), or null when it is gone. */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may contain spaces and parentheses: fields count from after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS; // utime, stime (fields 14 and 15)
  } catch {
    return null;
  }
}

/** Busy and total CPU time of the machine, all cores, in seconds. */
function machineTimes(): { busy: number; total: number } | null {
  try {
    const cpu = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = cpu[3] + (cpu[4] ?? 0); // idle + iowait
    const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: (total - idle) / TICKS, total: total / TICKS };
  } catch {
    return null;
  }
}

export interface CpuSnapshot {
  at: number;
  process: number | null;
  self: number;
  machine: { busy: number; total: number } | null;
}

export function cpuSnapshot(pid: number): CpuSnapshot {
  const u = process.cpuUsage();
  return { at: performance.now(), process: processCpuSeconds(pid), self: (u.user + u.system) / 1e6, machine: machineTimes() };
}

export interface CpuUse {
  seconds: number;
  /** CPU of the process in % of one core (a single Node.js thread tops out near 100). */
  processPercentOfCore: number | null;
  /** CPU of the load generator (this process) in % of one core. */
  loadGeneratorPercentOfCore: number;
  /** Busy share of the whole machine, all cores, in % (other work included). */
  machineBusyPercent: number | null;
  cores: number;
}

export function cpuUse(before: CpuSnapshot, after: CpuSnapshot): CpuUse {
  const seconds = (after.at - before.at) / 1000;
  const pct = (x: number) => Math.round((x / seconds) * 1000) / 10;
  const m = before.machine && after.machine ? { busy: after.machine.busy - before.machine.busy, total: after.machine.total - before.machine.total } : null;
  return {
    seconds: Math.round(seconds * 10) / 10,
    processPercentOfCore: before.process !== null && after.process !== null ? pct(after.process - before.process) : null,
    loadGeneratorPercentOfCore: pct(after.self - before.self),
    machineBusyPercent: m && m.total > 0 ? Math.round((m.busy / m.total) * 1000) / 10 : null,
    cores: os.cpus().length,
  };
}
