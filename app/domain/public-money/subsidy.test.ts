import { describe, expect, it } from "vitest";
import { addMonths } from "../dates";
import { SAMPLE_PROGRAMMES } from "./samples";
import { assessSubsidy, countedInterest, documentsFor, windowOpen, type LoanEvidence, type SubsidyRules } from "./subsidy";

const rules = (code: string): SubsidyRules => SAMPLE_PROGRAMMES.find((p) => p.code === code)!.rules;
const Y2025 = { start: "2025-01-01", end: "2025-12-31" };
const ent = { parkId: "zhangjiang", uscc: "91310115MA1K3ABC0X" };

/** Monthly interest payments of `fen` each, paid on their due dates. */
const monthly = (firstDue: string, n: number, fen: bigint) =>
  Array.from({ length: n }, (_, k) => ({ dueDate: addMonths(firstDue, k), paidOn: addMonths(firstDue, k), interestFen: fen }));

const loan = (over: Partial<LoanEvidence>): LoanEvidence => ({
  loanId: "L1", principalFen: 300_000_000n, rateBp: 480, lprBp: 300, disbursedOn: "2024-11-15", settledOn: "2025-09-15",
  registeredOn: "2024-11-10", firstPledge: true, inventionPledged: true, insuredOrGuaranteed: false, paidLate: false, interest: [], ...over,
});

describe("Beijing example: 50 % of the interest paid, the rate counted at most LPR + 40 %, ≤ ¥300,000 a year", () => {
  // ¥3,000,000 at 4.80 % pays ¥12,000 interest a month; disbursed 2024-11-15, settled 2025-09-15.
  const a = loan({ interest: monthly("2024-12-15", 10, 1_200_000n) });

  it("counts only the interest paid in the year, at the 4.20 % ceiling (LPR 3.00 % × 1.4), and grants half of it", () => {
    const r = assessSubsidy({ rules: rules("beijing-interest"), period: Y2025, enterprise: ent, loans: [a] });
    // Nine payments in 2025 (Jan–Sep; December 2024's is outside the year): ¥108,000 paid.
    expect(r.lines[0]).toMatchObject({ basisFen: 10_800_000n, countedFen: 9_450_000n, shareBp: 5000, amountFen: 4_725_000n, failed: [] });
    expect(r.amountFen).toBe(4_725_000n); // ¥47,250.00
    expect(r.capped).toBe(false);
  });

  it("rounds each step down to the fen", () => {
    // ¥12,345.67 × 420/480 = ¥10,802.461… → ¥10,802.46; half → ¥5,401.23.
    expect(countedInterest(rules("beijing-interest"), 1_234_567n, { rateBp: 480, lprBp: 300 })).toBe(1_080_246n);
    const r = assessSubsidy({ rules: rules("beijing-interest"), period: Y2025, enterprise: ent, loans: [loan({ interest: [{ dueDate: "2025-03-01", paidOn: "2025-03-01", interestFen: 1_234_567n }] })] });
    expect(r.amountFen).toBe(540_123n);
  });

  it("takes the interest as paid when the loan's rate is under the ceiling", () => {
    expect(countedInterest(rules("beijing-interest"), 1_000_000n, { rateBp: 390, lprBp: 300 })).toBe(1_000_000n);
  });

  it("caps the year at ¥300,000, less what the programme already granted the enterprise", () => {
    const big = loan({ loanId: "L2", principalFen: 2_000_000_000n, interest: monthly("2025-01-15", 10, 8_000_000n) });
    const r = assessSubsidy({ rules: rules("beijing-interest"), period: Y2025, enterprise: ent, loans: [a, big] });
    // L2: ¥800,000 paid → ¥700,000 counted → ¥350,000; with L1 ¥397,250 gross.
    expect(r.grossFen).toBe(39_725_000n);
    expect(r.amountFen).toBe(30_000_000n);
    expect(r.capped).toBe(true);
    const again = assessSubsidy({ rules: rules("beijing-interest"), period: Y2025, enterprise: ent, loans: [a, big], alreadyGrantedFen: 5_000_000n });
    expect(again.amountFen).toBe(25_000_000n);
    expect(assessSubsidy({ rules: rules("beijing-interest"), period: Y2025, enterprise: ent, loans: [a], alreadyGrantedFen: 30_000_000n }).eligible).toBe(false);
  });

  it("grants nothing for a loan not settled in the year, or without a registered pledge", () => {
    const open = assessSubsidy({ rules: rules("beijing-interest"), period: Y2025, enterprise: ent, loans: [loan({ settledOn: null, interest: a.interest })] });
    expect(open.lines[0]).toMatchObject({ failed: ["settled_in_period"], amountFen: 0n });
    expect(open.eligible).toBe(false);
    const unregistered = assessSubsidy({ rules: rules("beijing-interest"), period: Y2025, enterprise: ent, loans: [loan({ registeredOn: null, interest: a.interest })] });
    expect(unregistered.lines[0]!.failed).toEqual(["registered"]);
  });
});

