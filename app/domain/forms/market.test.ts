import { describe, expect, it } from "vitest";
import { importRowToFormInput } from "../market/import";
import { AssetFormSchema, ListingFormSchema, MarketQuerySchema } from "./market";

const messages = (r: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) =>
  Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));

describe("the asset form", () => {
  const valid = { kind: "invention", number: "ZL201710601862.3", title: "一种芯片", filingDate: "2017-07-20", industry: "integrated_circuits" };

  it("stores the normalised number and the expiry derived from kind and filing date", () => {
    const r = AssetFormSchema.parse(valid);
    expect(r).toMatchObject({ number: "201710601862.3", expiryDate: "2037-07-19", legalStatus: "valid", coOwners: [] });
  });

  it("reports every problem at once: wrong kind for the number, bad date, bad IPC", () => {
    const r = AssetFormSchema.safeParse({ ...valid, kind: "design", filingDate: "2017-02-30", ipcClasses: "H01L 21/00, nonsense" });
    expect(messages(r)).toEqual({ number: "market.errors.patentKindMismatch", filingDate: "errors.date", ipcClasses: "market.errors.ipc" });
  });

  it("refuses a filing date whose year disagrees with the application number", () => {
    expect(messages(AssetFormSchema.safeParse({ ...valid, filingDate: "2018-01-01" }))).toEqual({ filingDate: "market.errors.filingYearMismatch" });
  });

  it("needs a trademark's registration date and Nice classes between 1 and 45", () => {
    const tm = { kind: "trademark", number: "12345678", title: "芯微", filingDate: "2015-01-01" };
    expect(messages(AssetFormSchema.safeParse({ ...tm, niceClasses: "9, 46" }))).toEqual({ niceClasses: "market.errors.niceClass", grantDate: "market.errors.registrationDateRequired" });
    expect(AssetFormSchema.parse({ ...tm, niceClasses: "9，42", grantDate: "2016-03-07" })).toMatchObject({ niceClasses: [9, 42], expiryDate: "2026-03-06" });
  });

  it("reads an imported row with Chinese words for kind, status, industry and co-owners", () => {
    const input = importRowToFormInput({
      kind: "发明", number: "201710601862.3", title: "一种芯片", filingDate: "2017/7/20", legalStatus: "有效", industry: "集成电路",
      coOwners: "上海某某大学|914403001922038216|同意; 张三",
    });
    expect(AssetFormSchema.parse(input)).toMatchObject({
      kind: "invention", filingDate: "2017-07-20", legalStatus: "valid", industry: "integrated_circuits",
      coOwners: [{ name: "上海某某大学", uscc: "914403001922038216", consentRecorded: true }, { name: "张三", uscc: null, consentRecorded: false }],
    });
    const bad = AssetFormSchema.safeParse(importRowToFormInput({ kind: "发明", number: "201710601862.3", title: "x", filingDate: "2017-07-20", coOwners: "甲|914403001922038217" }));
    expect(messages(bad)).toEqual({ "coOwners.0.uscc": "errors.usccCheck" });
  });
});

describe("the listing form", () => {
  const base = { assetIds: ["7d0c1f8e-7f5c-4e0b-9a43-2b8f7b9e1c11"], title: "x" };
  it("needs published terms for an open licence: a fee or royalty, a term and a territory", () => {
    expect(messages(ListingFormSchema.safeParse({ ...base, mode: "open_licence" }))).toEqual({
      openFee: "market.errors.openTermsRequired", territory: "errors.required", termMonths: "market.errors.termRequired",
    });
    expect(ListingFormSchema.parse({ ...base, mode: "open_licence", openFee: "50,000", termMonths: "36", territory: "中国大陆" }))
      .toMatchObject({ openFeeFen: 5_000_000n, askingPriceFen: null, termMonths: 36 });
  });
  it("treats a transfer without a price as negotiable and one with a fixed price in 分", () => {
    expect(ListingFormSchema.parse({ ...base, mode: "transfer" })).toMatchObject({ askingPriceFen: null, termMonths: null });
    expect(ListingFormSchema.parse({ ...base, mode: "transfer", priceMode: "fixed", askingPrice: "1200000.5" })).toMatchObject({ askingPriceFen: 120_000_050n });
  });
});

describe("market queries", () => {
  it("refuses a minimum above the maximum, a malformed price and a forged cursor", () => {
    expect(messages(MarketQuerySchema.safeParse({ minPrice: "500", maxPrice: "100" }))).toEqual({ maxPrice: "market.errors.priceRange" });
    expect(messages(MarketQuerySchema.safeParse({ minPrice: "1.5", cursor: "abc" }))).toEqual({ minPrice: "market.errors.fenParam", cursor: "market.errors.cursor" });
  });
});
