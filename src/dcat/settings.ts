// Settings of the DCAT exchange, read from the environment when used (the route and the mutation
// are handed the database only). A bad value is a ConfigError naming the variable.
import { ConfigError } from "../config.js";

export interface DcatSettings {
  /** The gateway's public base URL (no trailing slash); null: derived from the request's Host. */
  baseUrl: string | null;
  /** The catalog's publisher name; null: the coordinating department (主管部门) of the database. */
  publisherName: string | null;
  /** importDcat may fetch a url (off by default). */
  importAllowUrl: boolean;
  /** importDcat may fetch from loopback, private, link-local and other non-public addresses. */
  importAllowPrivate: boolean;
  /** How long a fetch may take, in ms. */
  importTimeoutMs: number;
}

function flag(name: string, raw: string | undefined): boolean {
  if (raw === undefined || raw.trim() === "") return false;
  const v = raw.trim().toLowerCase();
  if (["1", "true", "yes", "on"].includes(v)) return true;
  if (["0", "false", "no", "off"].includes(v)) return false;
  throw new ConfigError(`${name} must be true or false, not "${raw}"`);
}

export function dcatSettings(env: NodeJS.ProcessEnv = process.env): DcatSettings {
  let baseUrl: string | null = null;
  const rawBase = env.DCAT_BASE_URL?.trim();
  if (rawBase) {
    let u: URL;
    try {
      u = new URL(rawBase);
    } catch {
      throw new ConfigError(`DCAT_BASE_URL is not a valid URL (expected e.g. https://data.example.gov.cn)`);
    }
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new ConfigError("DCAT_BASE_URL must start with http:// or https://");
    if (u.search || u.hash || u.username || u.password) throw new ConfigError("DCAT_BASE_URL must not carry a query, a fragment or credentials");
    baseUrl = u.toString().replace(/\/+$/, "");
  }
  const timeoutRaw = env.DCAT_IMPORT_TIMEOUT_MS?.trim();
  let importTimeoutMs = 10_000;
  if (timeoutRaw) {
    if (!/^\d+$/.test(timeoutRaw) || Number(timeoutRaw) < 100 || Number(timeoutRaw) > 25_000) {
      throw new ConfigError(`DCAT_IMPORT_TIMEOUT_MS must be a whole number of ms between 100 and 25000, not "${timeoutRaw}"`);
    }
    importTimeoutMs = Number(timeoutRaw);
  }
  return {
    baseUrl,
    publisherName: env.DCAT_PUBLISHER_NAME?.trim() || null,
    importAllowUrl: flag("DCAT_IMPORT_ALLOW_URL", env.DCAT_IMPORT_ALLOW_URL),
    importAllowPrivate: flag("DCAT_IMPORT_ALLOW_PRIVATE", env.DCAT_IMPORT_ALLOW_PRIVATE),
    importTimeoutMs,
  };
}

/**
 * The base URL of @id IRIs and links: DCAT_BASE_URL, else http://<Host> when the Host header is a
 * plain host[:port] (anything else could smuggle text into the IRIs), else http://localhost.
 * Behind a TLS-terminating proxy set DCAT_BASE_URL: the Host header does not say https.
 */
export function baseUrlFor(hostHeader: string | undefined, settings: DcatSettings): string {
  if (settings.baseUrl) return settings.baseUrl;
  const host = (hostHeader ?? "").trim().toLowerCase();
  if (/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\d{1,5})?$/.test(host)) return `http://${host}`;
  if (/^\[[0-9a-f:.]{2,45}\](:\d{1,5})?$/.test(host)) return `http://${host}`;
  return "http://localhost";
}
