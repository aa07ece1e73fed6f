// `npx tsx bench/perf/report.ts`: writes bench/results/results.md and chart.svg again from the
// bench/results/perf-<scale>.json summaries (npm run bench does this itself after each run).
import { writeReport } from "./lib/results.js";

const files = writeReport();
console.log(files.length ? `wrote ${files.join(", ")}` : "no bench/results/perf-*.json yet: run npm run bench first");