describe("Qingdao example: 60 % of the 1-year LPR, ≤ ¥500,000 a year, an invention pledged for the first time, registered before disbursement", () => {
  // ¥5,000,000 at 3.80 % (LPR 3.10 %): ¥190,000 interest paid in 2025.
  const q = loan({ principalFen: 500_000_000n, rateBp: 380, lprBp: 310, disbursedOn: "2025-01-05", registeredOn: "2025-01-03", settledOn: null, interest: monthly("2025-02-05", 10, 1_900_000n) });

  it("pays the interest the principal would have cost at 60 % of the LPR", () => {
    const r = assessSubsidy({ rules: rules("qingdao-interest"), period: Y2025, enterprise: ent, loans: [q] });
    // ¥190,000 × 3.10/3.80 = ¥155,000 at the LPR; 60 % = ¥93,000 (= ¥5,000,000 × 3.10 % × 60 % × 10/12).
    expect(r.lines[0]).toMatchObject({ basisFen: 19_000_000n, countedFen: 15_500_000n, amountFen: 9_300_000n });
  });

  it("refuses a patent pledged before (not a first pledge) and a registration after the money was paid out", () => {
    const again = assessSubsidy({ rules: rules("qingdao-interest"), period: Y2025, enterprise: ent, loans: [{ ...q, firstPledge: false }] });
    expect(again.lines[0]).toMatchObject({ failed: ["first_pledge"], amountFen: 0n });
    const late = assessSubsidy({ rules: rules("qingdao-interest"), period: Y2025, enterprise: ent, loans: [{ ...q, registeredOn: "2025-01-06" }] });
    expect(late.lines[0]!.failed).toEqual(["registered_before_disbursement"]);
    const trademark = assessSubsidy({ rules: rules("qingdao-interest"), period: Y2025, enterprise: ent, loans: [{ ...q, inventionPledged: false }] });
    expect(trademark.lines[0]!.failed).toEqual(["invention_pledged"]);
  });

  it("stops at ¥500,000", () => {
    const big = { ...q, principalFen: 3_000_000_000n, interest: monthly("2025-01-05", 12, 9_500_000n) };
    const r = assessSubsidy({ rules: rules("qingdao-interest"), period: Y2025, enterprise: ent, loans: [big] });
    expect(r.grossFen).toBe(55_800_000n);
    expect(r.amountFen).toBe(50_000_000n);
  });

  it("never pays more than the interest when the loan is priced under the LPR", () => {
    expect(countedInterest(rules("qingdao-interest"), 1_000_000n, { rateBp: 290, lprBp: 310 })).toBe(1_000_000n);
  });
});

describe("Fujian example: 20 % of the LPR (50 % when insured or policy-guaranteed), ≤ ¥200,000, at most one year", () => {
  // ¥2,000,000 at 4.35 % (LPR 3.45 %), disbursed 2025-07-01: ¥7,250 interest a month, monthly from 2025-08-01.
  const f = loan({ principalFen: 200_000_000n, rateBp: 435, lprBp: 345, disbursedOn: "2025-07-01", registeredOn: "2025-06-28", settledOn: null, interest: monthly("2025-08-01", 17, 725_000n) });
  const Y2026 = { start: "2026-01-01", end: "2026-12-31" };

  it("counts only the first twelve months of the loan: in 2026, the instalments due January to July", () => {
    const r = assessSubsidy({ rules: rules("fujian-interest"), period: Y2026, enterprise: ent, loans: [f] });
    // 7 × ¥7,250 = ¥50,750 paid; at the LPR ¥40,250; 20 % = ¥8,050.
    expect(r.lines[0]).toMatchObject({ basisFen: 5_075_000n, countedFen: 4_025_000n, shareBp: 2000, amountFen: 805_000n });
  });

  it("raises the share to 50 % for an insured loan", () => {
    const r = assessSubsidy({ rules: rules("fujian-interest"), period: Y2026, enterprise: ent, loans: [{ ...f, insuredOrGuaranteed: true }] });
    expect(r.lines[0]).toMatchObject({ shareBp: 5000, amountFen: 2_012_500n });
  });

  it("counts a partial first year: 2025 holds the five instalments August to December", () => {
    const r = assessSubsidy({ rules: rules("fujian-interest"), period: Y2025, enterprise: ent, loans: [f] });
    // 5 × ¥7,250 = ¥36,250 → ¥28,750 at the LPR → ¥5,750.
    expect(r.lines[0]).toMatchObject({ basisFen: 3_625_000n, countedFen: 2_875_000n, amountFen: 575_000n });
  });
});

