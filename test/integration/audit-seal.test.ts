// The audit chain sealed after the append (R13, R30, R32; drizzle/0015_audit_seal.sql). An event
// is durable when its read commits, with the digest of its content; audit_seal links it into the
// chain afterwards, in id order, up to the highest id below which no append is under way. Checked
// here: what a seal writes, that nothing but a seal may change an event, that appends do not wait
// for each other while a seal waits for the appends under way, that racing sealers keep one chain,
// and that the gateway seals what it writes (after each write, on a sweep, and when it stops).
import pg from "pg";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  appendAuditEvent,
  chainHash,
  contentDigest,
  GENESIS_HASH,
  prepareAuditEvent,
  sealAuditBatch,
  sealAuditChain,
  verifyAuditChain,
  type AuditInput,
} from "../../src/audit/audit.service.js";
import { openDatabase, type Db } from "../../src/db/client.js";
import { createTestDatabase, engines, type TestDatabase } from "../support/db.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { until } from "../support/wait.js";

const event = (i: number): AuditInput => ({
  accountId: null,
  login: `sealer${i}`,
  departmentCode: "11440100MB2C00001X",
  roles: ["CONSUMER"],
  operation: "records",
  resourceCode: "J01-002-0001",
  purpose: "WORK_REFERENCE",
  purposeDetail: `（2026）封链测试第${i}号`,
  itemsClear: ["gender"],
  itemsMasked: ["name"],
  itemsWithheld: [],
  filters: { filter: [{ item: "gender", op: "EQ" }], orderBy: [] },
  rowCount: i,
  grantIds: [],
  outcome: "ALLOWED",
  reason: null,
  requestId: `seal-${i}`,
  clientAddress: "127.0.0.1",
});

interface Row {
  id: number;
  prev_hash: string | null;
  hash: string | null;
  digest: string | null;
}

async function rows(db: Db, where = sql`true`): Promise<Row[]> {
  const r = (await db.execute(sql`select * from (
      select e.id, coalesce(e.prev_hash, c.prev_hash) as prev_hash, coalesce(e.hash, c.hash) as hash, e.digest
        from audit_events e left join audit_chain c on c.id = e.id) x
      where ${where} order by id`)) as unknown as {
    rows: Row[];
  };
  return r.rows.map((x) => ({ ...x, id: Number(x.id) }));
}

/** Events with no link: neither in their own row nor sealed in audit_chain. */
async function unsealedIn(db: Db): Promise<number> {
  const r = (await db.execute(
    sql`select count(*)::int as n from audit_events e where e.hash is null and not exists (select 1 from audit_chain c where c.id = e.id)`,
  )) as unknown as { rows: Array<{ n: number }> };
  return Number(r.rows[0].n);
}

/** The SQL error code a statement fails with, or null when it succeeds. */
async function failsWith(db: Db, q: ReturnType<typeof sql>): Promise<string | null> {
  try {
    await db.execute(q);
    return null;
  } catch (e) {
    const err = e as { code?: string; cause?: { code?: string } };
    return err.code ?? err.cause?.code ?? "unknown";
  }
}

