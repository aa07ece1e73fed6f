// `ingest <resourceCode> <file>` run as a user runs it, on a fresh database with the demo city:
// PostgreSQL (COPY) and the embedded database (batched INSERTs). A valid file is written whole;
// a file with one bad row changes nothing and names the line.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { buildDemoCity } from "../../src/demo/city.js";
import { openDatabase } from "../../src/db/client.js";
import { idCardCheckDigit } from "../../src/records/identifiers.js";
import { createTestDatabase, engines, type TestDatabase } from "../support/db.js";

const root = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(root, "node_modules/.bin/tsx");
const main = path.join(root, "src/main.ts");
const SECRET = "ingest-test-secret-0123456789-abcdefghijklmnop";
const POP = buildDemoCity().resources.find((r) => r.name === "人口基本信息")!.code;
const HEADER = "id_number,name,mobile,address,birth_date,gender,ethnicity,household_district,photo";

const dirs: string[] = [];
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "cg-ingest-"));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A valid identity number of a region the demo city does not use; `series` keeps files apart. */
function idNumber(series: number, n: number): string {
  const birth = new Date(Date.UTC(1960, 0, 1) + (n % 10000) * 86_400_000).toISOString().slice(0, 10);
  const body = `36990${series}${birth.replaceAll("-", "")}${String(Math.floor(n / 10000)).padStart(3, "0")}`;
  return body + idCardCheckDigit(body);
}

/** A CSV of `rows` people, with a BOM, CRLF line ends and quoted fields holding commas, quotes and line breaks. */
function personCsv(series: number, rows: number, bad: Record<number, Partial<Record<string, string>>> = {}): string {
  const lines = ["\uFEFF" + HEADER];
  for (let n = 0; n < rows; n++) {
    const id = idNumber(series, n);
    const v: Record<string, string> = {
      id_number: id,
      name: `测试${"甲乙丙丁"[n % 4]}`,
      mobile: n % 5 === 0 ? "" : `139${String(n).padStart(8, "0")}`,
      address: n % 3 === 0 ? `"江州市东湖区测试路${n}号,""东""栋\r\n2单元"` : `江州市东湖区测试路${n}号`,
      birth_date: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
      gender: n % 2 ? "男" : "女",
      ethnicity: "汉族",
      household_district: "东湖区",
      photo: `photos/2025/${n}.jpg`,
      ...bad[n],
    };
    lines.push(HEADER.split(",").map((c) => v[c]).join(","));
  }
  return lines.join("\r\n") + "\r\n";
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function ingest(code: string, file: string, env: Record<string, string>, timeoutMs = 240_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const p = spawn(tsx, [main, "ingest", code, file], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "test", LOG_LEVEL: "warn", DEMO: "true", AUTH_JWT_SECRET: SECRET, ...env },
    });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    const t = setTimeout(() => {
      p.kill("SIGKILL");
      reject(new Error(`timed out: ingest ${code} ${file}\n${stderr}`));
    }, timeoutMs);
    p.on("exit", (c) => {
      clearTimeout(t);
      resolve({ code: c, stdout, stderr });
    });
  });
}

describe.each(engines)("the ingest command on %s", (engine) => {
  let env: Record<string, string>;
  let testDb: TestDatabase | undefined;
  let dataDir: string | undefined;
  const dir = tmpDir();
  const valid = path.join(dir, "people.csv");
  const withBad = path.join(dir, "people-bad.csv");
  fs.writeFileSync(valid, personCsv(1, 2000));
  // Line 1 is the header; row n starts on line n + 2 (quoted line breaks push the later ones down).
  fs.writeFileSync(withBad, personCsv(2, 2000, { 1500: { birth_date: "1990-02-30" } }));

  /** Rows of 人口基本信息 now, and how many of them came from a file series. */
  async function counts(series: number): Promise<{ total: number; fromSeries: number }> {
    const database = testDb ? testDb.database : await openDatabase({ dataDir });
    try {
      const res = (await database.db.execute(sql`
        select count(*)::int as total, (count(*) filter (where r.key like ${`36990${series}%`}))::int as from_series
        from records r join resources s on s.id = r.resource_id where s.code = ${POP}`)) as any;
      return { total: Number(res.rows[0].total), fromSeries: Number(res.rows[0].from_series) };
    } finally {
      if (!testDb) await database.close();
    }
  }

  beforeAll(async () => {
    if (engine === "postgres") {
      // A fresh database; migrations and the demo city come from the command itself.
      const admin = await createTestDatabase("postgres");
      testDb = admin;
      env = { DATABASE_URL: admin.url! };
    } else {
      dataDir = tmpDir();
      env = { DATA_DIR: dataDir };
    }
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  it("writes a valid file of 2,000 rows, and the same file again as updates", async () => {
    const r = await ingest(POP, valid, env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^ingested 2000 rows into ${POP} \\(2000 inserted, 0 updated\\) in \\d+\\.\\d s\\n$`));
    const after = await counts(1);
    expect(after.fromSeries).toBe(2000);

    const again = await ingest(POP, valid, env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/\(0 inserted, 2000 updated\)/);
    expect(await counts(1)).toEqual(after);

    // Both loads are in the audit trail.
    const database = testDb ? testDb.database : await openDatabase({ dataDir });
    try {
      const res = (await database.db.execute(
        sql`select row_count, resource_code from audit_events where operation = 'ingest' order by id`,
      )) as any;
      expect(res.rows.map((r: any) => [Number(r.row_count), r.resource_code])).toEqual([[2000, POP], [2000, POP]]);
    } finally {
      if (!testDb) await database.close();
    }
  }, 300_000);

  it("changes nothing for a file with one bad row, and names its line", async () => {
    const before = await counts(2);
    const r = await ingest(POP, withBad, env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/1 bad row\(s\) in .*people-bad\.csv; nothing was written/);
    // Rows 0…1499 before it: 500 of them (n % 3 === 0) hold a quoted line break.
    expect(r.stderr).toMatch(/line 2002: .*birth_date/);
    expect(await counts(2)).toEqual({ ...before, fromSeries: 0 });
  }, 300_000);

  it("refuses a file whose header names something that is not an item", async () => {
    const odd = path.join(dir, "odd.csv");
    fs.writeFileSync(odd, "id_number,nickname\n" + idNumber(3, 1) + ",x\n");
    const r = await ingest(POP, odd, env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not item codes of .*: nickname/);
    const jsonl = path.join(dir, "people.jsonl");
    fs.writeFileSync(jsonl, [JSON.stringify({ id_number: idNumber(3, 2), name: "王五" }), "{not json", ""].join("\n"));
    const j = await ingest(POP, jsonl, env);
    expect(j.code).toBe(1);
    expect(j.stderr).toMatch(/line 2: 不是合法的 JSON/);
  }, 300_000);
});
