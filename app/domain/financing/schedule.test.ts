import { describe, expect, it } from "vitest";
import { allocateRepayment, buildSchedule, isSettled, monthlyInterest, overdueInstalments, sumPrincipal, type InstalmentState, type RepaymentMethod } from "./schedule";

const METHODS: RepaymentMethod[] = ["equal_principal", "equal_instalment", "interest_only_bullet"];
const state = (s: ReturnType<typeof buildSchedule>): InstalmentState[] => s.map((i) => ({ ...i, paidPrincipalFen: 0n, paidInterestFen: 0n }));

describe("repayment schedules sum exactly to the principal", () => {
  for (const method of METHODS) {
    it(`${method}: principal parts sum to the loan for awkward amounts, rates and terms`, () => {
      for (const principalFen of [1n, 99n, 1_000_000_01n, 3_333_333_33n, 12_345_678_91n]) {
        for (const termMonths of [1, 7, 12, 35, 36]) {
          for (const annualRateBp of [0, 345, 390, 1200]) {
            const s = buildSchedule({ principalFen, annualRateBp, termMonths, method, startDate: "2026-01-31" });
            expect(s).toHaveLength(termMonths);
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