describe.each(engines)("the audit chain sealed after the append on %s", (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("writes an event unsealed with its content's digest; a seal links it to the chain", async () => {
    const at = new Date("2026-11-24T08:00:00.000Z");
    const id = await appendAuditEvent(t.database.db, event(1), at);
    const [written] = await rows(t.database.db, sql`id = ${id}`);
    expect(written).toMatchObject({ prev_hash: null, hash: null });
    const { event: json } = prepareAuditEvent(event(1), at);
    const stored = JSON.parse(json);
    expect(written.digest).toBe(
      contentDigest({
        ...event(1),
        at,
        filters: stored.filters,
      }),
    );

    expect(await sealAuditChain(t.database.db)).toBe(1);
    const [sealed] = await rows(t.database.db, sql`id = ${id}`);
    expect(sealed).toMatchObject({ prev_hash: GENESIS_HASH, digest: written.digest });
    expect(sealed.hash).toBe(chainHash(GENESIS_HASH, written.digest!));
    expect(await sealAuditChain(t.database.db)).toBe(0);
    expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true, checked: 1, unsealed: 0 });
  });

  it("seals in batches, each continuing the chain where the last one ended", async () => {
    for (let i = 0; i < 25; i++) await appendAuditEvent(t.database.db, event(10 + i));
    expect([await sealAuditBatch(t.database.db, 10), await sealAuditBatch(t.database.db, 10), await sealAuditBatch(t.database.db, 10)]).toEqual([
      10, 10, 5,
    ]);
    const chain = await rows(t.database.db);
    expect(chain).toHaveLength(26);
    for (let i = 1; i < chain.length; i++) expect(chain[i].prev_hash).toBe(chain[i - 1].hash);
    expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true, checked: 26 });
  });

  it("never lets an event or its seal change, sealed or not", async () => {
    const db = t.database.db;
    const id = await appendAuditEvent(db, event(50));
    const [row] = await rows(db, sql`id = ${id}`);
    const [last] = (await rows(db, sql`hash is not null`)).slice(-1);
    const refused = "42501"; // insufficient_privilege, from the guards
    // An unsealed event: its content, its digest, or a link and hash written into its row.
    expect(await failsWith(db, sql`update audit_events set row_count = 0 where id = ${id}`)).toBe(refused);
    expect(await failsWith(db, sql`update audit_events set digest = ${"0".repeat(64)} where id = ${id}`)).toBe(refused);
    expect(
      await failsWith(db, sql`update audit_events set prev_hash = ${last.hash}, hash = ${chainHash(last.hash!, row.digest!)} where id = ${id}`),
    ).toBe(refused);
    // An event with neither a hash nor a digest cannot be written.
    expect(
      await failsWith(
        db,
        sql`insert into audit_events (at, roles, operation, items_clear, items_masked, items_withheld, filters, row_count, grant_ids, outcome)
            values (now(), '{}', 'records', '{}', '{}', '{}', '[]', 0, '{}', 'ALLOWED')`,
      ),
    ).toBe("23514");
    expect(await sealAuditChain(db)).toBe(1);
    // Its seal: changed, removed while the event is kept, or all seals truncated.
    expect(await failsWith(db, sql`update audit_chain set hash = ${"a".repeat(64)} where id = ${id}`)).toBe(refused);
    expect(await failsWith(db, sql`delete from audit_chain where id = ${id}`)).toBe(refused);
    expect(await failsWith(db, sql`truncate audit_chain`)).toBe(refused);
    expect(await failsWith(db, sql`delete from audit_events where id = ${id}`)).toBe(refused);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it("finds an event changed before its seal, and one removed after it", async () => {
    const db = t.database.db;
    const id = await appendAuditEvent(db, event(60));
    // A tamperer with the table owner's rights, before the seal: the digest no longer matches.
    await db.execute(sql`alter table audit_events disable trigger audit_events_no_update`);
    await db.execute(sql`update audit_events set row_count = 99999 where id = ${id}`);
    await db.execute(sql`alter table audit_events enable trigger audit_events_no_update`);
    const changed = await verifyAuditChain(db);
    expect(changed).toMatchObject({ ok: false, firstBrokenId: id });
    expect(changed.reason).toMatch(/content does not match/);
    await db.execute(sql`alter table audit_events disable trigger audit_events_no_update`);
    await db.execute(sql`update audit_events set row_count = 60 where id = ${id}`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
    // The same tamperer removes a sealed event: the next one's link breaks.
    const chain = await rows(db, sql`hash is not null`);
    const victim = chain[chain.length - 3];
    await db.execute(sql`delete from audit_events where id = ${victim.id}`);
    await db.execute(sql`alter table audit_events enable trigger audit_events_no_update`);
    const removed = await verifyAuditChain(db);
    expect(removed).toMatchObject({ ok: false, firstBrokenId: chain[chain.length - 2].id });
    expect(removed.reason).toMatch(/link to the previous event broken/);
  });
});

describe.runIf(engines.includes("postgres"))("sealing against other connections on PostgreSQL", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase("postgres");
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("appends while another append is open; the seal waits for it, and gives up after 200 ms", async () => {
    const db = t.database.db;
    const open = new pg.Client({ connectionString: t.url });
    await open.connect();
    try {
      const early = prepareAuditEvent(event(1));
      const digest = contentDigest({ ...event(1), at: new Date(JSON.parse(early.event).at), filters: JSON.parse(early.event).filters });
      await open.query("begin");
      const a = await open.query("select audit_append($1::jsonb, $2) as id", [early.event, digest]);
      const earlyId = Number(a.rows[0].id);
      // Appends do not wait for each other: this one commits while the first is open.
      const laterId = await appendAuditEvent(db, event(2));
      expect(laterId).toBeGreaterThan(earlyId);
      // The seal cannot know whether the open append will commit: it waits, then gives up.
      const code = await failsWith(db, sql`select audit_seal(1000)`);
      expect(code).toBe("55P03"); // lock_not_available
      expect(await rows(db, sql`hash is not null`)).toHaveLength(0);
      // Appends go on while no seal is waiting.
      await appendAuditEvent(db, event(3));
      // A seal that starts while the append is open and finishes after it commits seals both, in id order.
      const sealing = sealAuditChain(db);
      await new Promise((r) => setTimeout(r, 50));
      await open.query("commit");
      expect(await sealing).toBe(3);
      const chain = await rows(db);
      expect(chain.map((r) => r.id)).toEqual([earlyId, laterId, laterId + 1]);
      expect(chain[0].prev_hash).toBe(GENESIS_HASH);
      expect(chain[1].prev_hash).toBe(chain[0].hash);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 3, unsealed: 0 });
    } finally {
      await open.end();
    }
  });

  it("finds an event left out of the chain below sealed ones", async () => {
    const db = t.database.db;
    const id = await appendAuditEvent(db, event(4));
    await appendAuditEvent(db, event(5));
    // Only by hand: seal the later event and not the earlier one.
    const [last] = (await rows(db, sql`hash is not null`)).slice(-1);
    const [later] = await rows(db, sql`id = ${id + 1}`);
    await db.execute(sql`insert into audit_chain (id, prev_hash, hash) values (${id + 1}, ${last.hash}, ${chainHash(last.hash!, later.digest!)})`);
    const check = await verifyAuditChain(db);
    // The seal in the check links nothing below a sealed event; the check reports the gap.
    expect(check).toMatchObject({ ok: false, firstBrokenId: id });
    expect(check.reason).toMatch(/left out of the chain/);
  });

  it("keeps one chain when 60 appends race with sealers on two handles", async () => {
    const db = t.database.db;
    await db.execute(sql`alter table audit_events disable trigger audit_events_no_update`);
    await db.execute(sql`delete from audit_events`);
    await db.execute(sql`alter table audit_events enable trigger audit_events_no_update`);
    // The seals of removed events may go (as after the 180 days of R30).
    await db.execute(sql`delete from audit_chain`);
    const other = await openDatabase({ databaseUrl: t.url!, poolMax: 4 });
    try {
      const sealing = async (h: Db) => {
        for (let i = 0; i < 15; i++) {
          await sealAuditBatch(h, 7);
          await new Promise((r) => setTimeout(r, 2));
        }
      };
      const [ids] = await Promise.all([
        Promise.all(Array.from({ length: 60 }, (_, i) => appendAuditEvent(i % 2 ? db : other.db, event(100 + i)))),
        sealing(db),
        sealing(other.db),
      ]);
      expect(new Set(ids).size).toBe(60);
      await sealAuditChain(other.db);
      const chain = await rows(db);
      expect(chain).toHaveLength(60);
      for (let i = 1; i < chain.length; i++) expect(chain[i].prev_hash).toBe(chain[i - 1].hash);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 60, unsealed: 0 });
    } finally {
      await other.close();
    }
  });
});

