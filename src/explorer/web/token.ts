/// <reference lib="dom" />
// The bearer token of the browser's session: kept in sessionStorage only (gone when the tab
// closes), shared by the catalog page and the GraphQL IDE of the same gateway. Never localStorage,
// never a cookie.
const KEY = "cg-token";

export function readToken(): string {
  try {
    return sessionStorage.getItem(KEY) ?? "";
  } catch {
    return "";
  }
}

/** Stores a token (a pasted "Bearer …" loses its prefix); an empty value forgets it. */
export function writeToken(value: string): string {
  const token = value.trim().replace(/^Bearer\s+/i, "");
  try {
    if (token) sessionStorage.setItem(KEY, token);
    else sessionStorage.removeItem(KEY);
  } catch {
    // Storage disabled: the token lives for this page only.
  }
  return token;
}

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string; [k: string]: unknown } }>;
}

/** POSTs an operation to the gateway with the session's token, if any. */
export async function postGraphQL<T = any>(
  query: string,
  variables: Record<string, unknown> = {},
  extraHeaders: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/graphql-response+json, application/json",
  };
  const token = readToken();
  if (token) headers.authorization = `Bearer ${token}`;
  for (const [k, v] of Object.entries(extraHeaders)) headers[k.toLowerCase()] = v;
  const res = await fetch("/graphql", {
    method: "POST",
    headers,
    body: JSON.stringify({ query, variables }),
    credentials: "omit",
  });
  const text = await res.text();
  try {
    return { status: res.status, ...(JSON.parse(text) as object) };
  } catch {
    return { status: res.status, errors: [{ message: `网关返回了非 JSON 应答 (HTTP ${res.status})` }] };
  }
}
