// Bench-only: the V8 CPU profiler that `node --cpu-prof` uses, but over a window the bench
// chooses instead of the whole process life (start-up and module compilation would otherwise be
// a large part of a short run's profile). `node --import ./bench/perf/lib/cpu-profile.mjs` with
// BENCH_PROFILE_DIR set: SIGUSR2 starts sampling, the next SIGUSR2 stops it and writes
// window-<n>.cpuprofile (the same format --cpu-prof writes) into BENCH_PROFILE_DIR.
import fs from "node:fs";
import inspector from "node:inspector";
import path from "node:path";

const dir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  fs.mkdirSync(dir, { recursive: true });
  const session = new inspector.Session();
  session.connect();
  const post = (method, params = {}) =>
    new Promise((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
  await post("Profiler.enable");
  // --cpu-prof's default interval: 1000 µs.
  await post("Profiler.setSamplingInterval", { interval: 1000 });
  let running = false;
  let n = 0;
  process.on("SIGUSR2", () => {
    running = !running;
    if (running) {
      void post("Profiler.start");
    } else {
      void post("Profiler.stop").then(({ profile }) => {
        const file = path.join(dir, `window-${++n}.cpuprofile`);
        fs.writeFileSync(`${file}.tmp`, JSON.stringify(profile));
        fs.renameSync(`${file}.tmp`, file);
      });
    }
  });
}
