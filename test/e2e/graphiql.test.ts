// The GraphQL IDE at GET /graphql in headless Chromium: GraphiQL loads from the gateway itself
// under its CSP, the example operations are there as tabs, a query runs, and the token field
// sends the account's token (kept in sessionStorage only). One engine (PGlite) is enough: the
// page only speaks GraphQL, which the integration suites test on both engines.
import { readdirSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { artifact, launchBrowser, type Browser, type WatchedPage } from "./browser.js";

const OPERATION_FILES = readdirSync("schema/operations").filter((f) => f.endsWith(".graphql"));

describe("GraphQL IDE in a browser", () => {
  let gw: TestGateway;
  let browser: Browser;
  let current: WatchedPage | undefined;

  beforeAll(async () => {
    [gw, browser] = await Promise.all([startTestGateway("pglite"), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
  });
  afterEach(async () => {
    const problems = current?.problems ?? [];
    await current?.page.close();
    current = undefined;
    expect(problems).toEqual([]);
  });

  /** The text of one of GraphiQL's CodeMirror editors (all of it, not only the lines on screen). */
  const editorText = (w: WatchedPage, selector: string) =>
    w.page.locator(`${selector} .CodeMirror`).first().evaluate((el) => (el as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());
  const response = (w: WatchedPage) => editorText(w, ".graphiql-response");

  it("loads GraphiQL with the example operations as tabs and runs the first one", async () => {
    current = await browser.newPage();
    const w = current;
    const { page } = w;
    const res = await page.goto(`${gw.url}/graphql`);
    expect(res?.headers()["content-security-policy"]).toContain("script-src 'self'");
    await page.locator(".graphiql-container").waitFor();
    // One tab per file of schema/operations/, the catalog search first.
    await expect.poll(() => page.locator(".graphiql-tab").count()).toBe(OPERATION_FILES.length);
    expect(await page.locator(".graphiql-tab").first().textContent()).toContain("SearchCatalog");
    // The schema loaded (introspection through the page's fetcher): the docs explorer knows Query.
    await page.getByRole("button", { name: /documentation explorer/i }).click();
    await page.locator(".graphiql-doc-explorer").getByText("Query", { exact: true }).first().waitFor();

    // The tab comes with variables that make it runnable as it is.
    expect(JSON.parse(await editorText(w, ".graphiql-editor-tool"))).toEqual({ filter: { search: "企业" }, first: 5 });
    await page.locator(".graphiql-execute-button").click();
    await expect.poll(() => response(w), { timeout: 10_000 }).toContain('"data"');
    const body = JSON.parse(await response(w));
    expect(body.errors).toBeUndefined();
    const api = await gw.gql(`{ resources(filter: { search: "企业" }) { totalCount } }`);
    expect(api.data.resources.totalCount).toBeGreaterThan(0);
    expect(body.data.resources.totalCount).toBe(api.data.resources.totalCount);
    expect(body.data.resources.edges.length).toBe(Math.min(5, api.data.resources.totalCount));
    await page.screenshot({ path: artifact("graphiql.png") });
  });

  it("sends the token from the token field, and keeps it in the session only", async () => {
    current = await browser.newPage();
    const w = current;
    const { page } = w;
    await page.goto(`${gw.url}/graphql`);
    await page.locator(".graphiql-container").waitFor();
    const token = await gw.token("health");
    await page.getByLabel("身份令牌").fill(`Bearer ${token}`);
    await page.getByRole("button", { name: "使用" }).click();
    await expect.poll(() => page.locator("#viewer").textContent()).toContain("市卫生健康委员会");

    // A query typed into a new tab runs as the account.
    await page.getByRole("button", { name: "Add tab" }).click();
    await expect.poll(() => page.locator(".graphiql-tab").count()).toBe(OPERATION_FILES.length + 1);
    const editor = page.locator(".graphiql-query-editor .CodeMirror").first();
    await editor.click();
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    await page.keyboard.type("query Who { me { login department { name } } }");
    // CodeMirror closes brackets as one types; the editor must hold the query exactly once.
    await expect.poll(() => editorText(w, ".graphiql-query-editor")).toBe("query Who { me { login department { name } } }");
    // The new tab takes its title from the operation once GraphiQL has parsed it.
    await expect.poll(() => page.locator(".graphiql-tab-active").textContent()).toContain("Who");
    await page.keyboard.press("Control+Enter");
    await expect.poll(() => response(w), { timeout: 10_000 }).toContain('"login": "health"');

    const stored = await page.evaluate(() => ({
      session: sessionStorage.getItem("cg-token"),
      local: JSON.stringify({ ...localStorage }),
      cookies: document.cookie,
    }));
    expect(stored.session).toBe(token);
    expect(stored.local).not.toContain(token);
    expect(stored.cookies).toBe("");
    // Nothing of GraphiQL's state went to localStorage either (tabs live in the session).
    expect(stored.local).toBe("{}");

    // Clearing the token makes the IDE the public's again.
    await page.getByRole("button", { name: "清除" }).click();
    await expect.poll(() => page.locator("#viewer").textContent()).toContain("社会公众");
    await page.locator(".graphiql-execute-button").click();
    await expect.poll(() => response(w), { timeout: 10_000 }).toContain('"me": null');
  });
});
