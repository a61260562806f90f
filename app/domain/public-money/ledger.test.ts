import { describe, expect, it } from "vitest";
import { buildSchedule, type InstalmentState } from "../financing/schedule";
import { buildLedger, reconcile, type LedgerInput } from "./ledger";

function input(): LedgerInput {
  const schedule = buildSchedule({ principalFen: 100_000_000n, annualRateBp: 450, termMonths: 12, method: "equal_principal", startDate: "2026-01-15" });
  const instalments: InstalmentState[] = schedule.map((i) => ({ ...i, paidPrincipalFen: i.seq <= 3 ? i.principalFen : 0n, paidInterestFen: i.seq <= 3 ? i.interestFen : 0n }));
  const repayments = schedule.slice(0, 3).map((i) => ({ id: `r${i.seq}`, paidOn: i.dueDate, amountFen: i.principalFen + i.interestFen, allocation: [{ principalFen: i.principalFen, interestFen: i.interestFen }] }));
  return {
    principalFen: 100_000_000n, disbursedOn: "2026-01-15", instalments, repayments,
    claims: [{ id: "c1", party: "guarantor", paidOn: "2026-07-20", paidFen: 60_000_000n }],
    recoveries: [
      { id: "x1", receivedOn: "2026-09-01", amountFen: 20_000_000n, returns: [{ claimId: "c1", amountFen: 16_000_000n }] },
      { id: "x2", receivedOn: "2026-10-01", amountFen: 5_000_001n, returns: [{ claimId: "c1", amountFen: 4_000_000n }] },
    ],
    asOf: "2026-10-10",
  };
}

describe("a loan's ledger", () => {
  it("runs principal, interest, repayments, the claim and both recoveries in date order", () => {
    const lines = buildLedger(input());
    expect(lines.map((l) => l.kind).slice(0, 5)).toEqual(["disbursement", "interest_due", "repayment", "interest_due", "repayment"]);
    const claim = lines.find((l) => l.kind === "claim_paid")!;
    expect(claim).toMatchObject({ date: "2026-07-20", amountFen: 60_000_000n, coveredFen: 60_000_000n });
    const last = lines[lines.length - 1]!;
    expect(last).toMatchObject({ kind: "claim_returned", coveredFen: 40_000_000n });
    // The borrower owes principal ¥750,000.01 and the interest of instalments 4–8 (due May–September) less ¥250,000.01 recovered.
    expect(last.owedFen).toBe(75_000_001n + (281_250n + 250_000n + 218_750n + 187_500n + 156_250n) - 25_000_001n);
    expect(last.exposureFen).toBe(last.owedFen - 40_000_000n);
  });

  it("reconciles every total to the fen", () => {
    const r = reconcile(input());
    expect(r).toMatchObject({ ok: true, failures: [], coveredFen: 40_000_000n });
    expect(r.owedFen).toBe(buildLedger(input()).at(-1)!.owedFen);
  });

  it("refuses to reconcile a repayment whose allocation does not add up, and a fund given back more than it paid", () => {
    const bad = input();
    const r0 = bad.repayments[0]!;
    (bad.repayments as unknown[])[0] = { ...r0, amountFen: r0.amountFen + 1n };
    expect(reconcile(bad).failures).toContain("repayment r1 allocation");
    const over = input();
    (over.recoveries as unknown[]).push({ id: "x3", receivedOn: "2026-10-20", amountFen: 1n, returns: [{ claimId: "c1", amountFen: 45_000_000n }] });
    expect(reconcile(over).failures).toContain("claim c1 over-returned");
  });
});
