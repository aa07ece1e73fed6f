// DCAT vocabularies (src/dcat/vocab.ts): every 更新周期 maps to an EU frequency and back, every
// theme to EU data themes in the shipped list; imports read EU, cld and bare frequency codes.
import { describe, expect, it } from "vitest";
import { UpdateCycle } from "../../src/catalog/enums.js";
import { BASE_THEMES } from "../../src/catalog/rules.js";
import {
  CYCLE_TO_FREQUENCY,
  EU,
  EU_DATA_THEMES,
  EU_FREQUENCIES,
  KNOWN_THEMES,
  THEME_TO_EU,
  cycleFromFrequency,
  euThemesOf,
  formatFromMediaType,
  isOpenLicence,
} from "../../src/dcat/vocab.js";
import { baseUrlFor, dcatSettings } from "../../src/dcat/settings.js";

describe("DCAT vocabularies", () => {
  it("maps every update cycle to a frequency of the EU vocabulary, and back exactly", () => {
    for (const cycle of Object.values(UpdateCycle)) {
      const f = CYCLE_TO_FREQUENCY[cycle];
      expect(EU_FREQUENCIES.has(f), `${cycle} → ${f}`).toBe(true);
      expect(cycleFromFrequency(f)).toEqual({ cycle, exact: true });
    }
    expect(CYCLE_TO_FREQUENCY.HALF_YEARLY).toBe(EU.frequency + "ANNUAL_2");
    expect(CYCLE_TO_FREQUENCY.IRREGULAR).toBe(EU.frequency + "IRREG");
  });

  it("reads other frequencies as the finest cycle that promises no fresher data than the source", () => {
    expect(cycleFromFrequency(EU.frequency + "HOURLY")).toEqual({ cycle: "REALTIME", exact: true });
    expect(cycleFromFrequency(EU.frequency + "BIWEEKLY")).toEqual({ cycle: "MONTHLY", exact: false });
    expect(cycleFromFrequency(EU.frequency + "BIMONTHLY")).toEqual({ cycle: "QUARTERLY", exact: false });
    expect(cycleFromFrequency(EU.frequency + "BIENNIAL")).toEqual({ cycle: "IRREGULAR", exact: false });
    expect(cycleFromFrequency(EU.frequency + "NEVER")).toEqual({ cycle: "IRREGULAR", exact: false });
    expect(cycleFromFrequency("http://purl.org/cld/freq/weekly")).toEqual({ cycle: "WEEKLY", exact: true });
    expect(cycleFromFrequency("http://purl.org/cld/freq/semiannual")).toEqual({ cycle: "HALF_YEARLY", exact: true });
    expect(cycleFromFrequency("monthly")).toEqual({ cycle: "MONTHLY", exact: true });
    expect(cycleFromFrequency("QUARTERLY")).toEqual({ cycle: "QUARTERLY", exact: true });
    expect(cycleFromFrequency(EU.frequency + "FORTNIGHTLY_NOT_A_CODE")).toBeNull();
    expect(cycleFromFrequency("每月")).toBeNull();
  });

  it("maps every known theme to EU data themes of the shipped list", () => {
    for (const t of KNOWN_THEMES) {
      expect(THEME_TO_EU[t], t).toBeDefined();
      for (const iri of euThemesOf("THEME", t)) expect(EU_DATA_THEMES.has(iri), iri).toBe(true);
    }
    expect(euThemesOf("BASE", BASE_THEMES[0])).toEqual([EU.dataTheme + "SOCI"]);
    expect(euThemesOf("DEPARTMENT", null)).toEqual([EU.dataTheme + "GOVE"]);
    expect(euThemesOf("THEME", "不存在的主题")).toEqual([]);
  });

  it("recognises open licences and refuses others", () => {
    expect(isOpenLicence(EU.licence + "CC_BY_4_0")).toBe(true);
    expect(isOpenLicence("https://creativecommons.org/licenses/by/4.0/")).toBe(true);
    expect(isOpenLicence("http://creativecommons.org/publicdomain/zero/1.0/")).toBe(true);
    expect(isOpenLicence("http://opendatacommons.org/licenses/odbl/1-0/")).toBe(true);
    expect(isOpenLicence("cc-by")).toBe(true);
    expect(isOpenLicence("https://creativecommons.org/licenses/by-nc/4.0/")).toBe(false);
    expect(isOpenLicence("https://example.org/our-terms")).toBe(false);
    expect(isOpenLicence("http://localhost/dcat/licence/conditional-open")).toBe(false);
  });

  it("reads formats from file types and media types", () => {
    expect(formatFromMediaType(EU.fileType + "CSV")).toBe("SPREADSHEET");
    expect(formatFromMediaType("http://www.iana.org/assignments/media-types/text/csv")).toBe("SPREADSHEET");
    expect(formatFromMediaType("application/ld+json")).toBe("SELF_DESCRIBING");
    expect(formatFromMediaType("PDF")).toBe("ELECTRONIC_FILE");
    expect(formatFromMediaType(EU.fileType + "JPEG")).toBe("IMAGE");
    expect(formatFromMediaType("application/graphql-response+json")).toBe("SERVICE_API");
    expect(formatFromMediaType("something/else")).toBeNull();
  });
});

describe("DCAT settings", () => {
  it("derives the base URL from DCAT_BASE_URL, else from a plain Host header", () => {
    const none = dcatSettings({});
    expect(baseUrlFor("catalog.example.gov.cn:8080", none)).toBe("http://catalog.example.gov.cn:8080");
    expect(baseUrlFor("[::1]:4000", none)).toBe("http://[::1]:4000");
    expect(baseUrlFor("evil.example/\"><x", none)).toBe("http://localhost");
    expect(baseUrlFor("a b", none)).toBe("http://localhost");
    expect(baseUrlFor(undefined, none)).toBe("http://localhost");
    const set = dcatSettings({ DCAT_BASE_URL: "https://data.jiangzhou.gov.cn/gateway/" });
    expect(baseUrlFor("whatever.example", set)).toBe("https://data.jiangzhou.gov.cn/gateway");
  });

  it("refuses bad settings with the variable's name", () => {
    expect(() => dcatSettings({ DCAT_BASE_URL: "ftp://x" })).toThrow(/DCAT_BASE_URL/);
    expect(() => dcatSettings({ DCAT_BASE_URL: "not a url" })).toThrow(/DCAT_BASE_URL/);
    expect(() => dcatSettings({ DCAT_IMPORT_ALLOW_URL: "maybe" })).toThrow(/DCAT_IMPORT_ALLOW_URL/);
    expect(() => dcatSettings({ DCAT_IMPORT_TIMEOUT_MS: "5" })).toThrow(/DCAT_IMPORT_TIMEOUT_MS/);
    expect(dcatSettings({ DCAT_IMPORT_ALLOW_URL: "true", DCAT_IMPORT_TIMEOUT_MS: "500" })).toMatchObject({ importAllowUrl: true, importAllowPrivate: false, importTimeoutMs: 500 });
  });
});
