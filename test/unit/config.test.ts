import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, parseDuration } from "../../src/config.js";

describe("settings", () => {
  it("defaults to the embedded database in ./.data on port 4000 with the demo city", () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir.endsWith(".data")).toBe(true);
    expect(c.port).toBe(4000);
    expect(c.demo).toBe(true);
    expect(c.tokenTtlSeconds).toBe(8 * 3600);
    expect(c.introspection).toBe(true);
  });

  it("turns introspection off in production unless INTROSPECTION=true", () => {
    expect(loadConfig({ NODE_ENV: "production" }).introspection).toBe(false);
    expect(loadConfig({ NODE_ENV: "production", INTROSPECTION: "true" }).introspection).toBe(true);
  });

  it("reads DEMO=false", () => {
    expect(loadConfig({ DEMO: "false" }).demo).toBe(false);
    expect(() => loadConfig({ DEMO: "maybe" })).toThrow(/DEMO must be true or false/);
  });

  it.each([
    ["not a url", /not a valid URL/],
    ["mysql://localhost/x", /must start with postgres/],
    ["postgres://localhost", /names no database/],
  ])("refuses DATABASE_URL=%s with one clear line", (url, msg) => {
    expect(() => loadConfig({ DATABASE_URL: url, AUTH_JWT_SECRET: "x".repeat(40) })).toThrow(msg);
    try {
      loadConfig({ DATABASE_URL: url, AUTH_JWT_SECRET: "x".repeat(40) });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as Error).message).not.toContain("\n");
    }
  });

  it("requires a shared token secret on PostgreSQL, and a long one", () => {
    expect(() => loadConfig({ DATABASE_URL: "postgres://u@h/db" })).toThrow(/AUTH_JWT_SECRET is required/);
    expect(() => loadConfig({ AUTH_JWT_SECRET: "short" })).toThrow(/at least 32/);
  });

  it("keeps rate-limit buckets in the database unless REDIS_URL names a Redis", () => {
    expect(loadConfig({}).redisUrl).toBeUndefined();
    expect(loadConfig({ REDIS_URL: "redis://127.0.0.1:6379/2" }).redisUrl).toBe("redis://127.0.0.1:6379/2");
    expect(loadConfig({}).redisKeyPrefix).toBe("catalog-gateway:");
    expect(() => loadConfig({ REDIS_URL: "http://cache:6379" })).toThrow(/REDIS_URL must start with redis:\/\//);
    expect(() => loadConfig({ REDIS_URL: "not a url" })).toThrow(/REDIS_URL is not a valid URL/);
  });

  it("checks the DCAT settings at start-up, not at the first request", () => {
    expect(loadConfig({ DCAT_BASE_URL: "https://data.jiangzhou.gov.cn/" }).dcat.baseUrl).toBe("https://data.jiangzhou.gov.cn");
    expect(() => loadConfig({ DCAT_IMPORT_TIMEOUT_MS: "soon" })).toThrow(/DCAT_IMPORT_TIMEOUT_MS must be a whole number/);
    expect(() => loadConfig({ DCAT_IMPORT_ALLOW_URL: "maybe" })).toThrow(/DCAT_IMPORT_ALLOW_URL must be true or false/);
    expect(() => loadConfig({ DCAT_BASE_URL: "ftp://x" })).toThrow(/DCAT_BASE_URL must start with http/);
  });

  it("checks PORT", () => {
    expect(loadConfig({ PORT: "8080" }).port).toBe(8080);
    expect(() => loadConfig({ PORT: "http" })).toThrow(/PORT must be a whole number/);
    expect(() => loadConfig({ PORT: "70000" })).toThrow(/PORT must be between/);
  });

  it("bounds the old generation's growth at 50 % unless HEAP_GROWING_PERCENT says otherwise", () => {
    expect(loadConfig({}).heapGrowingPercent).toBe(50);
    expect(loadConfig({ HEAP_GROWING_PERCENT: "0" }).heapGrowingPercent).toBe(0);
    expect(loadConfig({ HEAP_GROWING_PERCENT: "120" }).heapGrowingPercent).toBe(120);
    expect(() => loadConfig({ HEAP_GROWING_PERCENT: "1.5" })).toThrow(/HEAP_GROWING_PERCENT must be a whole number/);
    expect(() => loadConfig({ HEAP_GROWING_PERCENT: "400" })).toThrow(/HEAP_GROWING_PERCENT must be between 0 and 300/);
  });

  it("parses token lifetimes", () => {
    expect(parseDuration("X", "90m", 1)).toBe(5400);
    expect(parseDuration("X", "8h", 1)).toBe(28800);
    expect(parseDuration("X", "3600", 1)).toBe(3600);
    expect(() => parseDuration("X", "soon", 1)).toThrow(/duration/);
  });
});
