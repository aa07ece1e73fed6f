// `npm start`: builds dist/ (scripts/build.mjs) and runs the gateway from it in this same process,
// so the process npm starts is the one that serves and receives SIGTERM (no shell or wrapper in
// between that could cut off in-flight requests). Arguments are the command line's
// (default: serve).
import { buildDist } from "./build.mjs";

await buildDist();
const { runCommandLine } = await import("../dist/main.js");
runCommandLine(process.argv.slice(2));
