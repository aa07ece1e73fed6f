// PostGraphile 5 over the gateway's tables, for the side-by-side bench (bench/perf/run.ts).
// Its own node_modules (npm ci --prefix bench/postgraphile); never a dependency of the gateway.
// DATABASE_URL, PORT; pool of DB_POOL_MAX (default 10) connections, as the gateway's.
// Production settings: no GraphiQL, no explain, no schema watching.
import { createServer } from "node:http";

// PostGraphile 5 declares Node >= 22; the one ES2024 built-in it needs that Node 20 lacks is
// Promise.withResolvers (grafast, @dataplan/pg). Defined here per the specification, so it runs
// on the Node the gateway runs on. Static imports would run before this: postgraphile is
// imported dynamically below.
if (typeof Promise.withResolvers !== "function") {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

const { postgraphile } = await import("postgraphile");
const { PostGraphileAmberPreset } = await import("postgraphile/presets/amber");
const { makePgService } = await import("postgraphile/adaptors/pg");
const { grafserv } = await import("postgraphile/grafserv/node");

const port = Number(process.env.PORT || 5678);
const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL,
      schemas: ["public", "pgl_bench"],
      poolConfig: { max: Number(process.env.DB_POOL_MAX || 10) },
    }),
  ],
  grafserv: { port, graphqlPath: "/graphql", graphiql: false, watch: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.on("error", (e) => {
  console.error(e);
  process.exit(1);
});
await serv.addTo(server);
server.listen(port, "127.0.0.1", () => console.log(`postgraphile listening on ${port}`));

if (process.env.PGL_PRINT_SCHEMA) {
  const { printSchema } = await import("postgraphile/graphql");
  const fs = await import("node:fs");
  fs.writeFileSync(process.env.PGL_PRINT_SCHEMA, printSchema(await pgl.getSchema()));
}

const stop = async () => {
  server.close();
  await pgl.release();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
