// The catalog explorer (/explorer) in headless Chromium, as a visitor uses it: Chinese search,
// facets, a resource's items with their sensitivity and masking, the statistics charts, the token
// field. Browser tests run on one engine (PGlite): the page only speaks GraphQL, and the API
// itself is tested on both engines by the integration suites.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { artifact, launchBrowser, type Browser, type WatchedPage } from "./browser.js";

const POPULATION = "J01-002-0001"; // 人口基本信息, unconditionally shared, not open (R3, R7)

describe("catalog explorer in a browser", () => {
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

  async function open(path: string, token?: string): Promise<WatchedPage> {
    current = await browser.newPage();
    const { page } = current;
    await page.goto(`${gw.url}${path}`);
    if (token) {
      await page.getByLabel("身份令牌").fill(token);
      await page.getByRole("button", { name: "使用" }).click();
      await expect.poll(() => page.locator("#viewer").textContent()).toContain("当前身份：");
    }
    return current;
  }

  const total = async (w: WatchedPage) => Number(await w.page.locator("#result-count [data-total]").getAttribute("data-total"));

  it("searches in Chinese, narrows by a facet, and opens a resource with its items", async () => {
    const w = await open("/explorer", await gw.token("health"));
    const { page } = w;
    await expect.poll(() => page.locator("#viewer").textContent()).toContain("市卫生健康委员会");

    await page.getByLabel("检索资源").fill("人口");
    await page.getByLabel("检索资源").press("Enter");
    await page.waitForURL(/\/explorer\?q=%E4%BA%BA%E5%8F%A3$/);
    const link = page.getByRole("link", { name: "人口基本信息", exact: true });
    await link.waitFor();
    const api = await gw.gql(`{ resources(filter: { search: "人口" }) { totalCount facets { department { value label count } } } }`, {}, { as: "health" });
    await expect.poll(() => total(w)).toBe(api.data.resources.totalCount);
    await page.screenshot({ path: artifact("explorer-search.png"), fullPage: true });

    // A department facet narrows the list to its count, and says it is pressed.
    const facet = (api.data.resources.facets.department as Array<{ value: string; label: string; count: number }>).find(
      (f) => f.count < api.data.resources.totalCount,
    )!;
    expect(facet).toBeTruthy();
    const button = page.locator(`[data-facet="department"] button[data-value="${facet.value}"]`);
    await expect.poll(() => button.textContent()).toContain(String(facet.count));
    await button.click();
    await expect.poll(() => total(w)).toBe(facet.count);
    await expect.poll(() => page.locator(`[data-facet="department"] button[data-value="${facet.value}"]`).getAttribute("aria-pressed")).toBe("true");
    expect(await page.locator(".result").count()).toBe(Math.min(facet.count, 20));
    expect(page.url()).toContain(`departmentCode=${facet.value}`);
    // Back restores the unfiltered search.
    await page.goBack();
    await expect.poll(() => total(w)).toBe(api.data.resources.totalCount);

    await page.getByRole("link", { name: "人口基本信息", exact: true }).click();
    await page.waitForURL(`**/explorer/resource/${POPULATION}`);
    await page.getByRole("heading", { level: 2, name: "人口基本信息" }).waitFor();
    const detail = await gw.gql(`{ resource(code: "${POPULATION}") { items { code name sensitivity maskingStrategy } } }`, {}, { as: "health" });
    const items = detail.data.resource.items as Array<{ code: string; name: string; sensitivity: string; maskingStrategy: string }>;
    await expect.poll(() => page.locator("tr[data-item]").count()).toBe(items.length);
    for (const it of items) {
      const row = page.locator(`tr[data-item="${it.code}"]`);
      expect(await row.locator("th").textContent()).toBe(it.name);
      expect(await row.locator("td.sensitivity").textContent()).toContain(it.sensitivity);
      const masking = await row.locator("td.masking").textContent();
      if (it.maskingStrategy === "NONE") expect(masking).toBe("不脱敏");
      else expect(masking).toContain(it.maskingStrategy);
    }
    expect(await page.locator('tr[data-item="id_number"] td.masking').textContent()).toContain("身份证号：保留前6位和后4位");
    expect(await page.locator('tr[data-item="photo"] td.sensitivity').textContent()).toBe("L4 高度敏感");
    // Share attributes and provider.
    expect(await page.locator("section.share").textContent()).toContain("无条件共享");
    expect(await page.locator("section.share").textContent()).toContain("不予开放");
    expect(await page.locator("article.detail header").textContent()).toContain("市公安局");
    await page.screenshot({ path: artifact("explorer-resource.png"), fullPage: true });
  });

  it("shows the public only the open catalog, and a not-open resource as not found", async () => {
    const w = await open("/explorer?q=%E4%BA%BA%E5%8F%A3");
    const { page } = w;
    const api = await gw.gql(`{ resources(filter: { search: "人口" }) { totalCount nodes { name } } }`);
    await expect.poll(() => total(w)).toBe(api.data.resources.totalCount);
    expect(await page.locator("#result-count").textContent()).toContain("开放目录");
    expect(await page.getByRole("link", { name: "人口基本信息", exact: true }).count()).toBe(0);
    expect(await page.locator("#viewer").textContent()).toContain("社会公众");

    await page.goto(`${gw.url}/explorer/resource/${POPULATION}`);
    await page.getByRole("heading", { level: 2, name: "未找到该资源" }).waitFor();
  });

  it("draws resources per department as stacked SVG bars, and the sharing report for an analyst", async () => {
    // The public: catalog counts (open catalog), and a notice instead of the sharing report.
    const w = await open("/explorer/stats");
    const { page } = w;
    const countDepartments = async (as?: string) => {
      const r = await gw.gql(`{ catalogStats { resources { departmentCode count } } }`, {}, as ? { as } : {});
      expect(r.errors).toBeUndefined();
      return new Set((r.data.catalogStats.resources as Array<{ departmentCode: string }>).map((x) => x.departmentCode)).size;
    };
    const publicDepartments = await countDepartments();
    await expect.poll(() => page.locator("#chart-catalog svg g.row").count()).toBe(publicDepartments);
    await page.getByText("登录后可查看共享统计").waitFor();
    expect(await page.locator("#chart-requests").count()).toBe(0);

    // The analyst: the whole catalog, and requests and decision times per department.
    await page.getByLabel("身份令牌").fill(await gw.token("analyst"));
    await page.getByRole("button", { name: "使用" }).click();
    await expect.poll(() => page.locator("#viewer").textContent()).toContain("analyst");
    const departments = await countDepartments("analyst");
    expect(departments).toBeGreaterThan(publicDepartments);
    await expect.poll(() => page.locator("#chart-catalog svg g.row").count()).toBe(departments);
    // Each row's stacked segments add up to the department's resource count.
    const stats = await gw.gql(`{ catalogStats { resources { departmentCode shareType count } } }`, {}, { as: "analyst" });
    const perDept = new Map<string, number>();
    for (const r of stats.data.catalogStats.resources) perDept.set(r.departmentCode, (perDept.get(r.departmentCode) ?? 0) + r.count);
    for (const [code, n] of perDept) {
      const values = await page.locator(`#chart-catalog g.row[data-row="${code}"] rect`).evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-value"))));
      expect(values.reduce((a, b) => a + b, 0)).toBe(n);
    }

    // Two requests to 市民政局 this year, one approved and one rejected, so its bars are not empty.
    const marriage = await gw.gql(`{ resources(filter: { search: "婚姻登记信息" }) { nodes { code name items { code } } } }`, {}, { as: "health" });
    const res = (marriage.data.resources.nodes as Array<{ code: string; name: string; items: Array<{ code: string }> }>).find((n) => n.name === "婚姻登记信息")!;
    for (const [as, decision] of [["health", "APPROVE"], ["hrss", "REJECT"]] as const) {
      const sub = await gw.gql(
        `mutation($input: SubmitShareRequestInput!) { submitShareRequest(input: $input) { id } }`,
        { input: { resourceCode: res.code, purpose: "WORK_REFERENCE", purposeDetail: "婚姻登记核查-2026-001", items: res.items.slice(0, 3).map((i) => i.code) } },
        { as },
      );
      expect(sub.errors).toBeUndefined();
      const dec = await gw.gql(
        `mutation($id: ID!, $d: Decision!, $reason: String) { decideShareRequest(id: $id, decision: $d, reason: $reason) { state } }`,
        { id: sub.data.submitShareRequest.id, d: decision, reason: decision === "REJECT" ? "用途与本部门职责关联不足" : null },
        { as: "civil" },
      );
      expect(dec.errors).toBeUndefined();
    }
    await page.reload();
    await expect.poll(() => page.locator("#chart-catalog svg g.row").count()).toBe(departments);

    const year = new Date().getFullYear();
    const report = await gw.gql(`query($y: Int!) { sharingReport(year: $y) { departments { departmentCode requestsReceived } } }`, { y: year }, { as: "analyst" });
    expect(report.errors).toBeUndefined();
    const reportRows = report.data.sharingReport.departments as Array<{ departmentCode: string; requestsReceived: number }>;
    expect(reportRows.length).toBeGreaterThan(0);
    await expect.poll(() => page.locator("#chart-requests svg g.row").count()).toBe(reportRows.length);
    for (const r of reportRows) {
      const received = await page.locator(`#chart-requests g.row[data-row="${r.departmentCode}"] rect[data-series="requestsReceived"]`).getAttribute("data-value");
      expect(Number(received)).toBe(r.requestsReceived);
    }
    const civil = page.locator("#chart-requests g.row").filter({ hasText: "市民政局" });
    expect(await civil.locator('rect[data-series="requestsReceived"]').getAttribute("data-value")).toBe("2");
    expect(await civil.locator('rect[data-series="approved"]').getAttribute("data-value")).toBe("1");
    expect(await civil.locator('rect[data-series="rejected"]').getAttribute("data-value")).toBe("1");
    expect(Number(await civil.locator('rect[data-series="requestsReceived"]').getAttribute("width"))).toBeGreaterThan(0);
    expect(await page.locator("#chart-decision-time svg g.row").count()).toBe(reportRows.length);
    expect(await page.getByText("登录后可查看共享统计").count()).toBe(0);
    await page.screenshot({ path: artifact("explorer-stats.png"), fullPage: true });
  });

  it("says so when the token is refused, and works as the public again after 退出", async () => {
    const w = await open("/explorer");
    const { page } = w;
    await page.getByLabel("身份令牌").fill("not-a-token");
    await page.getByRole("button", { name: "使用" }).click();
    await expect.poll(() => page.locator("#viewer").textContent()).toContain("令牌无效");
    await expect.poll(() => page.locator("main [role=alert]").textContent()).toContain("UNAUTHENTICATED");
    // The browser reports each refused request (HTTP 401) on its console; that is the point here.
    w.problems.splice(0, w.problems.length, ...w.problems.filter((p) => !p.includes("status of 401")));

    await page.getByRole("button", { name: "退出" }).click();
    await expect.poll(() => page.locator("#viewer").textContent()).toContain("社会公众");
    const api = await gw.gql(`{ resources { totalCount } }`);
    await expect.poll(() => total(w)).toBe(api.data.resources.totalCount);
    expect(await page.evaluate(() => sessionStorage.getItem("cg-token"))).toBeNull();
  });

  it("shows text from the API as text, never as markup", async () => {
    const evil = `<img src=x onerror="document.title='xss'"><script>document.title='xss'</script> 注入测试`;
    const upd = await gw.gql(
      `mutation($s: String!) { updateResource(code: "${POPULATION}", input: { summary: $s }) { summary } }`,
      { s: evil },
      { as: "police" },
    );
    expect(upd.errors).toBeUndefined();
    const { page } = await open(`/explorer/resource/${POPULATION}`, await gw.token("police"));
    await expect.poll(() => page.locator("article.detail > p.summary").textContent()).toBe(evil);
    expect(await page.locator("article.detail img, main script").count()).toBe(0);
    await page.goto(`${gw.url}/explorer?q=%E6%B3%A8%E5%85%A5%E6%B5%8B%E8%AF%95`);
    await expect.poll(() => page.locator(".result .summary").first().textContent()).toBe(evil);
    expect(await page.locator("main img").count()).toBe(0);
    expect(await page.title()).not.toBe("xss");
  });
});
