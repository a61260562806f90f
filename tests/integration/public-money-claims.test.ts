import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { claimRecoveries, collateralDisposals, funds, lossClaims } from "#db/schema/index";
import { addMonths, shanghaiDate } from "#app/domain/dates";
import { findScheme } from "#app/domain/financing/risk-sharing";
import { computeClaim, loanPosition, recoveryOwed } from "#app/domain/public-money/claims";
import { createApiKey } from "#app/services/api-keys.server";
import { actOnDeal, makeOffer as makeDealOffer } from "#app/services/deals.server";
import { confirmOfflinePayment, reviewDeal } from "#app/services/deal-settlement.server";
import { claimOptions, decideClaim, fileClaim, getClaim } from "#app/services/fund-claims.server";
import { fundDashboard } from "#app/services/funds.server";
import { reviewListing } from "#app/services/listings.server";
import { loanLedger, recordRecovery } from "#app/services/loan-recoveries.server";
import { declareDefault, instalmentsOf } from "#app/services/loans.server";
import { createAdmin, createOrg } from "#tests/support/factories";
import { disbursedLoan, fundWithAdministrator } from "#tests/support/public-money";
import { startTestServer } from "#tests/support/server";

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const today = shanghaiDate();
/** Disbursed six months ago, two instalments repaid, nothing since: non-performing for about four months. */
const nonPerforming = (scheme = "sh-policy-guarantee") => disbursedLoan({ disbursedOn: addMonths(today, -6), paid: 2, scheme, asOf: today });

