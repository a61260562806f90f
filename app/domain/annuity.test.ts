import { describe, expect, it } from "vitest";
import { annuityAlert, annuityFor, annuityState, DEFAULT_ANNUITY_TABLE, graceCalendar, graceSurcharge, patentYearOf } from "./annuity";

describe("annuity surcharge per grace month", () => {
  const annuity = 120_000n; // ¥1,200
  it.each([
    [1, 0, 0n], [2, 500, 6_000n], [3, 1000, 12_000n], [4, 1500, 18_000n], [5, 2000, 24_000n], [6, 2500, 30_000n],
  ])("grace month %i costs %i bp of the annuity", (month, bp, fen) => {
    expect(graceSurcharge(annuity, month)).toEqual({ bp, fen });
  });

  it("rounds the surcharge half up to the fen", () => {
    expect(graceSurcharge(12_345n, 2).fen).toBe(617n); // 617.25
    expect(graceSurcharge(12_350n, 2).fen).toBe(618n); // 617.5
  });

  it("refuses a month outside the grace period", () => {
    expect(() => graceSurcharge(annuity, 0)).toThrow(RangeError);
    expect(() => graceSurcharge(annuity, 7)).toThrow(RangeError);
  });
});

describe("annuity state of a patent", () => {
  const asset = { kind: "invention" as const, filingDate: "2019-03-15", annuityPaidThrough: "2026-03-14" };

  it("is paid until the paid-through date, and names the next due date", () => {
    expect(annuityState(asset, "2026-03-14")).toMatchObject({ state: "paid", nextDue: "2026-03-15", patentYear: 8, annuityFen: 200_000n });
  });

  it("enters grace month 1 without surcharge on the due date", () => {
    expect(annuityState(asset, "2026-03-15")).toMatchObject({ state: "grace", graceMonth: 1, surchargeFen: 0n, graceEnds: "2026-09-14" });
  });

  it("counts grace months from the due date, month by month", () => {
    expect(annuityState(asset, "2026-04-14")).toMatchObject({ graceMonth: 1 });
    expect(annuityState(asset, "2026-04-15")).toMatchObject({ graceMonth: 2, surchargeBp: 500, surchargeFen: 10_000n });
    expect(annuityState(asset, "2026-09-14")).toMatchObject({ graceMonth: 6, surchargeBp: 2500, surchargeFen: 50_000n });
  });

  it("is past grace the day after the sixth month ends", () => {
    expect(annuityState(asset, "2026-09-15")).toMatchObject({ state: "past_grace", graceEnded: "2026-09-14" });
  });

  it("does not apply to trademarks and is unknown without a payment record", () => {
    expect(annuityState({ ...asset, kind: "trademark" }, "2030-01-01")).toEqual({ state: "not_applicable" });
    expect(annuityState({ ...asset, annuityPaidThrough: null }, "2026-01-01")).toEqual({ state: "unknown" });
  });

  it("reads the default fee table by kind and patent year", () => {
    expect(patentYearOf("2019-03-15", "2019-03-15")).toBe(1);
    expect(patentYearOf("2019-03-15", "2020-03-15")).toBe(2);
    expect(annuityFor("invention", 1)).toBe(90_000n);
    expect(annuityFor("invention", 20)).toBe(800_000n);
    expect(annuityFor("utility_model", 9)).toBe(200_000n);
    expect(annuityFor("design", 12, DEFAULT_ANNUITY_TABLE)).toBe(300_000n);
  });

  it("lists the six grace months with their surcharges", () => {
    const cal = graceCalendar("2026-01-31", 100_000n);
    expect(cal.map((m) => m.surchargeFen)).toEqual([0n, 5_000n, 10_000n, 15_000n, 20_000n, 25_000n]);
    expect(cal[1]).toMatchObject({ starts: "2026-02-28", ends: "2026-03-30" });
  });
});

describe("annuity alerts", () => {
  const patent = { id: "a1", number: "201710601862.3", kind: "invention" as const, filingDate: "2017-07-21", annuityPaidThrough: "2026-07-20" };

  it("warns of an annuity falling due within the horizon, and not earlier", () => {
    expect(annuityAlert(patent, "2026-06-01", 30)).toBeNull();
    expect(annuityAlert(patent, "2026-07-01", 30)).toMatchObject({ kind: "annuityDue", key: "annuity-due:a1:2026-07-21", params: { dueDate: "2026-07-21" } });
  });

  it("alerts once per grace month, each with that month's surcharge", () => {
    const m1 = annuityAlert(patent, "2026-07-25", 30)!;
    const m2 = annuityAlert(patent, "2026-08-25", 30)!;
    expect(m1).toMatchObject({ kind: "annuityGrace", params: { graceMonth: 1, surchargePercent: 0 } });
    expect(m2).toMatchObject({ kind: "annuityGrace", params: { graceMonth: 2, surchargePercent: 5 } });
    expect(m1.key).not.toBe(m2.key);
    expect(annuityAlert(patent, "2026-07-30", 30)!.key).toBe(m1.key);
  });

  it("says the patent lapses once the six grace months are over, and never alerts for a trademark", () => {
    expect(annuityAlert(patent, "2027-02-01", 30)).toMatchObject({ kind: "annuityLapsed" });
    expect(annuityAlert({ ...patent, kind: "trademark" }, "2026-07-25", 30)).toBeNull();
  });
});
