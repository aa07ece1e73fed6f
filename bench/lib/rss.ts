// Memory of a process from /proc/<pid>/status (Linux): VmRSS sampled on an interval, and VmHWM,
// the kernel's own peak of the resident set, read at the end (it catches peaks between samples).
import fs from "node:fs";

export interface MemoryReading {
  rssKiB: number;
  hwmKiB: number;
}

/** The process's current VmRSS and VmHWM, or null when it is gone (or not on Linux). */
export function readMemory(pid: number): MemoryReading | null {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return null;
  }
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rssKiB: kib("VmRSS"), hwmKiB: kib("VmHWM") };
}

export interface RssSummary {
  samples: number;
  intervalMs: number;
  /** RSS at the first sample. */
  startMiB: number;
  /** RSS at the last sample. */
  endMiB: number;
  meanMiB: number;
  /** Largest sampled RSS. */
  peakMiB: number;
  /** VmHWM at stop(): the peak resident set over the process's whole life (start-up included). */
  hwmMiB: number | null;
}

const mib = (kib: number) => Math.round((kib / 1024) * 10) / 10;

export class RssSampler {
  private timer: NodeJS.Timeout | null = null;
  private readings: number[] = [];
  private maxKiB = 0;
  private lastHwm: number | null = null;

  constructor(
    readonly pid: number,
    readonly intervalMs = 100,
  ) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  private sample() {
    const m = readMemory(this.pid);
    if (!m) return;
    if (Number.isFinite(m.rssKiB)) {
      this.readings.push(m.rssKiB);
      this.maxKiB = Math.max(this.maxKiB, m.rssKiB);
    }
    if (Number.isFinite(m.hwmKiB)) this.lastHwm = m.hwmKiB;
  }

  /** Largest RSS sampled so far, in MiB. */
  peakMiB(): number {
    return mib(this.maxKiB);
  }

  /** Stops sampling (call while the process still runs, so VmHWM can be read). */
  stop(): RssSummary {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
    const r = this.readings;
    return {
      samples: r.length,
      intervalMs: this.intervalMs,
      startMiB: r.length ? mib(r[0]) : 0,
      endMiB: r.length ? mib(r[r.length - 1]) : 0,
      meanMiB: r.length ? mib(r.reduce((a, b) => a + b, 0) / r.length) : 0,
      peakMiB: this.peakMiB(),
      hwmMiB: this.lastHwm === null ? null : mib(this.lastHwm),
    };
  }
}
