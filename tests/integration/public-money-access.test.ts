import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { insurancePolicies, organizations } from "#db/schema/index";
import { addMonths, addYears, shanghaiDate } from "#app/domain/dates";
import { decideClaim, fileClaim, getClaim } from "#app/services/fund-claims.server";
import { getPolicy, issuePolicy, listInsurerPolicies, listMyCover, requestPolicy } from "#app/services/insurance-policies.server";
import { insuredAmountProgress } from "#app/services/insurance-progress.server";
import { createInsuranceProduct, listInsurerProducts, setInsuranceProductStatus } from "#app/services/insurance-products.server";
import { declareDefault } from "#app/services/loans.server";
import { loanLedger } from "#app/services/loan-recoveries.server";
import { createAdmin, createOrg, TEST_PASSWORD } from "#tests/support/factories";
import { disbursedLoan, fundWithAdministrator, insurerWithProduct } from "#tests/support/public-money";
import { client, startTestServer } from "#tests/support/server";

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const today = shanghaiDate();
const issue = (policyNumber: string, cover = 500_000_00n) => ({ policyNumber, cover, startsOn: today, endsOn: addYears(today, 1), premiumPaidOn: today });

describe("an insurer sees its own products and policies, and the loans they cover, and nothing else", () => {
  it("lists, opens and issues only its own policies; another insurer gets 404 in the service and on the page", async () => {
    const mine = await insurerWithProduct();
    const theirs = await insurerWithProduct();
    const { ent, bank, loanId } = await disbursedLoan({ disbursedOn: addMonths(today, -1), paid: 0 });
    const { id } = await requestPolicy(ent.actor, { productId: mine.product.id, subject: `loan:${loanId}`, coverFen: 500_000_00n });
    const other = await disbursedLoan({ disbursedOn: addMonths(today, -1), paid: 0 });
    await requestPolicy(other.bank.actor, { productId: theirs.product.id, subject: `loan:${other.loanId}`, coverFen: 100_000_00n });

    const queue = await listInsurerPolicies(mine.insurer.actor);
    expect(queue.map((p) => p.id)).toEqual([id]);
    expect(queue[0]).toMatchObject({ loanId, loanPrincipalFen: 1_000_000_00n, status: "requested" });
    await expect(getPolicy(theirs.insurer.actor, id)).rejects.toMatchObject({ status: 404 });
    await expect(issuePolicy(theirs.insurer.actor, id, issue("P-THEIRS"))).rejects.toMatchObject({ status: 404 });
    await expect(issuePolicy(bank.actor, id, issue("P-BANK"))).rejects.toMatchObject({ status: 403 });
    expect(await issuePolicy(mine.insurer.actor, id, issue("PZ2026-0001"))).toMatchObject({ status: "active", premiumFen: 7_500_00n });
    await expect(issuePolicy(mine.insurer.actor, id, issue("PZ2026-0002"))).rejects.toMatchObject({ status: 409 });
    // A loan with no policy of this insurer's is invisible to it (the ledger too).
    await expect(loanLedger(mine.insurer.actor, other.loanId)).rejects.toMatchObject({ status: 404 });
    expect((await loanLedger(mine.insurer.actor, loanId)).loan.id).toBe(loanId);
    // The insured and the bank see the policy; an unrelated enterprise does not.
    expect((await getPolicy(ent.actor, id)).policy.policyNumber).toBe("PZ2026-0001");
    expect((await listMyCover(bank.actor)).policies.map((p) => p.id)).toContain(id);
    await expect(getPolicy((await createOrg()).actor, id)).rejects.toMatchObject({ status: 404 });

    const page = client(server.base);
    await page.login(theirs.insurer.email, TEST_PASSWORD);
    expect((await page.get(`/insurer/policies/${id}`)).status).toBe(404);
    const list = await page.get("/insurer");
    expect(list.status).toBe(200);
    expect(await list.text()).not.toContain(id);
    const own = client(server.base);
    await own.login(mine.insurer.email, TEST_PASSWORD);
    expect((await own.get(`/insurer/policies/${id}`)).status).toBe(200);
  });

  it("manages only its own products, and an unverified insurer nothing", async () => {
    const mine = await insurerWithProduct();
    const theirs = await insurerWithProduct();
    expect((await listInsurerProducts(mine.insurer.actor)).map((p) => p.id)).toEqual([mine.product.id]);
    await expect(setInsuranceProductStatus(theirs.insurer.actor, mine.product.id, "paused")).rejects.toMatchObject({ status: 404 });
    const pending = await createOrg({ kind: "insurer", status: "pending" });
    await expect(createInsuranceProduct(pending.actor, { kind: "pledge_loan_guarantee", name: "x", premiumRate: 100, share: 5000, maxCover: 1n })).rejects.toMatchObject({ status: 403 });
    const bank = await createOrg({ kind: "bank" });
    const page = client(server.base);
    await page.login(bank.email, TEST_PASSWORD);
    expect((await page.get("/insurer")).status).toBe(403);
    expect((await page.get("/fund")).status).toBe(403);
  });

  it("shares the bank's loss on default by its ratio up to the cover, and is paid by the insurer only", async () => {
    const { insurer, product } = await insurerWithProduct();
    const { ent, bank, loanId } = await disbursedLoan({ disbursedOn: addMonths(today, -6), paid: 2, asOf: today });
    const { id } = await requestPolicy(ent.actor, { productId: product.id, subject: `loan:${loanId}`, coverFen: 100_000_00n });
    await issuePolicy(insurer.actor, id, issue("PZ-DEFAULT", 100_000_00n));
    await expect(fileClaim(bank.actor, loanId, { policyId: id }, "ui")).rejects.toMatchObject({ status: 409, messageKey: "fund.errors.trigger.notDefaulted" });
    await declareDefault(bank.actor, loanId, { recoveredFen: 0n });
    const claim = await fileClaim(bank.actor, loanId, { policyId: id }, "ui");
    // Half of the bank's 20 % would be ~¥80,000; the ¥100,000 cover does not bind here.
    const bankPart = claim.netLossFen - (claim.netLossFen * 8_000n) / 10_000n;
    expect(claim.claimedFen).toBe(bankPart / 2n);
    const fund = await fundWithAdministrator();
    await expect(getClaim(fund.admin.actor, claim.id)).rejects.toMatchObject({ status: 404 });
    await expect(decideClaim(fund.admin.actor, claim.id, { intent: "reject", reason: "不是我的" })).rejects.toMatchObject({ status: 404 });
    expect(await decideClaim(insurer.actor, claim.id, { intent: "pay", amount: claim.claimedFen, paidOn: today, reference: "LP-1" })).toMatchObject({ status: "paid" });
  });

  it("counts issued cover towards the Xuhui target on the progress dashboard", async () => {
    const { insurer, product } = await insurerWithProduct();
    const { ent, loanId } = await disbursedLoan({ disbursedOn: addMonths(today, -1), paid: 0 });
    const db = await getDb();
    await db.update(organizations).set({ district: "徐汇区" }).where(eq(organizations.id, ent.orgId));
    const admin = await createAdmin();
    const before = await insuredAmountProgress(admin.actor);
    const { id } = await requestPolicy(ent.actor, { productId: product.id, subject: `loan:${loanId}`, coverFen: 300_000_00n });
    await issuePolicy(insurer.actor, id, issue(`PZ-XH-${loanId.slice(0, 6)}`, 300_000_00n));
    const after = await insuredAmountProgress(admin.actor);
    expect(after.target.actualFen - before.target.actualFen).toBe(300_000_00n);
    const y = after.years.find((r) => r.year === after.target.year)!;
    expect(y.districtFen).toBe(after.target.actualFen);
    await expect(insuredAmountProgress(insurer.actor)).rejects.toBeInstanceOf(Response);
    const [p] = await db.select().from(insurancePolicies).where(eq(insurancePolicies.id, id));
    expect(p).toMatchObject({ coverFen: 300_000_00n, premiumFen: 4_500_00n, shareBp: 5000 });
  });
});
