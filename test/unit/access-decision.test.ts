// The one access decision, table-driven over viewer kind × share type × open type × purpose ×
// sensitivity (R3, R7, R11–R13, R20). The integration matrix checks the same on real rows.
import { describe, expect, it } from "vitest";
import { decideAccess, isGrantActive, type AccessGrant, type AccessItem, type Purpose } from "../../src/policy/access.js";
import type { Viewer } from "../../src/auth/viewer.js";
import { ANONYMOUS } from "../../src/auth/viewer.js";

const NOW = new Date("2026-11-23T10:00:00Z");
const PROVIDER_DEPT = { id: 1, code: "11360100MB0000001X", name: "市公安局" };
const OTHER_DEPT = { id: 2, code: "11360100MB0000002Y", name: "市卫生健康委员会" };
const COORD_DEPT = { id: 3, code: "11360100MB0000003Z", name: "市政务服务和大数据管理局" };

const viewer = (roles: Viewer["roles"], department: Viewer["department"]): Viewer => ({
  accountId: 1,
  login: "x",
  name: "测试",
  roles,
  department,
});

const VIEWERS = {
  anonymous: ANONYMOUS,
  citizen: { ...viewer(["PUBLIC_USER"], null) },
  ownProvider: viewer(["PROVIDER"], PROVIDER_DEPT),
  consumer: viewer(["CONSUMER"], OTHER_DEPT),
  coordinator: viewer(["COORDINATOR"], COORD_DEPT),
  analyst: viewer(["ANALYST"], COORD_DEPT),
};

const ITEMS: AccessItem[] = [
  { code: "l1", name: "一级", sensitivity: "L1", maskingStrategy: "NONE" },
  { code: "l2", name: "二级", sensitivity: "L2", maskingStrategy: "DATE_TO_YEAR" },
  { code: "l3", name: "三级", sensitivity: "L3", maskingStrategy: "ID_CARD" },
  { code: "l3b", name: "三级乙", sensitivity: "L3", maskingStrategy: "NAME" },
  { code: "l4", name: "四级", sensitivity: "L4", maskingStrategy: "BANK_CARD" },
];

type Share = "UNCONDITIONAL" | "CONDITIONAL" | "NOT_SHARED";
type Open = "UNCONDITIONAL" | "CONDITIONAL" | "NOT_OPEN";

const resource = (shareType: Share, openType: Open) => ({
  id: 10,
  code: "J01-001-0001",
  name: "测试资源",
  departmentId: PROVIDER_DEPT.id,
  shareType,
  openType,
  status: "PUBLISHED",
  legalBasis: shareType === "NOT_SHARED" ? "《中华人民共和国反恐怖主义法》第四十八条" : null,
});

const grant = (over: Partial<AccessGrant> = {}): AccessGrant => ({
  id: 7,
  departmentId: OTHER_DEPT.id,
  resourceId: 10,
  purpose: "BUSINESS_COLLABORATION",
  items: ["l1", "l3", "l3b"],
  clearItems: ["l3"],
  validFrom: new Date("2026-01-01T00:00:00Z"),
  validUntil: new Date("2027-01-01T00:00:00Z"),
  revokedAt: null,
  ...over,
});

function decide(v: Viewer, share: Share, open: Open, purpose: Purpose = "BUSINESS_COLLABORATION", grants: AccessGrant[] = []) {
  return decideAccess({ viewer: v, resource: resource(share, open), items: ITEMS, purpose, grants, now: NOW });
}

const treatments = (d: ReturnType<typeof decide>) =>
  d.allowed ? Object.fromEntries(d.items.map((i) => [i.code, i.treatment])) : null;

const PAIRS: Array<[Share, Open]> = [
  ["UNCONDITIONAL", "UNCONDITIONAL"],
  ["UNCONDITIONAL", "CONDITIONAL"],
  ["UNCONDITIONAL", "NOT_OPEN"],
  ["CONDITIONAL", "CONDITIONAL"],
  ["CONDITIONAL", "NOT_OPEN"],
  ["NOT_SHARED", "NOT_OPEN"],
];
const PURPOSES: Purpose[] = ["ADMINISTRATIVE_BASIS", "WORK_REFERENCE", "DATA_VERIFICATION", "BUSINESS_COLLABORATION"];

