import { createRequire } from "node:module";
import path from "node:path";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);
const graphqlDir = path.dirname(require.resolve("graphql"));

export default defineConfig({
  resolve: {
    // graphql ships both index.mjs and CommonJS; type-graphql and graphql-shield load the CommonJS
    // build, so the tests must too, or the schema sees two copies of graphql (as Node itself does
    // not: it resolves `import "graphql"` to the CommonJS main).
    alias: [
      { find: /^graphql$/, replacement: path.join(graphqlDir, "index.js") },
      { find: /^graphql\/(.*)$/, replacement: path.join(graphqlDir, "$1.js") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/support/setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Integration suites each open databases; two workers fit this 2-core machine.
    pool: "forks",
    maxWorkers: 2,
  },
});
