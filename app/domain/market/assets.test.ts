import { describe, expect, it } from "vitest";
import { checkAssetNumber, effectiveLegalStatus, expiryDate, highValueReasons, ipcSubclassesOf, normaliseIpc, splitList, termYears } from "./assets";

describe("terms of protection", () => {
  it("runs an invention 20 years and a utility model 10 years from filing, through the day before the anniversary", () => {
    expect(expiryDate({ kind: "invention", filingDate: "2010-03-15" })).toBe("2030-03-14");
    expect(expiryDate({ kind: "utility_model", filingDate: "2019-01-01" })).toBe("2028-12-31");
  });

  it("gives designs filed before 2021-06-01 10 years and designs filed from that day 15 years", () => {
    expect(termYears("design", "2021-05-31")).toBe(10);
    expect(expiryDate({ kind: "design", filingDate: "2021-05-31" })).toBe("2031-05-30");
    expect(termYears("design", "2021-06-01")).toBe(15);
    expect(expiryDate({ kind: "design", filingDate: "2021-06-01" })).toBe("2036-05-31");
  });

  it("counts a trademark's 10 years from registration, not from filing, and needs the registration date", () => {
    expect(expiryDate({ kind: "trademark", filingDate: "2013-02-01", registrationDate: "2015-06-07" })).toBe("2025-06-06");
    expect(expiryDate({ kind: "trademark", filingDate: "2013-02-01", registrationDate: null })).toBeNull();
  });

  it("ends a term that starts on 29 February on 28 February", () => {
    expect(expiryDate({ kind: "utility_model", filingDate: "2020-02-29" })).toBe("2030-02-28");
  });
});

describe("effective legal status", () => {
  // Filed 2015-02-01: the twelfth year's annuity is due on 2026-02-01, payable late through 2026-08-01.
  const base = { kind: "invention" as const, legalStatus: "valid" as const, filingDate: "2015-02-01", expiryDate: "2035-01-31", annuityPaidThrough: "2026-01-31" };
  it("treats a valid patent past its term as expired", () => {
    expect(effectiveLegalStatus({ ...base, expiryDate: "2026-01-01" }, "2026-01-02")).toBe("expired");
  });
  it("keeps a patent valid through the last day of the late-payment period (due + 6 months) and lapses it the day after", () => {
    expect(effectiveLegalStatus(base, "2026-08-01")).toBe("valid");
    expect(effectiveLegalStatus(base, "2026-08-02")).toBe("lapsed");
  });
  it("never revives an invalidated patent", () => {
    expect(effectiveLegalStatus({ ...base, legalStatus: "invalidated" }, "2026-01-01")).toBe("invalidated");
  });
});

describe("asset numbers", () => {
  it("accepts a patent number whose type digit agrees with the chosen kind and stores it normalised", () => {
    expect(checkAssetNumber("invention", "ZL 201710601862.3")).toEqual({ ok: true, value: "201710601862.3" });
  });
  it("refuses a utility model number entered as an invention", () => {
    expect(checkAssetNumber("invention", "202120000000.7")).toEqual({ ok: false, error: "market.errors.patentKindMismatch" });
  });
  it("refuses a corrupted check character", () => {
    expect(checkAssetNumber("invention", "201710601862.4")).toEqual({ ok: false, error: "market.errors.patentCheck" });
  });
  it("takes trademark registration numbers as digits, full-width allowed", () => {
    expect(checkAssetNumber("trademark", "１２３４５６７８")).toEqual({ ok: true, value: "12345678" });
    expect(checkAssetNumber("trademark", "TM-123")).toEqual({ ok: false, error: "market.errors.trademarkNumber" });
  });
});

describe("high-value invention patents", () => {
  const base = {
    kind: "invention" as const, industry: "other", overseasFamilyCount: 0, filingDate: "2020-01-01", legalStatus: "valid" as const,
    expiryDate: "2039-12-31", annuityPaidThrough: "2026-12-31", awards: [] as string[],
  };
  it("is not high-value without any criterion", () => {
    expect(highValueReasons(base, "2026-06-01")).toEqual([]);
  });
  it("meets a criterion by strategic industry, overseas family, 10+ years in force, or a national award", () => {
    expect(highValueReasons({ ...base, industry: "integrated_circuits" }, "2026-06-01")).toEqual(["strategic_industry"]);
    expect(highValueReasons({ ...base, overseasFamilyCount: 2 }, "2026-06-01")).toEqual(["overseas_family"]);
    expect(highValueReasons({ ...base, filingDate: "2014-01-01", expiryDate: "2033-12-31" }, "2026-06-01")).toEqual(["maintained_10_years"]);
    expect(highValueReasons({ ...base, awards: ["china_patent_award"] }, "2026-06-01")).toEqual(["award"]);
    // "More than 10 years": not on the tenth anniversary of filing, from the day after it.
    expect(highValueReasons({ ...base, filingDate: "2016-06-01", expiryDate: "2036-05-31" }, "2026-06-01")).toEqual([]);
    expect(highValueReasons({ ...base, filingDate: "2016-06-01", expiryDate: "2036-05-31" }, "2026-06-02")).toEqual(["maintained_10_years"]);
    expect(highValueReasons({ ...base, awards: ["other_award"] }, "2026-06-01")).toEqual([]);
  });
  it("only counts invention patents that are still alive", () => {
    expect(highValueReasons({ ...base, kind: "utility_model", industry: "integrated_circuits" }, "2026-06-01")).toEqual([]);
    expect(highValueReasons({ ...base, industry: "integrated_circuits", legalStatus: "lapsed" }, "2026-06-01")).toEqual([]);
    // A pending application is not yet a patent.
    expect(highValueReasons({ ...base, industry: "integrated_circuits", legalStatus: "pending" }, "2026-06-01")).toEqual([]);
  });
  it("counts pledge financing of 10 million 元 or more, as the valuation does", () => {
    expect(highValueReasons({ ...base, pledgeFinancedFen: 1_000_000_000n }, "2026-06-01")).toEqual(["high_pledge_financing"]);
    expect(highValueReasons({ ...base, pledgeFinancedFen: 999_999_999n }, "2026-06-01")).toEqual([]);
  });
});

describe("classification input", () => {
  it("normalises IPC symbols and refuses malformed ones", () => {
    expect(normaliseIpc("h01l21/762")).toBe("H01L 21/762");
    expect(normaliseIpc("G06N")).toBe("G06N");
    expect(normaliseIpc("Z99Q 1/1")).toBeNull();
  });
  it("reduces IPC codes to their distinct subclasses, sorted (what a listing is recalled by)", () => {
    expect(ipcSubclassesOf(["H01M 4/139", "B32B 27/00", "H01M 50/40", "G06N"])).toEqual(["B32B", "G06N", "H01M"]);
    expect(ipcSubclassesOf([])).toEqual([]);
  });
  it("splits lists typed with Chinese or Latin separators", () => {
    expect(splitList("9，35；42、 1")).toEqual(["9", "35", "42", "1"]);
  });
});