describe("the access decision matrix", () => {
  for (const [share, open] of PAIRS) {
    for (const purpose of PURPOSES) {
      describe(`${share} share × ${open} open × ${purpose}`, () => {
        it("the provider's own department reads every item in clear", () => {
          expect(treatments(decide(VIEWERS.ownProvider, share, open, purpose))).toEqual({
            l1: "CLEAR", l2: "CLEAR", l3: "CLEAR", l3b: "CLEAR", l4: "CLEAR",
          });
        });

        it("another department without a grant", () => {
          const d = decide(VIEWERS.consumer, share, open, purpose);
          if (share === "UNCONDITIONAL") {
            expect(treatments(d)).toEqual({ l1: "CLEAR", l2: "CLEAR", l3: "MASKED", l3b: "MASKED", l4: "WITHHELD" });
          } else {
            expect(d.allowed).toBe(false);
            if (!d.allowed) expect(d.code).toBe("FORBIDDEN");
            if (share === "NOT_SHARED" && !d.allowed) expect(d.reason).toContain("反恐怖主义法");
          }
        });

        it("another department with a grant for business collaboration", () => {
          const d = decide(VIEWERS.consumer, share, open, purpose, [grant()]);
          const granted = purpose === "BUSINESS_COLLABORATION";
          if (share === "NOT_SHARED") expect(d.allowed).toBe(false);
          else if (share === "CONDITIONAL") {
            if (!granted) expect(d.allowed).toBe(false);
            else expect(treatments(d)).toEqual({ l1: "CLEAR", l2: "WITHHELD", l3: "CLEAR", l3b: "MASKED", l4: "WITHHELD" });
          } else {
            expect(treatments(d)).toEqual({
              l1: "CLEAR", l2: "CLEAR", l3: granted ? "CLEAR" : "MASKED", l3b: "MASKED", l4: "WITHHELD",
            });
          }
        });

        it("the public", () => {
          for (const v of [VIEWERS.anonymous, VIEWERS.citizen]) {
            const d = decide(v, share, open, purpose);
            if (open === "UNCONDITIONAL") {
              expect(treatments(d)).toEqual({ l1: "CLEAR", l2: "MASKED", l3: "MASKED", l3b: "MASKED", l4: "WITHHELD" });
            } else {
              expect(d.allowed).toBe(false);
              if (!d.allowed) expect(d.code).toBe("FORBIDDEN");
            }
          }
        });

        it("the coordinator and analysts read metadata, not rows", () => {
          for (const v of [VIEWERS.coordinator, VIEWERS.analyst]) expect(decide(v, share, open, purpose).allowed).toBe(false);
        });
      });
    }
  }
});

