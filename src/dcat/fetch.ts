// Fetching a DCAT document for importDcat(url): http(s) only, only when DCAT_IMPORT_ALLOW_URL is
// on, never from loopback / private / link-local / other non-public addresses unless
// DCAT_IMPORT_ALLOW_PRIVATE is on (server-side request forgery). The address checked is the one
// connected to (no second DNS answer in between), redirects (at most 3) are checked the same
// way, the whole fetch has a deadline and the body a size cap.
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { badInput, codedError } from "../server/errors.js";
import type { DcatSettings } from "./settings.js";

export const MAX_DOCUMENT_BYTES = 1024 * 1024;
const MAX_REDIRECTS = 3;

const blocked = new net.BlockList();
for (const [addr, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15],
  ["198.51.100.0", 24], ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) blocked.addSubnet(addr, prefix, "ipv4");
for (const [addr, prefix] of [
  ["::", 128], ["::1", 128], ["64:ff9b::", 96], ["100::", 64], ["2001::", 23], ["2001:db8::", 32], ["fc00::", 7],
  ["fe80::", 10], ["fec0::", 10], ["ff00::", 8],
] as const) blocked.addSubnet(addr, prefix, "ipv6");

/** True for addresses that are not on the public internet (loopback, private, link-local, …). */
export function isNonPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family !== 6) return true;
  const lower = address.toLowerCase();
  // IPv4-mapped and -compatible forms are checked as the IPv4 address they carry.
  const mapped = /^(?:0{0,4}:){0,5}(?:ffff:)?(\d+\.\d+\.\d+\.\d+)$/.exec(lower.replace(/^::/, "0::"));
  if (mapped) return blocked.check(mapped[1], "ipv4");
  const hexMapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hexMapped) {
    const hi = parseInt(hexMapped[1], 16);
    const lo = parseInt(hexMapped[2], 16);
    return blocked.check(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`, "ipv4");
  }
  return blocked.check(address, "ipv6");
}

const refuse = (m: string) => codedError("FORBIDDEN", m, { argument: "url" });
const fail = (m: string) => badInput(m, { argument: "url" });

function checkUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw fail("url 不是有效的地址 (invalid url)");
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw fail(`只接受 http:// 或 https:// 地址，不接受 ${u.protocol.slice(0, 20)} (http(s) only)`);
  if (u.username || u.password) throw fail("url 不能包含用户名或密码 (no credentials in the url)");
  return u;
}

async function resolve(u: URL, settings: DcatSettings): Promise<{ address: string; family: 4 | 6 }> {
  const host = u.hostname.replace(/^\[|\]$/g, "");
  let addresses: Array<{ address: string; family: number }>;
  if (net.isIP(host)) addresses = [{ address: host, family: net.isIP(host) }];
  else {
    try {
      addresses = await dns.promises.lookup(host, { all: true, verbatim: true });
    } catch {
      throw fail(`无法解析主机名 ${host.slice(0, 100)} (cannot resolve the host)`);
    }
  }
  if (!addresses.length) throw fail(`无法解析主机名 ${host.slice(0, 100)} (cannot resolve the host)`);
  if (!settings.importAllowPrivate && addresses.some((a) => isNonPublicAddress(a.address))) {
    throw refuse("不从内网、本机或保留地址抓取目录（DCAT_IMPORT_ALLOW_PRIVATE 未开启） (private and loopback addresses are refused)");
  }
  return { address: addresses[0].address, family: addresses[0].family === 6 ? 6 : 4 };
}

function getOnce(u: URL, target: { address: string; family: 4 | 6 }, deadline: number): Promise<{ status: number; location?: string; body?: string }> {
  return new Promise((resolvePromise, reject) => {
    const lib = u.protocol === "https:" ? https : http;
    const remaining = deadline - Date.now();
    if (remaining <= 0) return reject(fail("抓取超时 (fetch timed out)"));
    const req = lib.request(
      u,
      {
        method: "GET",
        headers: { accept: "application/ld+json, application/json;q=0.9, */*;q=0.1", "user-agent": "catalog-gateway-dcat-import" },
        // Connect to the address that was checked, whatever DNS says now.
        lookup: ((_host: string, opts: { all?: boolean }, cb: (...args: unknown[]) => void) => {
          if (opts?.all) cb(null, [{ address: target.address, family: target.family }]);
          else cb(null, target.address, target.family);
        }) as unknown as net.LookupFunction,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume();
          clearTimeout(timer);
          return resolvePromise({ status, location: res.headers.location });
        }
        const declared = Number(res.headers["content-length"] ?? 0);
        if (declared > MAX_DOCUMENT_BYTES) {
          req.destroy();
          clearTimeout(timer);
          return reject(fail(`文档超过 ${MAX_DOCUMENT_BYTES} 字节 (document too large)`));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size > MAX_DOCUMENT_BYTES) {
            req.destroy(fail(`文档超过 ${MAX_DOCUMENT_BYTES} 字节 (document too large)`));
            return;
          }
          chunks.push(c);
        });
        res.on("end", () => {
          clearTimeout(timer);
          resolvePromise({ status, body: Buffer.concat(chunks).toString("utf8") });
        });
        res.on("error", (e) => {
          clearTimeout(timer);
          reject(e);
        });
      },
    );
    const timer = setTimeout(() => req.destroy(fail("抓取超时 (fetch timed out)")), remaining);
    req.on("error", (e) => {
      clearTimeout(timer);
      reject((e as { extensions?: unknown }).extensions ? e : fail(`抓取失败：${(e as NodeJS.ErrnoException).code ?? "network error"} (fetch failed)`));
    });
    req.end();
  });
}

/** The document at a url, within the settings' limits. */
export async function fetchDocument(raw: string, settings: DcatSettings): Promise<string> {
  if (!settings.importAllowUrl) {
    throw refuse("未开启按 url 导入（DCAT_IMPORT_ALLOW_URL），请以 document 提交目录 (fetching a url is off: send the document)");
  }
  let u = checkUrl(raw);
  const deadline = Date.now() + settings.importTimeoutMs;
  for (let hop = 0; ; hop++) {
    const target = await resolve(u, settings);
    const r = await getOnce(u, target, deadline);
    if (r.location !== undefined) {
      if (hop >= MAX_REDIRECTS) throw fail(`重定向超过 ${MAX_REDIRECTS} 次 (too many redirects)`);
      u = checkUrl(new URL(r.location, u).toString());
      continue;
    }
    if (r.status < 200 || r.status >= 300) throw fail(`抓取失败：HTTP ${r.status} (fetch failed)`);
    return r.body ?? "";
  }
}
