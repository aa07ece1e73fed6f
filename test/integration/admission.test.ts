// Admission over HTTP (src/server/admission.ts): beyond MAX_CONCURRENT_OPERATIONS a request waits
// its turn and is then answered as usual; beyond OPERATION_QUEUE_MAX it is refused at once with
// 503 SERVICE_UNAVAILABLE and Retry-After, having cost no database work; a client that leaves
// while waiting gives its place up and its operation never runs; /metrics shows all of it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engines } from "../support/db.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { until } from "../support/wait.js";

const SEARCH = `query { resources(first: 1) { totalCount } }`;

describe.each(engines)("admission of operations on %s", (engine) => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway(engine, { env: { MAX_CONCURRENT_OPERATIONS: "1", OPERATION_QUEUE_MAX: "1" } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("queues a request beyond the limit, refuses one beyond the queue with 503, and serves the queued one when a turn ends", async () => {
    const admission = gw.gateway.admission;
    // The only turn, held here: the gateway is busy.
    const held = admission.enter()!;
    await held.ready;
    const { result: outcomes, statements } = await gw.countStatements(async () => {
      const queued = gw.gql(SEARCH);
      await until("the request to queue", () => admission.queued === 1);
      const refused = await gw.gql(SEARCH);
      expect(admission.queued).toBe(1);
      held.release();
      return { refused, queued: await queued };
    });
    const { refused, queued } = outcomes;
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(refused.errors?.[0].extensions?.code).toBe("SERVICE_UNAVAILABLE");
    expect(refused.errors?.[0].message).toContain("服务繁忙");
    expect(refused.errors?.[0].extensions?.requestId).toBe(refused.headers.get("x-request-id"));
    expect(queued.status).toBe(200);
    expect(queued.data.resources.totalCount).toBeGreaterThan(0);
    // Only the queued search reached the database; the refusal cost nothing there.
    expect(statements.length).toBeGreaterThan(0);
    expect(admission.inFlight).toBe(0);
    expect(admission.queued).toBe(0);
  });

  it("drops a request whose client left while it waited: it never runs, and the next one is served", async () => {
    const admission = gw.gateway.admission;
    const before = admission.abandoned;
    const held = admission.enter()!;
    await held.ready;
    const { result: after, statements } = await gw.countStatements(async () => {
      const abort = new AbortController();
      const leaving = fetch(`${gw.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: SEARCH }),
        signal: abort.signal,
      }).catch((e: Error) => e.name);
      await until("the request to queue", () => admission.queued === 1);
      abort.abort();
      expect(await leaving).toBe("AbortError");
      await until("the request to leave the queue", () => admission.queued === 0);
      return admission.abandoned;
    });
    // Nothing of the abandoned request ran while the turn was held.
    expect(statements).toEqual([]);
    expect(after).toBe(before + 1);
    held.release();
    const next = await gw.gql(SEARCH);
    expect(next.status).toBe(200);
    expect(admission.inFlight).toBe(0);
  });

  it("reports running and queued operations, refusals, abandonments and waiting time in /metrics", async () => {
    const text = await (await fetch(`${gw.url}/metrics`)).text();
    expect(text).toMatch(/^catalog_gateway_operations\{state="running"\} 0$/m);
    expect(text).toMatch(/^catalog_gateway_operations\{state="queued"\} 0$/m);
    expect(text).toMatch(/^catalog_gateway_operations_refused_total [1-9]/m);
    expect(text).toMatch(/^catalog_gateway_operations_abandoned_total [1-9]/m);
    expect(text).toMatch(/^catalog_gateway_operations_admitted_total [1-9]/m);
    expect(text).toMatch(/^catalog_gateway_operation_queue_seconds_total [0-9.e-]+$/m);
  });
});
