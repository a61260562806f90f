import { describe, expect, it } from "vitest";
import { annuityAlert, annuityState, graceEndsOf, nextAnnuity } from "./annuity";
import { addDays, termLastDay } from "./dates";
import { precheckAsset, type PrecheckAsset } from "./financing/precheck";
import { effectiveLegalStatus } from "./legal-status";
import { listingProblems } from "./market/listing";
import { upkeepOf } from "./upkeep";
import { baseFacts } from "./valuation/examples";
import { PARAMETERS } from "./valuation/parameters";
import { assetState } from "./valuation/scores";
import { expiryDate } from "./terms";

/**
 * One annuity rule behind every caller: for the same patent on the same day the market's legal status,
 * the valuation's asset state, the pledge pre-check, the listing check, the monitoring alert and the
 * upkeep badge all tell the same story — every day from a week before the due date to a week after
 * the late-payment period, for anniversaries that fall on month ends and on 29 February.
 */
const FILINGS = ["2019-03-15", "2016-01-31", "2017-08-31", "2020-02-29", "2018-12-31", "2015-05-31"];

type Answer = "paid" | "grace" | "lapsed";

function everyCaller(filingDate: string, paidThrough: string, day: string): Record<string, Answer> {
  const kind = "invention" as const;
  const expiry = expiryDate({ kind, filingDate })!;
  const record = { kind, legalStatus: "valid" as const, filingDate, expiryDate: expiry, annuityPaidThrough: paidThrough };

  const market = effectiveLegalStatus(record, day);
  const valuation = assetState({ ...baseFacts, ...record }, day, PARAMETERS);
  const listing = listingProblems({
    mode: "non_exclusive_licence", assets: [{ id: "a", title: "t", ownerOrgId: "o", ...record }], encumbrances: [],
    period: { start: day, end: null }, sellerOrgId: "o", today: day,
  });
  const asset: PrecheckAsset = {
    id: "a", number: "201910123456.X", title: "t", ownerOrgId: "o", grantDate: filingDate, coOwners: [], disputeFlag: false, preservationFlag: false,
    invalidationPending: false, titleLocked: false, sameDayApplications: [], ...record,
  };
  const checked = precheckAsset(asset, { asOf: day, contract: { pledgor: { orgId: "o", name: "甲", uscc: "914403001922038216" }, pledgee: null, debtFen: 1n, termMonths: 1 } });
  const ground4 = checked.results.find((r) => r.rule === "annuity")!;
  const ground2 = checked.results.find((r) => r.rule === "legalStatus")!;
  const alert = annuityAlert({ id: "a", number: "n", ...record }, day, 30);
  const upkeep = upkeepOf(record, day);

  return {
    market: market === "lapsed" ? "lapsed" : "paid",
    valuation: valuation.effectiveStatus === "lapsed" && valuation.hardStop ? "lapsed" : "paid",
    listing: listing.some((p) => p.key === "market.errors.assetNotListable") ? "lapsed" : "paid",
    // Ground 4 refuses in grace too (CNIPA refuses during the 滞纳期); ground 2 only once it lapsed.
    precheck: ground2.outcome === "fail" ? "lapsed" : ground4.outcome === "fail" ? "grace" : "paid",
    monitoring: alert?.kind === "annuityLapsed" ? "lapsed" : alert?.kind === "annuityGrace" ? "grace" : "paid",
    upkeep: upkeep?.kind === "annuityPastGrace" ? "lapsed" : upkeep?.kind === "annuityGrace" ? "grace" : "paid",
  };
}

describe("one annuity rule for market, valuation, pre-check and monitoring", () => {
  for (const filingDate of FILINGS) {
    it(`agrees every day around the due date and the end of the late-payment period (filed ${filingDate})`, () => {
      const paidThrough = termLastDay(filingDate, 7); // the seventh year paid; the eighth falls due
      const { dueDate } = nextAnnuity(filingDate, paidThrough);
      const ends = graceEndsOf(dueDate);
      let disagreements = 0;
      let days = 0;
      for (let day = addDays(dueDate, -7); day <= addDays(ends, 7); day = addDays(day, 1)) {
        const s = annuityState({ kind: "invention", filingDate, annuityPaidThrough: paidThrough }, day).state;
        const expected: Answer = s === "past_grace" ? "lapsed" : s === "grace" ? "grace" : "paid";
        const got = everyCaller(filingDate, paidThrough, day);
        // The market, valuation and listing know only "alive" and "lapsed"; a patent in grace is alive there.
        const alive = expected === "lapsed" ? "lapsed" : "paid";
        const want = { market: alive, valuation: alive, listing: alive, precheck: expected, monitoring: expected, upkeep: expected };
        if (JSON.stringify(got) !== JSON.stringify(want)) {
          disagreements++;
          expect({ day, ...got }).toEqual({ day, ...want });
        }
        days++;
      }
      expect(days).toBeGreaterThan(190);
      expect(disagreements).toBe(0);
    });
  }

  it("the last payable day of the late-payment period: still alive everywhere, refused by the pre-check; lapsed everywhere the day after", () => {
    const filingDate = "2016-01-31";
    const paidThrough = "2026-01-30";
    expect(everyCaller(filingDate, paidThrough, "2026-07-31")).toEqual({ market: "paid", valuation: "paid", listing: "paid", precheck: "grace", monitoring: "grace", upkeep: "grace" });
    expect(everyCaller(filingDate, paidThrough, "2026-08-01")).toEqual({ market: "lapsed", valuation: "lapsed", listing: "lapsed", precheck: "lapsed", monitoring: "lapsed", upkeep: "lapsed" });
  });
});

describe("a trademark's status", () => {
  const tm = { kind: "trademark" as const, legalStatus: "valid" as const, filingDate: "2015-03-01", expiryDate: "2026-08-06" };
  it("stays registered through the 6-month renewal grace period (宽展期) and has expired after it, for the market and the valuation alike", () => {
    for (const [day, want] of [["2026-08-07", "valid"], ["2027-02-06", "valid"], ["2027-02-07", "expired"]] as const) {
      expect(effectiveLegalStatus(tm, day)).toBe(want);
      expect(assetState({ ...baseFacts, ...tm, annuityPaidThrough: null }, day, PARAMETERS).effectiveStatus).toBe(want);
    }
  });
});
