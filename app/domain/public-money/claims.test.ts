import { describe, expect, it } from "vitest";
import { assertCombinable, findScheme, type RiskScheme } from "../financing/risk-sharing";
import { buildSchedule, type InstalmentState } from "../financing/schedule";
import { claimTrigger, computeClaim, lossShares, loanPosition, recoveryOwed } from "./claims";
import { SAMPLE_FUNDS } from "./samples";
import { premiumFor, withPolicy } from "./insurance";

const fund = (code: string) => SAMPLE_FUNDS.find((f) => f.code === code)!;
const scheme = (code: string) => findScheme(code)!;
const of = (parts: Array<{ party: string; amountFen: bigint }>, p: string) => parts.find((x) => x.party === p)?.amountFen ?? 0n;

/** ¥1,000,000 at 4.50 %, 12 months equal principal from 2026-01-15; the first three instalments paid, nothing after. */
function defaultingLoan(): InstalmentState[] {
  return buildSchedule({ principalFen: 100_000_000n, annualRateBp: 450, termMonths: 12, method: "equal_principal", startDate: "2026-01-15" })
    .map((i) => ({ ...i, paidPrincipalFen: i.seq <= 3 ? i.principalFen : 0n, paidInterestFen: i.seq <= 3 ? i.interestFen : 0n }));
}

describe("Shanghai guarantee fund, deposit model (沪财金〔2023〕19号 as configured)", () => {
  const sh = fund("sh-guarantee-fund-ip");

  it("lets the bank claim two months after the first unpaid instalment, without declaring a default", () => {
    const pos = loanPosition(defaultingLoan(), "2026-07-14");
    expect(pos.firstOverdue).toBe("2026-05-15");
    expect(claimTrigger(sh.rules, { status: "overdue" }, pos, "2026-07-14")).toMatchObject({ ok: false, reason: "tooEarly", eligibleFrom: "2026-07-15" });
    expect(claimTrigger(sh.rules, { status: "overdue" }, loanPosition(defaultingLoan(), "2026-07-15"), "2026-07-15")).toMatchObject({ ok: true, monthsOverdue: 2 });
    expect(claimTrigger(sh.rules, { status: "active" }, loanPosition(defaultingLoan().map((i) => ({ ...i, paidPrincipalFen: i.principalFen, paidInterestFen: i.interestFen })), "2026-07-15"), "2026-07-15"))
      .toMatchObject({ ok: false, reason: "notOverdue" });
  });

  it("pays 80 % of the net principal loss into the deposit account, the fen rounded down by the 80 % cap", () => {
    const pos = loanPosition(defaultingLoan(), "2026-07-15");
    expect(pos.principalFen).toBe(75_000_001n); // 100,000,000 − 3 × 8,333,333
    const c = computeClaim(sh.rules, scheme(sh.schemeCode), pos, 0n, { firstLoan: false });
    expect(c.netLossFen).toBe(75_000_001n);
    expect(c.claimFen).toBe(60_000_000n); // ¥600,000.00: 80 % of ¥750,000.01 is ¥600,000.008
    expect(of(c.parts, "bank")).toBe(15_000_001n);
    expect(c.parts.reduce((a, p) => a + p.amountFen, 0n)).toBe(c.netLossFen);
  });

  it("gets back its share of each later recovery, cumulatively to the fen", () => {
    const pos = loanPosition(defaultingLoan(), "2026-07-15");
    const c = computeClaim(sh.rules, scheme(sh.schemeCode), pos, 0n, { firstLoan: false });
    const base = { rules: sh.rules, scheme: scheme(sh.schemeCode), opts: { firstLoan: false }, netLossAtClaimFen: c.netLossFen, paidFen: c.claimFen };
    // The patents sell for ¥200,000: the loss is ¥550,000.01, the fund's part ¥440,000.00, so ¥160,000 goes back.
    const first = recoveryOwed({ ...base, recoveredSinceClaimFen: 20_000_000n, returnedFen: 0n });
    expect(first).toMatchObject({ netLossFen: 55_000_001n, partFen: 44_000_000n, owedFen: 16_000_000n });
    // A licence fee of ¥50,000.01 later: ¥40,000.00 more (80 % of it, rounded down).
    const second = recoveryOwed({ ...base, recoveredSinceClaimFen: 25_000_001n, returnedFen: first.owedFen });
    expect(second).toMatchObject({ netLossFen: 50_000_000n, partFen: 40_000_000n, owedFen: 4_000_000n });
    // In the end the fund carries exactly its 80 % of the final loss.
    expect(c.claimFen - first.owedFen - second.owedFen).toBe(40_000_000n);
    // Recovering everything returns everything; recovering more returns nothing more.
    expect(recoveryOwed({ ...base, recoveredSinceClaimFen: 80_000_000n, returnedFen: 20_000_000n }).owedFen).toBe(40_000_000n);
    expect(recoveryOwed({ ...base, recoveredSinceClaimFen: 90_000_000n, returnedFen: 60_000_000n }).owedFen).toBe(0n);
  });

  it("returns to a fund that paid less than its part only what it paid beyond the smaller loss", () => {
    const r = recoveryOwed({ rules: sh.rules, scheme: scheme(sh.schemeCode), opts: { firstLoan: false }, netLossAtClaimFen: 75_000_001n, paidFen: 50_000_000n, recoveredSinceClaimFen: 20_000_000n, returnedFen: 0n });
    expect(r.owedFen).toBe(6_000_000n);
  });

  it("caps a claim at the fund's limit per loan", () => {
    const capped = computeClaim({ ...sh.rules, capPerLoanFen: "50000000" }, scheme(sh.schemeCode), loanPosition(defaultingLoan(), "2026-07-15"), 0n, { firstLoan: false });
    expect(capped).toMatchObject({ claimFen: 50_000_000n, capped: true });
  });
});

