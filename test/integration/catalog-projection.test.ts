// Catalog pages and entries read only the columns their selection needs (catalog.service.ts
// resourceColumnsFor): every field of Resource still answers what the table holds, asked for
// alone or together, on a page and on an entry, on both engines.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { getNamedType, isLeafType, type GraphQLObjectType } from "graphql";
import { engines } from "../support/db.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { buildBareSchema } from "../../src/server/schema.js";

const snake = (f: string) => f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const norm = (v: unknown) => (v instanceof Date ? v.toISOString() : typeof v === "string" && /^\d{4}-\d\d-\d\d[ T]\d\d:/.test(v) ? new Date(v).toISOString() : v);

describe.each(engines)("catalog column projection on %s", (engine) => {
  let gw: TestGateway;
  let leaves: string[] = [];
  beforeAll(async () => {
    gw = await startTestGateway(engine);
    const schema = await buildBareSchema();
    const resource = schema.getType("Resource") as GraphQLObjectType;
    leaves = Object.values(resource.getFields())
      .filter((f) => isLeafType(getNamedType(f.type)))
      .map((f) => f.name);
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("answers every leaf field of Resource as stored, on a page and on an entry, together and one by one", async () => {
    expect(leaves.length).toBeGreaterThan(15);
    const page = await gw.gql(`{ resources(first: 100) { nodes { ${leaves.join(" ")} } } }`, {}, { as: "coordinator" });
    expect(page.errors).toBeUndefined();
    const codes: string[] = page.data.resources.nodes.map((n: any) => n.code);
    const stored = ((await gw.testDb.database.db.execute(sql`select * from resources where code in (${sql.join(codes.map((c) => sql`${c}`), sql`, `)})`)) as any).rows;
    const filled = new Set<string>();
    for (const [n, node] of page.data.resources.nodes.entries()) {
      const row = stored.find((r: any) => r.code === node.code);
      for (const f of leaves) {
        if (!(snake(f) in row)) continue;
        if (row[snake(f)] !== null) filled.add(f);
        expect(norm(node[f]), `${node.code}.${f}`).toEqual(norm(row[snake(f)]));
      }
      if (n >= 5) continue;
      const entry = await gw.gql(`query($c: String!) { resource(code: $c) { ${leaves.join(" ")} } }`, { c: node.code }, { as: "coordinator" });
      expect(entry.data.resource).toEqual(node);
    }
    // The page holds a value for the fields that have one somewhere in the demo catalog.
    for (const f of ["theme", "shareCondition", "legalBasis", "openCondition", "sourceSystem", "publishedAt", "dataUpdatedAt"]) expect(filled, f).toContain(f);
    // One field at a time: each reads its own column, not just what another field brought along.
    const first = page.data.resources.nodes[0];
    for (const f of leaves) {
      const one = await gw.gql(`query($c: String!) { resource(code: $c) { ${f} } resources(first: 1) { edges { node { ${f} } } } }`, { c: first.code }, { as: "coordinator" });
      expect(one.errors, f).toBeUndefined();
      expect(one.data.resource[f], f).toEqual(first[f]);
    }
  });

  it("reads related entries, items and versions when only they are asked for", async () => {
    const page = await gw.gql(`{ resources(first: 50) { nodes { relatedResources { code } } } }`, {}, { as: "health" });
    expect(page.errors).toBeUndefined();
    expect(page.data.resources.nodes.some((n: any) => n.relatedResources.length > 0)).toBe(true);
    const entry = await gw.gql(`{ resources(first: 1) { nodes { provider { name } items { code } versions { version } } } }`, {}, { as: "health" });
    expect(entry.errors).toBeUndefined();
    expect(entry.data.resources.nodes[0].provider.name).toBeTruthy();
    expect(entry.data.resources.nodes[0].items.length).toBeGreaterThan(0);
  });
});
