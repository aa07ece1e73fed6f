// Headless Chromium for the browser tests (Debian's /usr/bin/chromium, driven by playwright-core;
// `.ci/run` installs it when missing). One browser per test file. Every page is watched for what
// a user would suffer from and must not happen: console errors, uncaught exceptions, CSP
// violations, failed requests, and any request to somewhere other than the gateway on 127.0.0.1.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const ARTIFACTS = path.resolve("test/artifacts");

export interface WatchedPage {
  page: Page;
  /** Everything that went wrong on the page so far; a passing test ends with []. */
  problems: string[];
}

export interface Browser {
  context: BrowserContext;
  newPage(): Promise<WatchedPage>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), "cg-e2e-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1280, height: 900 },
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
  });
  const pages = new Map<Page, string[]>();
  const problemsOf = (page: Page | null | undefined) => (page && pages.get(page)) || null;

  // Nothing may leave localhost: anything not addressed to 127.0.0.1 is refused and recorded.
  await context.route("**/*", async (route) => {
    const req = route.request();
    const url = new URL(req.url());
    if (url.hostname === "127.0.0.1") return route.continue();
    problemsOf(req.frame()?.page())?.push(`request left localhost: ${req.method()} ${req.url()}`);
    return route.abort("blockedbyclient");
  });
  // CSP violations, reported from inside the page (the init script runs outside the page's CSP).
  await context.exposeBinding("__cgReportViolation", ({ page }, text: string) => {
    problemsOf(page)?.push(`CSP violation: ${text}`);
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __cgReportViolation(t: string): void }).__cgReportViolation(
        `${e.violatedDirective} blocked ${e.blockedURI || "(inline)"} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });

  return {
    context,
    async newPage() {
      const page = await context.newPage();
      const problems: string[] = [];
      pages.set(page, problems);
      page.on("console", (m) => {
        if (m.type() === "error" || m.type() === "assert") problems.push(`console.${m.type()}: ${m.text()}`);
      });
      page.on("pageerror", (e) => problems.push(`uncaught: ${e.message}`));
      page.on("requestfailed", (r) => {
        // An aborted fetch of a page that navigates away is not a failure the user sees.
        if (r.failure()?.errorText === "net::ERR_ABORTED" && r.resourceType() === "fetch") return;
        if (!problems.some((p) => p.includes(r.url()))) problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
      });
      return { page, problems };
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export function artifact(name: string): string {
  return path.join(ARTIFACTS, name);
}
