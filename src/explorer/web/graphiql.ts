/// <reference lib="dom" />
// The GraphQL IDE at GET /graphql: GraphiQL 3 with the example operations of schema/operations/ as
// tabs, a token field (sessionStorage only), and a fetcher that talks to this gateway only.
import { createElement } from "react";
import { createRoot } from "react-dom/client";
import { GraphiQL } from "graphiql";
import "graphiql/style.css";
import "./graphiql.css";
import { readToken, writeToken } from "./token.js";

interface TabDefinition {
  query: string;
  variables?: string;
}

function embeddedTabs(): TabDefinition[] {
  // A JSON data block written by the server (not executed, so the CSP allows it).
  const el = document.getElementById("explorer-operations");
  try {
    const tabs = JSON.parse(el?.textContent || "[]") as TabDefinition[];
    return Array.isArray(tabs) && tabs.length ? tabs : [{ query: "{ me { login name } }" }];
  } catch {
    return [{ query: "{ me { login name } }" }];
  }
}

interface FetcherParams {
  query: string;
  variables?: unknown;
  operationName?: string | null;
}

/** POST /graphql with the session's token; headers typed into the headers editor win. */
async function fetcher(params: FetcherParams, opts?: { headers?: Record<string, unknown> }): Promise<unknown> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/graphql-response+json, application/json",
  };
  const token = readToken();
  if (token) headers.authorization = `Bearer ${token}`;
  for (const [k, v] of Object.entries(opts?.headers ?? {})) {
    if (typeof v === "string") headers[k.toLowerCase()] = v;
  }
  const res = await fetch("/graphql", {
    method: "POST",
    headers,
    body: JSON.stringify(params),
    credentials: "omit",
  });
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return { errors: [{ message: `网关返回了非 JSON 应答 (HTTP ${res.status})`, extensions: { body: text.slice(0, 500) } }] };
  }
}

async function showViewer(out: HTMLElement): Promise<void> {
  if (!readToken()) {
    out.textContent = "当前身份：社会公众";
    return;
  }
  out.textContent = "正在验证令牌…";
  try {
    const r = (await fetcher({ query: "{ me { login name department { name } } }" })) as {
      data?: { me: { login: string; name: string; department: { name: string } | null } | null };
      errors?: Array<{ message: string }>;
    };
    const me = r.data?.me;
    if (me) out.textContent = `当前身份：${me.name}（${me.login}${me.department ? "，" + me.department.name : ""}）`;
    else out.textContent = `令牌无效：${r.errors?.[0]?.message ?? "未知错误"}`;
  } catch (e) {
    out.textContent = `无法连接网关：${(e as Error).message}`;
  }
}

function setupTokenBar(): void {
  const form = document.getElementById("token-form") as HTMLFormElement | null;
  const input = document.getElementById("token") as HTMLInputElement | null;
  const clear = document.getElementById("token-clear") as HTMLButtonElement | null;
  const viewer = document.getElementById("viewer");
  if (!form || !input || !clear || !viewer) return;
  input.value = readToken();
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    input.value = writeToken(input.value);
    void showViewer(viewer);
  });
  clear.addEventListener("click", () => {
    input.value = writeToken("");
    void showViewer(viewer);
  });
  void showViewer(viewer);
}

/** Whether this browser tab's session already holds GraphiQL's tabs (then they are restored). */
function hasStoredTabs(): boolean {
  try {
    return sessionStorage.getItem("graphiql:tabState") !== null;
  } catch {
    return false;
  }
}

setupTokenBar();
const root = document.getElementById("graphiql");
if (root) {
  const tabs = embeddedTabs();
  createRoot(root).render(
    createElement(GraphiQL, {
      fetcher,
      defaultTabs: tabs,
      // GraphiQL 3.9 fills the first default tab's query but not its variables; on a fresh
      // session give them as the initial variables (later, the stored tabs carry their own).
      ...(hasStoredTabs() ? {} : { variables: tabs[0].variables ?? "" }),
      // Tabs, history and settings live in this browser tab's session only; headers never persist.
      storage: window.sessionStorage,
      shouldPersistHeaders: false,
      showPersistHeadersSettings: false,
      isHeadersEditorEnabled: true,
      defaultEditorToolsVisibility: "variables",
    }),
  );
}