const api = (key: string, path: string, init: RequestInit = {}) => {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${key}`);
  if (init.body) headers.set("content-type", "application/json");
  return fetch(`${server.base}/api/v1${path}`, { ...init, headers });
};

describe("claims on the Shanghai guarantee fund (deposit model)", () => {
  it("a claim filed by API with an Idempotency-Key is filed once, computed from the scheme and the loan's records", async () => {
    const { fund } = await fundWithAdministrator();
    const { bank, loanId } = await nonPerforming();
    const { key } = await createApiKey(bank.actor, "core-banking");
    const body = JSON.stringify({ fundCode: fund.code });
    const post = () => api(key, `/loans/${loanId}/claims`, { method: "POST", body, headers: { "idempotency-key": `claim-${loanId}` } });
    const [a, b] = await Promise.all([post(), post()]);
    const c = await post();
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    const bodies = await Promise.all([a, b, c].map((r) => r.json() as Promise<{ id: string; claimedFen: string; netLossFen: string; payerKind: string }>));
    expect(new Set(bodies.map((x) => x.id)).size).toBe(1);
    expect(c.headers.get("idempotent-replayed")).toBe("true");
    const db = await getDb();
    expect(await db.select().from(lossClaims).where(eq(lossClaims.loanId, loanId))).toHaveLength(1);
    // 80 % of the unpaid principal (the fund covers principal), rounded down by its cap.
    const pos = loanPosition(await instalmentsOf(db, loanId), today);
    const expected = computeClaim(fund.rules as never, findScheme("sh-policy-guarantee"), pos, 0n, { firstLoan: true });
    expect(bodies[0]).toMatchObject({ payerKind: "fund", netLossFen: pos.principalFen.toString(), claimedFen: expected.claimFen.toString() });
    expect(BigInt(bodies[0]!.claimedFen) * 10_000n <= pos.principalFen * 8_000n).toBe(true);
    // Without the key the same claim is a conflict, not a second claim; another body with the key is refused.
    const again = await api(key, `/loans/${loanId}/claims`, { method: "POST", body });
    expect(again.status).toBe(409);
    const reused = await api(key, `/loans/${loanId}/claims`, { method: "POST", body: JSON.stringify({ fundCode: "other" }), headers: { "idempotency-key": `claim-${loanId}` } });
    expect(reused.status).toBe(422);
  });

  it("answers a bad body with field messages, another bank's key with 404, and a loan not yet two months overdue with 409", async () => {
    const { fund } = await fundWithAdministrator();
    const { bank, loanId } = await nonPerforming();
    const { key } = await createApiKey(bank.actor, "k");
    const bad = await api(key, `/loans/${loanId}/claims`, { method: "POST", body: JSON.stringify({ fundCode: 7 }), headers: { "accept-language": "en" } });
    expect(bad.status).toBe(400);
    const stranger = await createOrg({ kind: "bank" });
    const { key: theirs } = await createApiKey(stranger.actor, "k");
    expect((await api(theirs, `/loans/${loanId}/claims`, { method: "POST", body: JSON.stringify({ fundCode: fund.code }) })).status).toBe(404);
    const recent = await disbursedLoan({ disbursedOn: addMonths(today, -2), paid: 0, asOf: today });
    const { key: k2 } = await createApiKey(recent.bank.actor, "k");
    const early = await api(k2, `/loans/${recent.loanId}/claims`, { method: "POST", body: JSON.stringify({ fundCode: fund.code }), headers: { "accept-language": "en" } });
    expect(early.status).toBe(409);
    expect(((await early.json()) as { error: { message: string } }).error.message).toMatch(/claimable from/);
  });

  it("is paid by the fund's own administrator only, and a later sale of the collateral gives the fund its share back, the ledger reconciling to the fen", async () => {
    const { fund, admin: fundAdmin } = await fundWithAdministrator();
    const other = await fundWithAdministrator();
    const { bank, loanId, applicationId } = await nonPerforming();
    const claim = await fileClaim(bank.actor, loanId, { fundCode: fund.code }, "ui");
    await expect(getClaim(other.admin.actor, claim.id)).rejects.toMatchObject({ status: 404 });
    await expect(decideClaim(other.admin.actor, claim.id, { intent: "pay", amount: claim.claimedFen, paidOn: today, reference: "X" })).rejects.toMatchObject({ status: 404 });
    await expect(decideClaim(bank.actor, claim.id, { intent: "pay", amount: claim.claimedFen, paidOn: today, reference: "X" })).rejects.toMatchObject({ status: 403 });
    await expect(decideClaim(fundAdmin.actor, claim.id, { intent: "pay", amount: claim.claimedFen + 1n, paidOn: today, reference: "X" })).rejects.toMatchObject({ status: 400 });
    await decideClaim(fundAdmin.actor, claim.id, { intent: "pay", amount: claim.claimedFen, paidOn: today, reference: "BZJ-0001" });

    // The bank then declares the default; the collateral goes to the market and sells for ¥300,000.
    await declareDefault(bank.actor, loanId, { recoveredFen: 0n });
    const db = await getDb();
    const [disposal] = await db.select().from(collateralDisposals).where(eq(collateralDisposals.applicationId, applicationId));
    const admin = await createAdmin();
    await reviewListing(admin.actor, disposal!.listingId!, "approve", null);
    const buyer = await createOrg();
    const deal = await makeDealOffer(buyer.actor, disposal!.listingId!, { priceFen: 300_000_00n });
    await actOnDeal(bank.actor, deal.id, { event: "accept" });
    await reviewDeal(admin.actor, deal.id, "approve", null);
    await confirmOfflinePayment(admin.actor, deal.id, "HK-DISPOSAL");

    const [back] = await db.select().from(claimRecoveries).where(eq(claimRecoveries.claimId, claim.id));
    const comp = claim.computation as { netLossFen: string };
    const owed = recoveryOwed({ rules: fund.rules as never, scheme: findScheme("sh-policy-guarantee"), opts: { firstLoan: true, policy: null },
      netLossAtClaimFen: BigInt(comp.netLossFen), paidFen: claim.claimedFen, recoveredSinceClaimFen: 300_000_00n, returnedFen: 0n });
    expect(back!.amountFen).toBe(owed.owedFen);
    expect(back!.amountFen).toBe(240_000_00n); // 80 % of the ¥300,000 sale
    // A second recovery the bank records off the platform: the fund's cumulative share, once per recovery.
    await recordRecovery(bank.actor, loanId, { amountFen: 10_000_01n, receivedOn: today, reference: "LIC-1" });
    await expect(recordRecovery(bank.actor, loanId, { amountFen: 10_000_01n, receivedOn: today, reference: "LIC-1" })).rejects.toMatchObject({ status: 409 });
    const second = recoveryOwed({ rules: fund.rules as never, scheme: findScheme("sh-policy-guarantee"), opts: { firstLoan: true, policy: null },
      netLossAtClaimFen: BigInt(comp.netLossFen), paidFen: claim.claimedFen, recoveredSinceClaimFen: 310_000_01n, returnedFen: back!.amountFen });
    // 80 % of ¥10,000.01 is ¥8,000.008: counted cumulatively, the fen falls where the total needs it.
    expect([7_999_99n, 8_000_00n, 8_000_01n]).toContain(second.owedFen);
    const returns = await db.select().from(claimRecoveries).where(eq(claimRecoveries.claimId, claim.id));
    const returned = returns.reduce((a, r) => a + r.amountFen, 0n);
    expect(returns.map((r) => r.amountFen).sort()).toEqual([second.owedFen, 240_000_00n].sort());
    // In total the fund carries exactly its part of the loss left after both recoveries.
    expect(claim.claimedFen - returned).toBe(second.partFen);

    const ledger = await loanLedger(bank.actor, loanId);
    expect(ledger.reconciliation).toMatchObject({ ok: true, failures: [], coveredFen: claim.claimedFen - returned });
    expect(ledger.lines.map((l) => l.kind)).toEqual(expect.arrayContaining(["disbursement", "repayment", "claim_paid", "recovery", "claim_returned"]));
    // The fund administrator sees the ledger of the loan behind its claim; another fund's does not.
    expect((await loanLedger(fundAdmin.actor, loanId)).lines.length).toBe(ledger.lines.length);
    await expect(loanLedger(other.admin.actor, loanId)).rejects.toMatchObject({ status: 404 });
    const dash = await fundDashboard(fundAdmin.actor, fund.id);
    expect(dash.total).toMatchObject({ claims: 1, paidFen: claim.claimedFen, recoveredFen: returned });
    await expect(fundDashboard(other.admin.actor, fund.id)).rejects.toMatchObject({ status: 404 });
  });

  it("does not combine a credit-compensation claim with a policy-guarantee claim on the same loan", async () => {
    const first = await fundWithAdministrator();
    const second = await fundWithAdministrator();
    const { bank, loanId } = await nonPerforming();
    await fileClaim(bank.actor, loanId, { fundCode: first.fund.code }, "ui");
    // The first fund is (re)configured as Shanghai's credit compensation, which excludes the policy guarantee.
    const db = await getDb();
    await db.update(funds).set({ schemeCode: "sh-credit-compensation" }).where(eq(funds.id, first.fund.id));
    await expect(fileClaim(bank.actor, loanId, { fundCode: second.fund.code }, "ui")).rejects.toMatchObject({ status: 409, messageKey: "fund.errors.notCombined" });
  });

  it("refuses a compensation fund's claim before the default, and a fund the loan's scheme does not name", async () => {
    const compensation = await fundWithAdministrator({ schemeCode: "sh-credit-compensation", rules: { party: "fund", model: "compensation" } });
    const guarantee = await fundWithAdministrator();
    const { bank, loanId } = await nonPerforming("sh-credit-compensation");
    await expect(fileClaim(bank.actor, loanId, { fundCode: compensation.fund.code }, "ui")).rejects.toMatchObject({ status: 409, messageKey: "fund.errors.trigger.notDefaulted" });
    await expect(fileClaim(bank.actor, loanId, { fundCode: guarantee.fund.code }, "ui")).rejects.toMatchObject({ status: 400, fieldErrors: { fundCode: ["fund.errors.notThisLoan"] } });
    await declareDefault(bank.actor, loanId, { recoveredFen: 0n });
    const opts = await claimOptions(bank.actor, loanId);
    const option = opts.payers.find((p) => p.code === compensation.fund.code)!;
    expect(option.trigger.ok).toBe(true);
    const c = await fileClaim(bank.actor, loanId, { fundCode: compensation.fund.code }, "ui");
    // 60 %: the enterprise's first loan.
    expect(c.claimedFen).toBe((c.netLossFen * 6_000n) / 10_000n);
  });
});
