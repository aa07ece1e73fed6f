// Talking to a gateway outside the load: the example operations of schema/operations/ by name
// (the documents front-end teams use, so the bench exercises what clients send), a small fetch
// client, and bearer tokens signed with the gateway's secret (src/auth/token.ts).
import fs from "node:fs";
import path from "node:path";
import { Kind, parse, print, type OperationDefinitionNode } from "graphql";
import { signToken } from "../../src/auth/token.js";
import { REPO_ROOT } from "./gateway.js";

const OPERATIONS_DIR = path.join(REPO_ROOT, "schema", "operations");

let operations: Map<string, string> | null = null;

/** The document of one named operation of schema/operations/*.graphql, printed on its own. */
export function operation(name: string): string {
  if (!operations) {
    operations = new Map();
    for (const file of fs.readdirSync(OPERATIONS_DIR).filter((f) => f.endsWith(".graphql")).sort()) {
      const doc = parse(fs.readFileSync(path.join(OPERATIONS_DIR, file), "utf8"));
      for (const def of doc.definitions) {
        if (def.kind === Kind.OPERATION_DEFINITION && def.name) {
          operations.set(def.name.value, print({ kind: Kind.DOCUMENT, definitions: [def as OperationDefinitionNode] }));
        }
      }
    }
  }
  const doc = operations.get(name);
  if (!doc) throw new Error(`no operation "${name}" in schema/operations/`);
  return doc;
}

export interface GraphQLErrorShape {
  message: string;
  extensions?: { code?: string; [k: string]: unknown };
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data: T | null;
  errors: GraphQLErrorShape[];
}

/** One GraphQL request; never throws for GraphQL errors (they are in `errors`). */
export async function gql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  opts: { token?: string; timeoutMs?: number; requestId?: string } = {},
): Promise<GraphQLResponse<T>> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.requestId) headers["x-request-id"] = opts.requestId;
  const res = await fetch(url, {
    method: "POST",
    headers,
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
  });
  const text = await res.text();
  let body: { data?: T | null; errors?: GraphQLErrorShape[] } = {};
  try {
    body = JSON.parse(text);
  } catch {
    body = { errors: [{ message: `not JSON (HTTP ${res.status}): ${text.slice(0, 200)}` }] };
  }
  return { status: res.status, data: body.data ?? null, errors: body.errors ?? [] };
}

/** Like gql, but throws unless the answer is HTTP 200 without errors. */
export async function gqlOk<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  opts: { token?: string; timeoutMs?: number } = {},
): Promise<T> {
  const r = await gql<T>(url, query, variables, opts);
  if (r.status !== 200 || r.errors.length || !r.data) {
    const e = r.errors[0];
    throw new Error(`GraphQL request failed (HTTP ${r.status}): ${e ? `${e.extensions?.code ?? ""} ${e.message}` : "no data"}`);
  }
  return r.data;
}

/** Bearer tokens for the given logins, signed as the gateway signs them. */
export async function makeTokens(logins: string[], secret: string, ttlSeconds = 8 * 3600): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const login of logins) out[login] = await signToken(login, secret, ttlSeconds);
  return out;
}

/** extensions.code of every error (NO_CODE where an error has none). */
export function errorCodes(errors: GraphQLErrorShape[] | undefined): string[] {
  return (errors ?? []).map((e) => String(e.extensions?.code ?? "NO_CODE"));
}
