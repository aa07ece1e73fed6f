// Which caches a statement about to run concerns (src/db/client.ts): a write to the catalog, a
// grant or an account stops the gateway's own cached answers until the change feed reports it.
// The answer is kept by the statement's text; a statement run again must get the same answer.
import { describe, expect, it } from "vitest";
import { feedsWritten } from "../../src/db/client.js";

describe("feedsWritten", () => {
  it("names the caches of every table a statement writes, the same on every run", () => {
    const q = `update "resources" set "status" = $1 where "id" = $2`;
    expect(feedsWritten(q)).toEqual(["search", "access", "entry"]);
    expect(feedsWritten(q)).toEqual(["search", "access", "entry"]);
    expect(feedsWritten(`insert into grants (resource_id) values ($1)`)).toEqual(["access"]);
    expect(feedsWritten(`with d as (delete from "departments" where id = $1) insert into accounts (login) values ($2)`)).toEqual([
      "search", "access", "account", "entry", "account", "entry",
    ]);
    // A version is part of its entry's detail page (drizzle/0017); "resource_versions" is not "resources".
    expect(feedsWritten(`insert into "resource_versions" ("resource_id") values ($1)`)).toEqual(["entry"]);
  });

  it("names none for reads and for writes to tables no cache reads", () => {
    expect(feedsWritten(`select "resources"."code" from "resources" where "id" = $1`)).toEqual([]);
    expect(feedsWritten(`select audit_append($1::jsonb, $2)`)).toEqual([]);
    expect(feedsWritten(`insert into rate_buckets (key) values ($1)`)).toEqual([]);
  });

  it("scans a statement too long to keep on every run", () => {
    const long = `insert into data_items (code) values ${Array.from({ length: 3000 }, (_, i) => `('c${i}')`).join(", ")}`;
    expect(long.length).toBeGreaterThan(16_000);
    expect(feedsWritten(long)).toEqual(["search", "access", "entry"]);
    expect(feedsWritten(long)).toEqual(["search", "access", "entry"]);
  });
});
