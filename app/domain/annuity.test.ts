import { describe, expect, it } from "vitest";
import {
  annuityAlert, annuityFor, annuityState, DEFAULT_ANNUITY_TABLE, graceCalendar, graceEndsOf, graceSurcharge, nextAnnuity, patentYearOf,
} from "./annuity";

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

describe("缴费期限届满日即申请日在该年的相应日 (Implementing Rules r. 98): the annuity is due ON the anniversary", () => {
  it("the guidelines' example: filed 1997-06-03, the sixth year's annuity is due by 2002-06-03 at the latest", () => {
    // Paid through the fifth year, which ends on 2002-06-02.
    expect(nextAnnuity("1997-06-03", "2002-06-02")).toEqual({ patentYear: 6, dueDate: "2002-06-03" });
    const s = { kind: "invention" as const, filingDate: "1997-06-03", annuityPaidThrough: "2002-06-02" };
    expect(annuityState(s, "2002-06-03")).toMatchObject({ state: "paid", nextDue: "2002-06-03", patentYear: 6 });
    expect(annuityState(s, "2002-06-04")).toMatchObject({ state: "grace", graceMonth: 1, surchargeBp: 0 });
  });

  it("on the anniversary itself the annuity is still payable without surcharge (not the first late day)", () => {
    const asset = { kind: "invention" as const, filingDate: "2019-03-15", annuityPaidThrough: "2026-03-14" };
    expect(annuityState(asset, "2026-03-15")).toMatchObject({ state: "paid", nextDue: "2026-03-15", patentYear: 8, annuityFen: 200_000n });
    expect(annuityState(asset, "2026-03-16")).toMatchObject({ state: "grace", dueDate: "2026-03-15", graceMonth: 1, surchargeFen: 0n });
  });

  it("a paid-through date closes a patent year: a date inside a year counts that whole year as paid", () => {
    expect(nextAnnuity("2019-03-15", "2026-03-15")).toEqual({ patentYear: 9, dueDate: "2027-03-15" });
    expect(nextAnnuity("2019-03-15", "2026-12-31")).toEqual({ patentYear: 9, dueDate: "2027-03-15" });
    expect(nextAnnuity("2019-03-15", "2018-01-01")).toEqual({ patentYear: 1, dueDate: "2019-03-15" });
  });
});

describe("期限的第一日不计算在期限内 (r. 6): the six-month late-payment period ends on the anniversary + 6 months", () => {
  const asset = { kind: "invention" as const, filingDate: "2019-03-15", annuityPaidThrough: "2026-03-14" };

  it("the last day of the late-payment period is due + 6 months, and the patent lapses the day after", () => {
    expect(graceEndsOf("2026-03-15")).toBe("2026-09-15");
    expect(annuityState(asset, "2026-09-15")).toMatchObject({ state: "grace", graceMonth: 6, surchargeBp: 2500, graceEnds: "2026-09-15" });
    expect(annuityState(asset, "2026-09-16")).toMatchObject({ state: "past_grace", dueDate: "2026-03-15", graceEnded: "2026-09-15" });
  });

  it("超过规定缴费时间不足一个月 0 %: exactly one month late is still free of surcharge", () => {
    expect(annuityState(asset, "2026-04-15")).toMatchObject({ graceMonth: 1, surchargeBp: 0 });
  });

  it("超过一个月(不含一整月)至两个月(含两个整月) 5 %: from the day after one whole month through two whole months", () => {
    expect(annuityState(asset, "2026-04-16")).toMatchObject({ graceMonth: 2, surchargeBp: 500, surchargeFen: 10_000n });
    expect(annuityState(asset, "2026-05-15")).toMatchObject({ graceMonth: 2, surchargeBp: 500 });
    expect(annuityState(asset, "2026-05-16")).toMatchObject({ graceMonth: 3, surchargeBp: 1000 });
  });

  it.each([
    ["2026-06-15", 3, 1000], ["2026-06-16", 4, 1500], ["2026-07-15", 4, 1500], ["2026-07-16", 5, 2000], ["2026-08-15", 5, 2000], ["2026-08-16", 6, 2500],
  ])("on %s it is grace month %i at %i bp (each tier includes its last whole month)", (day, month, bp) => {
    expect(annuityState(asset, day)).toMatchObject({ state: "grace", graceMonth: month, surchargeBp: bp });
  });
});

describe("month ends and leap years (期限届满日没有相应日的，以该月最后一日为期限届满日)", () => {
  it("an anniversary on 31 January counts each grace month from the due date: 28 Feb, 31 Mar, 30 Apr …", () => {
    const asset = { kind: "invention" as const, filingDate: "2016-01-31", annuityPaidThrough: "2026-01-30" };
    expect(annuityState(asset, "2026-02-28")).toMatchObject({ graceMonth: 1 });
    expect(annuityState(asset, "2026-03-01")).toMatchObject({ graceMonth: 2, surchargeBp: 500 });
    expect(annuityState(asset, "2026-03-31")).toMatchObject({ graceMonth: 2 });
    expect(annuityState(asset, "2026-04-01")).toMatchObject({ graceMonth: 3 });
    expect(annuityState(asset, "2026-04-30")).toMatchObject({ graceMonth: 3 });
    expect(annuityState(asset, "2026-07-31")).toMatchObject({ graceMonth: 6, graceEnds: "2026-07-31" });
    expect(annuityState(asset, "2026-08-01")).toMatchObject({ state: "past_grace" });
  });

  it("an anniversary on 31 August ends its late-payment period on the last day of February", () => {
    expect(graceEndsOf("2026-08-31")).toBe("2027-02-28");
    expect(graceEndsOf("2027-08-31")).toBe("2028-02-29");
  });

  it("a patent filed on 29 February falls due on 28 February in common years and on 29 February in leap years", () => {
    expect(nextAnnuity("2020-02-29", "2026-02-27")).toEqual({ patentYear: 7, dueDate: "2026-02-28" });
    // The term-style last day of year 6 (28 Feb, Civil Code art. 202) is read the same way.
    expect(nextAnnuity("2020-02-29", "2026-02-28")).toEqual({ patentYear: 7, dueDate: "2026-02-28" });
    expect(nextAnnuity("2020-02-29", "2028-02-28")).toEqual({ patentYear: 9, dueDate: "2028-02-29" });
    const asset = { kind: "utility_model" as const, filingDate: "2020-02-29", annuityPaidThrough: "2026-02-27" };
    expect(annuityState(asset, "2026-02-28")).toMatchObject({ state: "paid", nextDue: "2026-02-28" });
    expect(annuityState(asset, "2026-03-01")).toMatchObject({ state: "grace", graceMonth: 1, graceEnds: "2026-08-28" });
    expect(annuityState(asset, "2026-08-29")).toMatchObject({ state: "past_grace" });
  });
});

