// Fetching a catalog for importDcat(url) (src/dcat/fetch.ts): off unless allowed, http(s) only,
// no private or loopback addresses unless allowed, a deadline and a size cap.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_DOCUMENT_BYTES, fetchDocument, isNonPublicAddress } from "../../src/dcat/fetch.js";
import { dcatSettings } from "../../src/dcat/settings.js";

const code = async (p: Promise<unknown>) => {
  try {
    await p;
    return "resolved";
  } catch (e) {
    return `${(e as { extensions?: { code?: string } }).extensions?.code}: ${(e as Error).message}`;
  }
};

describe("which addresses are not public", () => {
  it.each([
    ["127.0.0.1", true], ["10.1.2.3", true], ["172.20.0.1", true], ["192.168.1.1", true], ["169.254.169.254", true],
    ["100.64.0.1", true], ["0.0.0.0", true], ["224.0.0.1", true], ["::1", true], ["::", true], ["fe80::1", true],
    ["fd12:3456::1", true], ["::ffff:127.0.0.1", true], ["::ffff:7f00:1", true], ["::ffff:10.0.0.1", true], ["not an ip", true],
    ["8.8.8.8", false], ["114.114.114.114", false], ["2400:3200::1", false], ["::ffff:8.8.8.8", false],
  ])("%s → %s", (addr, expected) => {
    expect(isNonPublicAddress(addr)).toBe(expected);
  });
});

describe("fetching a catalog", () => {
  let server: http.Server;
  let base = "";
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === "/catalog.jsonld") {
        res.writeHead(200, { "content-type": "application/ld+json" });
        res.end(JSON.stringify({ "@type": "dcat:Catalog" }));
      } else if (req.url === "/big") {
        res.writeHead(200, { "content-type": "application/json" });
        const chunk = "x".repeat(64 * 1024);
        for (let i = 0; i < 20; i++) res.write(chunk); // 1.25 MiB without content-length
        res.end();
      } else if (req.url === "/slow") {
        setTimeout(() => res.end("{}"), 3000).unref();
      } else if (req.url?.startsWith("/loop")) {
        res.writeHead(302, { location: "/loop" });
        res.end();
      } else if (req.url === "/redirect") {
        res.writeHead(302, { location: "/catalog.jsonld" });
        res.end();
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const allowed = dcatSettings({ DCAT_IMPORT_ALLOW_URL: "true", DCAT_IMPORT_ALLOW_PRIVATE: "true", DCAT_IMPORT_TIMEOUT_MS: "500" });

  it("is off unless DCAT_IMPORT_ALLOW_URL is on", async () => {
    expect(await code(fetchDocument(`${base}/catalog.jsonld`, dcatSettings({})))).toMatch(/^FORBIDDEN: .*DCAT_IMPORT_ALLOW_URL/);
  });

  it("refuses loopback and private addresses unless DCAT_IMPORT_ALLOW_PRIVATE is on", async () => {
    const noPrivate = dcatSettings({ DCAT_IMPORT_ALLOW_URL: "true" });
    expect(await code(fetchDocument(`${base}/catalog.jsonld`, noPrivate))).toMatch(/^FORBIDDEN: .*内网/);
    expect(await code(fetchDocument("http://localhost:1/catalog.jsonld", noPrivate))).toMatch(/^FORBIDDEN/);
    expect(await code(fetchDocument("http://[::ffff:127.0.0.1]:1/", noPrivate))).toMatch(/^FORBIDDEN/);
    expect(await code(fetchDocument("http://169.254.169.254/latest/meta-data/", noPrivate))).toMatch(/^FORBIDDEN/);
  });

  it("accepts http(s) only", async () => {
    expect(await code(fetchDocument("file:///etc/passwd", allowed))).toMatch(/^BAD_USER_INPUT: 只接受 http/);
    expect(await code(fetchDocument("ftp://example.org/x", allowed))).toMatch(/^BAD_USER_INPUT/);
    expect(await code(fetchDocument("http://user:pw@127.0.0.1/", allowed))).toMatch(/^BAD_USER_INPUT/);
    expect(await code(fetchDocument("not a url", allowed))).toMatch(/^BAD_USER_INPUT/);
  });

  it("fetches when allowed, following a redirect", async () => {
    expect(JSON.parse(await fetchDocument(`${base}/catalog.jsonld`, allowed))).toEqual({ "@type": "dcat:Catalog" });
    expect(JSON.parse(await fetchDocument(`${base}/redirect`, allowed))).toEqual({ "@type": "dcat:Catalog" });
  });

  it("stops at the size cap, the deadline, a redirect loop and an error status", async () => {
    expect(await code(fetchDocument(`${base}/big`, allowed))).toMatch(new RegExp(`^BAD_USER_INPUT: 文档超过 ${MAX_DOCUMENT_BYTES}`));
    const started = Date.now();
    expect(await code(fetchDocument(`${base}/slow`, allowed))).toMatch(/^BAD_USER_INPUT: 抓取超时/);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await code(fetchDocument(`${base}/loop`, allowed))).toMatch(/重定向超过/);
    expect(await code(fetchDocument(`${base}/missing`, allowed))).toMatch(/HTTP 404/);
  });
});
