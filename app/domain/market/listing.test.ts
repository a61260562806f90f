import { describe, expect, it } from "vitest";
import { transition, TransitionError } from "../state-machine";
import { listingLifecycle, listingProblems, type EncumbranceFacts, type ListingAssetFacts } from "./listing";

const asset = (over: Partial<ListingAssetFacts> = {}): ListingAssetFacts => ({
  id: "a1", title: "一种芯片", kind: "invention", ownerOrgId: "seller", legalStatus: "valid", filingDate: "2019-01-02", expiryDate: "2039-01-01", annuityPaidThrough: "2026-12-31", ...over,
});
const input = (over: Partial<Parameters<typeof listingProblems>[0]> = {}) => ({
  mode: "exclusive_licence" as const, assets: [asset()], encumbrances: [] as EncumbranceFacts[],
  period: { start: "2026-06-01", end: "2028-06-01" }, sellerOrgId: "seller", today: "2026-06-01", ...over,
});
const keys = (p: ReturnType<typeof listingProblems>) => p.map((x) => x.key);

describe("listing lifecycle", () => {
  it("publishes only through review and lets a published listing pause, resume and close", () => {
    let s = transition("listing", listingLifecycle, "draft", "submit");
    s = transition("listing", listingLifecycle, s, "approve");
    expect(s).toBe("published");
    s = transition("listing", listingLifecycle, s, "pause");
    s = transition("listing", listingLifecycle, s, "resume");
    expect(transition("listing", listingLifecycle, s, "close")).toBe("closed");
    expect(() => transition("listing", listingLifecycle, "draft", "approve")).toThrow(TransitionError);
  });
  it("lets anything but a closed or withdrawn listing be withdrawn", () => {
    for (const s of ["draft", "pending_review", "published", "paused", "rejected"] as const) expect(transition("listing", listingLifecycle, s, "withdraw")).toBe("withdrawn");
    expect(() => transition("listing", listingLifecycle, "closed", "withdraw")).toThrow(TransitionError);
  });
  it("rejects only from review", () => {
    expect(transition("listing", listingLifecycle, "pending_review", "reject")).toBe("rejected");
    expect(() => transition("listing", listingLifecycle, "published", "reject")).toThrow(TransitionError);
  });
});

describe("what may be listed", () => {
  it("refuses a lapsed, expired or invalidated asset, also when the record still says valid", () => {
    expect(keys(listingProblems(input({ assets: [asset({ legalStatus: "invalidated" })] })))).toEqual(["market.errors.assetNotListable"]);
    expect(keys(listingProblems(input({ assets: [asset({ expiryDate: "2026-01-01" })] })))).toEqual(["market.errors.assetNotListable"]);
    expect(keys(listingProblems(input({ assets: [asset({ annuityPaidThrough: "2025-01-01" })] })))).toEqual(["market.errors.assetNotListable"]);
  });
  it("refuses an exclusive licence overlapping an existing exclusive licence, but not one after it ends", () => {
    const enc: EncumbranceFacts = { assetId: "a1", kind: "exclusive_licence", status: "active", holderOrgId: "x", period: { start: "2025-01-01", end: "2027-01-01" } };
    expect(keys(listingProblems(input({ encumbrances: [enc] })))).toEqual(["market.errors.exclusiveOverlap"]);
    expect(listingProblems(input({ encumbrances: [enc], period: { start: "2027-01-01", end: "2029-01-01" } }))).toEqual([]);
  });
  it("refuses a transfer of an asset under an exclusive licence or pledged, unless the pledgee bank disposes of it", () => {
    const lic: EncumbranceFacts = { assetId: "a1", kind: "sole_licence", status: "active", holderOrgId: "x", period: { start: "2025-01-01", end: null } };
    expect(keys(listingProblems(input({ mode: "transfer", encumbrances: [lic] })))).toEqual(["market.errors.underExclusiveLicence"]);
    const pledge: EncumbranceFacts = { assetId: "a1", kind: "pledge", status: "active", holderOrgId: "bank", period: { start: "2025-01-01", end: null } };
    expect(keys(listingProblems(input({ mode: "transfer", encumbrances: [pledge] })))).toEqual(["market.errors.pledged"]);
    expect(listingProblems(input({ mode: "transfer", encumbrances: [pledge], sellerOrgId: "bank", disposingOrgId: "bank" }))).toEqual([]);
    expect(keys(listingProblems(input({ mode: "transfer", encumbrances: [pledge], sellerOrgId: "bank2", disposingOrgId: "bank2" })))).toEqual(["market.errors.pledged"]);
  });
  it("offers open licences for patents only, and for utility models and designs with an evaluation report", () => {
    expect(keys(listingProblems(input({ mode: "open_licence", assets: [asset({ kind: "trademark" })] })))).toEqual(["market.errors.openLicencePatentsOnly"]);
    expect(keys(listingProblems(input({ mode: "open_licence", assets: [asset({ kind: "utility_model" })] })))).toEqual(["market.errors.evaluationReportRequired"]);
    expect(listingProblems(input({ mode: "open_licence", assets: [asset({ kind: "utility_model" })], evaluationReport: true }))).toEqual([]);
  });
  it("refuses an exclusive licence while an open licence is declared for the asset", () => {
    expect(keys(listingProblems(input({ openLicenceAssetIds: ["a1"] })))).toEqual(["market.errors.openLicenceDeclared"]);
  });
  it("refuses someone else's asset and bundles of several owners", () => {
    expect(keys(listingProblems(input({ assets: [asset({ ownerOrgId: "other" })] })))).toEqual(["market.errors.notOwner"]);
    expect(keys(listingProblems(input({ assets: [asset(), asset({ id: "a2", ownerOrgId: "other" })] })))).toContain("market.errors.bundleOwners");
  });
  it("needs every co-owner's consent except for a non-exclusive licence", () => {
    const coOwned = asset({ coOwners: [{ consentRecorded: true }, { consentRecorded: false }] });
    expect(keys(listingProblems(input({ mode: "transfer", assets: [coOwned] })))).toEqual(["market.errors.coOwnerConsent"]);
    expect(listingProblems(input({ mode: "non_exclusive_licence", assets: [coOwned] }))).toEqual([]);
  });
});
