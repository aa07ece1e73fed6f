// The entry statement is built once per visibility key and reused for every viewer with that key
// (catalog.service resourceByCode). That is safe only if viewers with equal keys get the same
// condition and viewers with different conditions never share a key (R3, R7: the public never
// gets a department's drafts or a not-open entry through another viewer's statement).
import { PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import type { Viewer } from "../../src/auth/viewer.js";
import { testViewer } from "../support/viewers.js";
import { ANONYMOUS } from "../../src/auth/viewer.js";
import { catalogVisibility, catalogVisibilityKey, entryVisibility, entryVisibilityKey } from "../../src/policy/catalog.js";

const dialect = new PgDialect();
const viewer = testViewer;

const VIEWERS: Array<[string, Viewer]> = [
  ["anonymous", ANONYMOUS],
  ["public user", viewer(1, ["PUBLIC_USER"], null)],
  ["another public user", viewer(2, ["PUBLIC_USER"], null)],
  ["consumer of department 3", viewer(3, ["CONSUMER"], 3)],
  ["another consumer of department 3", viewer(4, ["CONSUMER", "PROVIDER"], 3)],
  ["provider of department 4", viewer(5, ["PROVIDER"], 4)],
  ["analyst of department 1", viewer(6, ["ANALYST"], 1)],
  ["coordinator of department 1", viewer(7, ["COORDINATOR"], 1)],
  ["auditor of department 1", viewer(8, ["AUDITOR"], 1)],
  // Without a department an account is the public's (isPublicViewer), whatever its roles.
  ["account without a department", viewer(9, ["ANALYST"], null)],
  ["public user placed in a department", viewer(10, ["PUBLIC_USER"], 3)],
];

describe("entryVisibilityKey", () => {
  it("is equal for two viewers exactly when their entry visibility is the same condition", () => {
    const rendered = (v: Viewer) => JSON.stringify(dialect.sqlToQuery(entryVisibility(v)));
    for (const [a, va] of VIEWERS) {
      for (const [b, vb] of VIEWERS) {
        const sameKey = entryVisibilityKey(va) === entryVisibilityKey(vb);
        expect(sameKey, `${a} / ${b}`).toBe(rendered(va) === rendered(vb));
      }
    }
  });

  it("gives every public viewer one key and no government viewer that key", () => {
    const isPublic = (name: string) => /anonymous|public|without a department/.test(name);
    const pub = new Set(VIEWERS.filter(([n]) => isPublic(n)).map(([, v]) => entryVisibilityKey(v)));
    expect(pub.size).toBe(1);
    for (const [n, v] of VIEWERS.filter(([n]) => !isPublic(n))) expect(pub.has(entryVisibilityKey(v)), n).toBe(false);
  });
});

// The same for catalogVisibility, whose statement for related resources is reused by key
// (catalog.service resourcesByCodes).
describe("catalogVisibilityKey", () => {
  it("is equal for two viewers exactly when their catalog visibility is the same condition", () => {
    const rendered = (v: Viewer) => JSON.stringify(dialect.sqlToQuery(catalogVisibility(v)));
    for (const [a, va] of VIEWERS) {
      for (const [b, vb] of VIEWERS) {
        expect(catalogVisibilityKey(va) === catalogVisibilityKey(vb), `${a} / ${b}`).toBe(rendered(va) === rendered(vb));
      }
    }
    expect(new Set(VIEWERS.map(([, v]) => catalogVisibilityKey(v))).size).toBe(2);
  });
});