describe("Shanghai credit compensation (pay after loss) and the not-combined rule", () => {
  const cc = fund("sh-credit-compensation");

  it("waits for the default to be declared", () => {
    const pos = loanPosition(defaultingLoan(), "2026-08-01");
    expect(claimTrigger(cc.rules, { status: "overdue" }, pos, "2026-08-01")).toMatchObject({ ok: false, reason: "notDefaulted" });
    expect(claimTrigger(cc.rules, { status: "defaulted" }, pos, "2026-08-01").ok).toBe(true);
  });

  it("compensates 55 % of the loss, 60 % for an enterprise's first loan", () => {
    const pos = loanPosition(defaultingLoan(), "2026-08-01");
    expect(computeClaim(cc.rules, scheme(cc.schemeCode), pos, 1n, { firstLoan: false }).claimFen).toBe(41_250_000n); // 55 % of ¥750,000.00
    expect(computeClaim(cc.rules, scheme(cc.schemeCode), pos, 1n, { firstLoan: true }).claimFen).toBe(45_000_000n); // 60 %
  });

  it("cannot be combined with the policy guarantee on one loan", () => {
    expect(() => assertCombinable([scheme("sh-policy-guarantee"), scheme(cc.schemeCode)])).toThrow();
  });

  it("can include the interest fallen due when a fund covers it", () => {
    const pos = loanPosition(defaultingLoan(), "2026-06-20");
    // Instalments 4 and 5 fell due unpaid: 281,250 + 250,000 fen of interest.
    expect(pos.interestDueFen).toBe(531_250n);
    const c = computeClaim({ ...cc.rules, covers: "principal_and_interest" }, scheme(cc.schemeCode), pos, 0n, { firstLoan: false });
    expect(c.netLossFen).toBe(75_531_251n);
  });
});

describe("insurance in the loss split", () => {
  it("lets a pledge-loan insurer take its ratio of the bank's part, up to its cover", () => {
    const loss = 100_000_000n;
    const parts = lossShares(loss, scheme("sh-policy-guarantee"), { firstLoan: false, policy: { shareBp: 5000, coverFen: 50_000_000n } });
    expect([of(parts, "guarantor"), of(parts, "insurer"), of(parts, "bank")]).toEqual([80_000_000n, 10_000_000n, 10_000_000n]);
    const small = lossShares(loss, scheme("sh-policy-guarantee"), { firstLoan: false, policy: { shareBp: 5000, coverFen: 6_000_000n } });
    expect([of(small, "insurer"), of(small, "bank")]).toEqual([6_000_000n, 14_000_000n]);
  });

  it("caps a scheme's own insurer part (Zhongshan 54:26:16:4) at the policy's cover and sums exactly", () => {
    const z: RiskScheme = scheme("zhongshan");
    const parts = withPolicy(lossShares(1_000_001n, z, { firstLoan: false }), 1_000_001n, { shareBp: 0, coverFen: 100_000n });
    expect(of(parts, "insurer")).toBe(100_000n);
    expect(parts.reduce((a, p) => a + p.amountFen, 0n)).toBe(1_000_001n);
  });

  it("prices a premium half up to the fen", () => {
    expect(premiumFor(100_000_000n, 150)).toBe(1_500_000n);
    expect(premiumFor(333_333n, 150)).toBe(5_000n); // 4,999.995 → 5,000
    expect(premiumFor(0n, 150)).toBe(0n);
  });
});