describe.each(engines)("the gateway's sealer on %s", (engine) => {
  let gw: TestGateway;
  let population = "";
  const unsealed = async () => unsealedIn(gw.testDb.database.db);

  beforeAll(async () => {
    gw = await startTestGateway(engine, { env: { AUDIT_SEAL_SWEEP_MS: "200" } });
    const r = await gw.gql(`{ resources(filter: { search: "人口基本信息" }, first: 5) { nodes { code name } } }`, {}, { as: "coordinator" });
    population = r.data.resources.nodes.find((n: { name: string }) => n.name === "人口基本信息").code;
  });
  afterAll(async () => {
    await gw?.testDb.drop();
  });

  it("seals a read's event shortly after the read answers, without a chain check asking", async () => {
    const r = await gw.gql(
      `query { records(resourceCode: "${population}", purpose: WORK_REFERENCE, purposeDetail: "（2026）封链第1号", first: 3) { nodes { key } } }`,
      {},
      { as: "police" },
    );
    expect(r.errors).toBeUndefined();
    await until("the read's event is sealed", async () => (await unsealed()) === 0, 3000);
    const events = await gw.gql(`{ auditEvents(first: 1) { nodes { operation prevHash hash } } }`, {}, { as: "auditor" });
    expect(events.data.auditEvents.nodes[0]).toMatchObject({ operation: "records", hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    expect(Number(/^catalog_gateway_audit_sealed_total (\d+)/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
  });

  it("seals on its sweep what was written without it", async () => {
    const db = gw.testDb.database.db;
    const orphan = prepareAuditEvent(event(7));
    // Written as another replica would: this gateway is not told.
    await db.execute(sql`select audit_append(${orphan.event}::jsonb, ${"e".repeat(64)})`);
    expect(await unsealed()).toBe(1);
    await until("the sweep seals it", async () => (await unsealed()) === 0, 3000);
    await gw.gateway.stop();
  });

  it("seals what is left when it stops", async () => {
    // The default sweep (5 s) does not come round during this test.
    const quiet = await startTestGateway(engine, { demo: false });
    try {
      const db = quiet.testDb.database.db;
      const orphan = prepareAuditEvent(event(8));
      await db.execute(sql`select audit_append(${orphan.event}::jsonb, ${"f".repeat(64)})`);
      await new Promise((r) => setTimeout(r, 100));
      const left = () => unsealedIn(db);
      expect(await left()).toBe(1);
      await quiet.gateway.stop();
      expect(await left()).toBe(0);
    } finally {
      await quiet.testDb.drop();
    }
  });
});
