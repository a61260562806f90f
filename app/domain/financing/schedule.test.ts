import { describe, expect, it } from "vitest";
import {
  allocateRepayment, buildSchedule, isSettled, monthlyInterest, overdueInstalments, periodInterest, sumPrincipal, type InstalmentState, type RepaymentMethod,
} from "./schedule";

const METHODS: RepaymentMethod[] = ["equal_principal", "equal_instalment", "interest_only_bullet", "quarterly_interest_bullet"];
const state = (s: ReturnType<typeof buildSchedule>): InstalmentState[] => s.map((i) => ({ ...i, paidPrincipalFen: 0n, paidInterestFen: 0n }));

describe("repayment schedules sum exactly to the principal", () => {
  for (const method of METHODS) {
    it(`${method}: principal parts sum to the loan for awkward amounts, rates and terms`, () => {
      for (const principalFen of [1n, 99n, 1_000_000_01n, 3_333_333_33n, 12_345_678_91n]) {
        for (const termMonths of [1, 7, 12, 35, 36]) {
          for (const annualRateBp of [0, 345, 390, 1200]) {
            const s = buildSchedule({ principalFen, annualRateBp, termMonths, method, startDate: "2026-01-31", dayCount: annualRateBp === 390 ? "actual_360" : "monthly" });
            expect(s).toHaveLength(method === "quarterly_interest_bullet" ? Math.ceil(termMonths / 3) : termMonths);
            expect(sumPrincipal(s)).toBe(principalFen);
            expect(s.every((i) => i.principalFen >= 0n && i.interestFen >= 0n)).toBe(true);
          }
        }
      }
    });
  }

  it("equal principal: equal parts with the rounding left in the last instalment", () => {
    const s = buildSchedule({ principalFen: 1_000_00n, annualRateBp: 0, termMonths: 3, method: "equal_principal", startDate: "2026-01-15" });
    expect(s.map((i) => i.principalFen)).toEqual([33_333n, 33_333n, 33_334n]);
  });

  it("equal instalment: every instalment but the last pays the same total", () => {
    const s = buildSchedule({ principalFen: 1_000_000_00n, annualRateBp: 390, termMonths: 12, method: "equal_instalment", startDate: "2026-01-15" });
    const totals = s.map((i) => i.principalFen + i.interestFen);
    expect(new Set(totals.slice(0, -1)).size).toBe(1);
    expect(totals[0]).toBe(85_104_22n); // ¥85,104.22: 1,000,000 at 3.9 %/12 over 12 months
  });

  it("interest only: interest monthly, all principal in the last instalment", () => {
    const s = buildSchedule({ principalFen: 1_200_000_00n, annualRateBp: 400, termMonths: 6, method: "interest_only_bullet", startDate: "2026-01-15" });
    expect(s.slice(0, -1).every((i) => i.principalFen === 0n && i.interestFen === 400_000n)).toBe(true);
    expect(s[5]!.principalFen).toBe(1_200_000_00n);
  });

  it("按季付息、到期还本: interest each quarter, all principal at maturity (1,000,000 元 at 4.35 % for 12 months: 10,875 元 a quarter)", () => {
    const s = buildSchedule({ principalFen: 1_000_000_00n, annualRateBp: 435, termMonths: 12, method: "quarterly_interest_bullet", startDate: "2026-01-15" });
    expect(s.map((i) => i.dueDate)).toEqual(["2026-04-15", "2026-07-15", "2026-10-15", "2027-01-15"]);
    expect(s.map((i) => i.interestFen)).toEqual([1_087_500n, 1_087_500n, 1_087_500n, 1_087_500n]);
    expect(s.map((i) => i.principalFen)).toEqual([0n, 0n, 0n, 1_000_000_00n]);
  });

  it("按季付息: a term that is not whole quarters ends with a short period at maturity", () => {
    const s = buildSchedule({ principalFen: 1_200_000_00n, annualRateBp: 400, termMonths: 7, method: "quarterly_interest_bullet", startDate: "2026-01-31" });
    expect(s.map((i) => [i.dueDate, i.interestFen])).toEqual([["2026-04-30", 1_200_000n], ["2026-07-31", 1_200_000n], ["2026-08-31", 400_000n]]);
  });

  it("actual/360 (日利率 = 年利率 / 360): a quarter of 90, 91 or 92 days accrues that many days of interest", () => {
    const s = buildSchedule({ principalFen: 1_000_000_00n, annualRateBp: 435, termMonths: 12, method: "quarterly_interest_bullet", startDate: "2026-01-15", dayCount: "actual_360" });
    // 1,000,000 元 × 4.35 % × 90/360 = 10,875.00; × 91/360 = 10,995.83; × 92/360 = 11,116.67 (twice).
    expect(s.map((i) => i.interestFen)).toEqual([1_087_500n, 1_099_583n, 1_111_667n, 1_111_667n]);
  });

  it("actual/360 on a monthly schedule counts February's 28 days and March's 31", () => {
    const s = buildSchedule({ principalFen: 3_000_000n, annualRateBp: 365, termMonths: 3, method: "equal_principal", startDate: "2026-01-31", dayCount: "actual_360" });
    // 30,000 元 × 3.65 % × 28/360 = 85.17; 20,000 × 3.65 % × 31/360 = 62.86; 10,000 × 3.65 % × 30/360 = 30.42.
    expect(s.map((i) => i.interestFen)).toEqual([8_517n, 6_286n, 3_042n]);
    expect(periodInterest(3_000_000n, 365, "monthly", { months: 1, days: 28 })).toBe(9_125n);
  });

  it("falls due on the same day each month, clamped to the month's end", () => {
    const s = buildSchedule({ principalFen: 300n, annualRateBp: 0, termMonths: 3, method: "equal_principal", startDate: "2026-01-31" });
    expect(s.map((i) => i.dueDate)).toEqual(["2026-02-28", "2026-03-31", "2026-04-30"]);
  });

  it("rounds interest half up", () => {
    expect(monthlyInterest(100n, 600)).toBe(1n); // 0.5 → 1
    expect(monthlyInterest(99n, 600)).toBe(0n); // 0.495 → 0
  });
});

describe("repayments and overdue", () => {
  const s = state(buildSchedule({ principalFen: 3_000_00n, annualRateBp: 1200, termMonths: 3, method: "equal_principal", startDate: "2026-01-10" }));

  it("pays interest before principal, oldest instalment first", () => {
    const r = allocateRepayment(s, 3_000n + 50_000n);
    expect(r.parts).toEqual([{ seq: 1, interestFen: 3_000n, principalFen: 50_000n }]);
    expect(r.unappliedFen).toBe(0n);
  });

  it("settles when everything owed is paid, and reports what it cannot apply", () => {
    const owed = s.reduce((a, i) => a + i.principalFen + i.interestFen, 0n);
    const r = allocateRepayment(s, owed + 7n);
    expect(isSettled(r.instalments)).toBe(true);
    expect(r.unappliedFen).toBe(7n);
  });

  it("finds instalments past due with money owed, and how late they are", () => {
    expect(overdueInstalments(s, "2026-02-10")).toEqual([]);
    expect(overdueInstalments(s, "2026-02-15")).toMatchObject([{ seq: 1, daysOverdue: 5 }]);
    const paid = allocateRepayment(s, s[0]!.principalFen + s[0]!.interestFen).instalments;
    expect(overdueInstalments(paid, "2026-02-15")).toEqual([]);
  });
});
