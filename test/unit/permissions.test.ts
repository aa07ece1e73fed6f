// Invariant 2: deny by default. Every root field and every object type of the built schema names
// its rule in the shield map; a field the map forgets is refused with FORBIDDEN.
import { describe, expect, it } from "vitest";
import { graphql, isObjectType, type GraphQLObjectType } from "graphql";
import { applyMiddleware } from "graphql-middleware";
import { buildBareSchema } from "../../src/server/schema.js";
import { permissions, ruleMap } from "../../src/policy/permissions.js";

describe("the rule map", () => {
  it("names a rule for every Query and Mutation field", async () => {
    const schema = await buildBareSchema();
    const missing: string[] = [];
    for (const type of [schema.getQueryType(), schema.getMutationType()]) {
      if (!type) continue;
      const rules = (ruleMap as Record<string, any>)[type.name] ?? {};
      for (const field of Object.keys(type.getFields())) if (!rules[field]) missing.push(`${type.name}.${field}`);
    }
    expect(missing).toEqual([]);
  });

  it("names a rule for every object type", async () => {
    const schema = await buildBareSchema();
    const missing = Object.values(schema.getTypeMap())
      .filter((t) => isObjectType(t) && !t.name.startsWith("__") && !["Query", "Mutation", "Subscription"].includes(t.name))
      .map((t) => t.name)
      .filter((n) => !(n in ruleMap));
    expect(missing).toEqual([]);
  });

  it("has no rule for a field the schema does not have (stale entries hide mistakes)", async () => {
    const schema = await buildBareSchema();
    const q = schema.getQueryType()!.getFields();
    for (const f of Object.keys(ruleMap.Query)) expect(q[f], f).toBeDefined();
    const m = schema.getMutationType()!.getFields();
    for (const f of Object.keys(ruleMap.Mutation)) expect(m[f], f).toBeDefined();
    for (const t of Object.keys(ruleMap)) expect(schema.getType(t), t).toBeDefined();
  });

  it("refuses with FORBIDDEN, not INTERNAL_SERVER_ERROR, a field the map forgets", async () => {
    const { Query, ...types } = ruleMap;
    const { departments: _forgotten, ...rest } = Query;
    const schema = applyMiddleware(await buildBareSchema(), permissions({ ...types, Query: rest }));
    const res = await graphql({ schema, source: "{ departments { code } }", contextValue: {} });
    expect(res.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect(res.data).toBeNull();
  });

  it("refuses every field of an object type the map forgets; fields the map allows resolve without a wrapper", async () => {
    const { Department: _forgotten, ...rest } = ruleMap;
    const schema = applyMiddleware(await buildBareSchema(), permissions(rest));
    const info = (type: string, field: string) => ({ parentType: schema.getType(type), fieldName: field, path: { key: field } }) as any;
    const denied = (schema.getType("Department") as GraphQLObjectType).getFields().name.resolve!(
      { name: "市公安局" }, {}, {}, info("Department", "name"),
    );
    const refused = await Promise.resolve(denied).then((v) => v, (e) => e);
    expect(refused).toBeInstanceOf(Error);
    expect(refused.extensions?.code).toBe("FORBIDDEN");

    // DataItem is `allow`: its scalars answer at once, not through a promise per field.
    const name = (schema.getType("DataItem") as GraphQLObjectType).getFields().name;
    const value = name.resolve ? name.resolve({ name: "姓名" }, {}, {}, info("DataItem", "name")) : "姓名";
    expect(value).toBe("姓名");
  });
});