describe("Xuchang example: 50 % of the valuation fee (≤ ¥100,000 a year) and of the guarantee-insurance premium (≤ ¥20,000 a year)", () => {
  it("halves a valuation fee paid in the year and ignores other fees", () => {
    const r = assessSubsidy({
      rules: rules("xuchang-valuation-fee"), period: Y2025, enterprise: ent,
      fees: [
        { id: "v1", kind: "valuation_fee", paidOn: "2025-04-02", feeFen: 3_000_001n },
        { id: "v0", kind: "valuation_fee", paidOn: "2024-12-30", feeFen: 9_000_000n },
        { id: "p1", kind: "premium", paidOn: "2025-04-02", feeFen: 600_000n },
      ],
    });
    expect(r.lines.map((l) => l.ref)).toEqual(["v1"]);
    expect(r.amountFen).toBe(1_500_000n); // ¥30,000.01 → ¥15,000.00 (rounded down)
  });

  it("caps the valuation fee subsidy at ¥100,000 and the premium subsidy at ¥20,000", () => {
    const fees = [
      { id: "v1", kind: "valuation_fee" as const, paidOn: "2025-02-01", feeFen: 15_000_000n },
      { id: "v2", kind: "valuation_fee" as const, paidOn: "2025-08-01", feeFen: 10_000_000n },
      { id: "p1", kind: "premium" as const, paidOn: "2025-03-01", feeFen: 600_000n },
      { id: "p2", kind: "premium" as const, paidOn: "2025-09-01", feeFen: 5_000_000n },
    ];
    const v = assessSubsidy({ rules: rules("xuchang-valuation-fee"), period: Y2025, enterprise: ent, fees });
    expect([v.grossFen, v.amountFen]).toEqual([12_500_000n, 10_000_000n]);
    const p = assessSubsidy({ rules: rules("xuchang-premium"), period: Y2025, enterprise: ent, fees });
    expect([p.grossFen, p.amountFen]).toEqual([2_800_000n, 2_000_000n]);
  });
});

describe("enterprise conditions and the window", () => {
  it("limits a park's programme to the park's enterprises and a whitelist programme to its list", () => {
    const park: SubsidyRules = { ...rules("xuchang-premium"), conditions: ["in_park"], parkIds: ["caohejing"] };
    const fees = [{ id: "p", kind: "premium" as const, paidOn: "2025-03-01", feeFen: 100_000n }];
    expect(assessSubsidy({ rules: park, period: Y2025, enterprise: ent, fees })).toMatchObject({ enterpriseFailed: ["in_park"], amountFen: 0n });
    expect(assessSubsidy({ rules: park, period: Y2025, enterprise: { ...ent, parkId: "caohejing" }, fees }).amountFen).toBe(50_000n);
    const listed: SubsidyRules = { ...park, conditions: ["on_whitelist"], whitelist: [ent.uscc] };
    expect(assessSubsidy({ rules: listed, period: Y2025, enterprise: ent, fees }).amountFen).toBe(50_000n);
  });

  it("opens the window on its first day and closes it after its last", () => {
    const w = { opensOn: "2026-01-01", closesOn: "2026-03-31" };
    expect([windowOpen(w, "2025-12-31"), windowOpen(w, "2026-01-01"), windowOpen(w, "2026-03-31"), windowOpen(w, "2026-04-01")]).toEqual([false, true, true, false]);
  });

  it("attaches the documents the records hold and names the missing ones", () => {
    expect(documentsFor("interest", ["loan_contract", "pledge_registration", "repayment_records"], { registration: true, repayments: true, policy: false, invoice: false }))
      .toEqual({ attached: ["loan_contract", "pledge_registration", "repayment_records"], missing: [] });
    expect(documentsFor("premium", ["insurance_policy"], { registration: false, repayments: false, policy: false, invoice: false }).missing).toEqual(["insurance_policy"]);
  });
});