describe("grants", () => {
  it("count for nothing once expired", () => {
    const expired = grant({ validUntil: new Date(NOW.getTime() - 1) });
    expect(decide(VIEWERS.consumer, "CONDITIONAL", "NOT_OPEN", "BUSINESS_COLLABORATION", [expired]).allowed).toBe(false);
    expect(isGrantActive(grant({ validUntil: NOW }), NOW)).toBe(false);
  });

  it("count for nothing from the instant they are revoked", () => {
    expect(decide(VIEWERS.consumer, "CONDITIONAL", "NOT_OPEN", "BUSINESS_COLLABORATION", [grant({ revokedAt: NOW })]).allowed).toBe(false);
    const later = grant({ revokedAt: new Date(NOW.getTime() + 60_000) });
    expect(decide(VIEWERS.consumer, "CONDITIONAL", "NOT_OPEN", "BUSINESS_COLLABORATION", [later]).allowed).toBe(true);
  });

  it("do not count before they start", () => {
    expect(isGrantActive(grant({ validFrom: new Date(NOW.getTime() + 1) }), NOW)).toBe(false);
  });

  it("of another department do not help", () => {
    const g = grant({ departmentId: 99 });
    expect(decide(VIEWERS.consumer, "CONDITIONAL", "NOT_OPEN", "BUSINESS_COLLABORATION", [g]).allowed).toBe(false);
  });

  it("let the coordinator's department read like any other department", () => {
    const g = grant({ departmentId: COORD_DEPT.id });
    const d = decide(VIEWERS.coordinator, "UNCONDITIONAL", "NOT_OPEN", "BUSINESS_COLLABORATION", [g]);
    expect(treatments(d)).toEqual({ l1: "CLEAR", l2: "WITHHELD", l3: "CLEAR", l3b: "MASKED", l4: "WITHHELD" });
  });

  it("combine when several are active", () => {
    const d = decide(VIEWERS.consumer, "CONDITIONAL", "NOT_OPEN", "BUSINESS_COLLABORATION", [
      grant(),
      grant({ id: 8, items: ["l4"], clearItems: ["l4"] }),
    ]);
    expect(treatments(d)).toMatchObject({ l4: "CLEAR", l3: "CLEAR" });
    if (d.allowed) expect(d.grantIds).toEqual([7, 8]);
  });
});

describe("safety", () => {
  it("never serves a masked item with the NONE strategy", () => {
    const items: AccessItem[] = [{ code: "x", name: "误配", sensitivity: "L3", maskingStrategy: "NONE" }];
    const d = decideAccess({ viewer: VIEWERS.consumer, resource: resource("UNCONDITIONAL", "NOT_OPEN"), items, purpose: "WORK_REFERENCE", grants: [], now: NOW });
    expect(d.allowed && d.items[0]).toMatchObject({ treatment: "MASKED", strategy: "REDACT" });
  });

  it("answers the public the same for a resource that does not exist and one not open", () => {
    const none = decideAccess({ viewer: ANONYMOUS, resource: null, items: [], purpose: "WORK_REFERENCE", grants: [], now: NOW });
    const hidden = decide(ANONYMOUS, "UNCONDITIONAL", "NOT_OPEN");
    expect(none).toEqual(hidden);
  });

  it("does not serve a resource that is not published", () => {
    const r = { ...resource("UNCONDITIONAL", "UNCONDITIONAL"), status: "DRAFT" };
    const d = decideAccess({ viewer: VIEWERS.consumer, resource: r, items: ITEMS, purpose: "WORK_REFERENCE", grants: [], now: NOW });
    expect(d.allowed).toBe(false);
  });
});

describe("open-data applications (R21)", () => {
  const app = { id: 5, resourceId: 10, items: ["l1", "l2", "l4"] };
  it("open a conditionally open resource to the public, only the items applied for", () => {
    const d = decideAccess({ viewer: VIEWERS.citizen, resource: resource("UNCONDITIONAL", "CONDITIONAL"), items: ITEMS, purpose: "WORK_REFERENCE", grants: [], applications: [app], now: NOW });
    expect(treatments(d)).toEqual({ l1: "CLEAR", l2: "MASKED", l3: "WITHHELD", l3b: "WITHHELD", l4: "WITHHELD" });
    expect(d.allowed && d.applicationId).toBe(5);
  });
  it("count only for the resource they were made for", () => {
    const d = decideAccess({ viewer: VIEWERS.citizen, resource: resource("UNCONDITIONAL", "CONDITIONAL"), items: ITEMS, purpose: "WORK_REFERENCE", grants: [], applications: [{ ...app, resourceId: 11 }], now: NOW });
    expect(d.allowed).toBe(false);
  });
  it("do not open a not-open resource", () => {
    const d = decideAccess({ viewer: VIEWERS.citizen, resource: resource("UNCONDITIONAL", "NOT_OPEN"), items: ITEMS, purpose: "WORK_REFERENCE", grants: [], applications: [app], now: NOW });
    expect(d.allowed).toBe(false);
  });
});