describe("annuity fees and the legal term", () => {
  it("reads the default fee table by kind and patent year", () => {
    const invention = { kind: "invention" as const, filingDate: "2019-03-15" };
    expect(patentYearOf("2019-03-15", "2019-03-15")).toBe(1);
    expect(patentYearOf("2019-03-15", "2020-03-15")).toBe(2);
    expect(annuityFor(invention, 1)).toBe(90_000n);
    expect(annuityFor(invention, 20)).toBe(800_000n);
    expect(annuityFor({ kind: "utility_model", filingDate: "2019-03-15" }, 9)).toBe(200_000n);
    expect(annuityFor({ kind: "design", filingDate: "2022-01-01" }, 12, DEFAULT_ANNUITY_TABLE)).toBe(300_000n);
  });

  it("refuses a patent year past the legal term instead of returning the table's last row", () => {
    expect(() => annuityFor({ kind: "invention", filingDate: "2019-03-15" }, 21)).toThrow(RangeError);
    expect(() => annuityFor({ kind: "utility_model", filingDate: "2019-03-15" }, 11)).toThrow(RangeError);
    // A design filed before 2021-06-01 has 10 years, though the table runs to 15.
    expect(() => annuityFor({ kind: "design", filingDate: "2021-05-31" }, 11)).toThrow(RangeError);
    expect(() => annuityFor({ kind: "invention", filingDate: "2019-03-15" }, 0)).toThrow(RangeError);
  });

  it("has nothing more to pay once the last year of the term is paid", () => {
    const asset = { kind: "utility_model" as const, filingDate: "2017-05-10", annuityPaidThrough: "2027-05-09" };
    expect(annuityState(asset, "2027-05-01")).toEqual({ state: "paid_to_term", paidThrough: "2027-05-09" });
  });

  it("does not apply to trademarks and is unknown without a payment record", () => {
    const asset = { kind: "invention" as const, filingDate: "2019-03-15", annuityPaidThrough: "2026-03-14" };
    expect(annuityState({ ...asset, kind: "trademark" }, "2030-01-01")).toEqual({ state: "not_applicable" });
    expect(annuityState({ ...asset, annuityPaidThrough: null }, "2026-01-01")).toEqual({ state: "unknown" });
  });

  it("lists the six grace months with their surcharges, each month counted from the due date", () => {
    const cal = graceCalendar("2026-01-31", 100_000n);
    expect(cal.map((m) => m.surchargeFen)).toEqual([0n, 5_000n, 10_000n, 15_000n, 20_000n, 25_000n]);
    expect(cal[0]).toMatchObject({ starts: "2026-02-01", ends: "2026-02-28" });
    expect(cal[1]).toMatchObject({ starts: "2026-03-01", ends: "2026-03-31" });
    expect(cal[5]).toMatchObject({ ends: "2026-07-31" });
  });
});

describe("annuity alerts", () => {
  const patent = { id: "a1", number: "201710601862.3", kind: "invention" as const, filingDate: "2017-07-21", annuityPaidThrough: "2026-07-20" };

  it("warns of an annuity falling due within the horizon, and not earlier", () => {
    expect(annuityAlert(patent, "2026-06-01", 30)).toBeNull();
    expect(annuityAlert(patent, "2026-07-01", 30)).toMatchObject({ kind: "annuityDue", key: "annuity-due:a1:2026-07-21", params: { dueDate: "2026-07-21" } });
    expect(annuityAlert(patent, "2026-07-21", 30)).toMatchObject({ kind: "annuityDue" });
  });

  it("alerts once per grace month, each with that month's surcharge", () => {
    const m1 = annuityAlert(patent, "2026-07-25", 30)!;
    const m2 = annuityAlert(patent, "2026-08-25", 30)!;
    expect(m1).toMatchObject({ kind: "annuityGrace", params: { graceMonth: 1, surchargePercent: 0, graceEnds: "2027-01-21" } });
    expect(m2).toMatchObject({ kind: "annuityGrace", params: { graceMonth: 2, surchargePercent: 5 } });
    expect(m1.key).not.toBe(m2.key);
    expect(annuityAlert(patent, "2026-07-30", 30)!.key).toBe(m1.key);
  });

  it("says the patent lapses once the six grace months are over, and never alerts for a trademark", () => {
    expect(annuityAlert(patent, "2027-01-21", 30)).toMatchObject({ kind: "annuityGrace", params: { graceMonth: 6 } });
    expect(annuityAlert(patent, "2027-01-22", 30)).toMatchObject({ kind: "annuityLapsed" });
    expect(annuityAlert({ ...patent, kind: "trademark" }, "2026-07-25", 30)).toBeNull();
  });
});
