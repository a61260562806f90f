import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditEvents, bankReviews, ipAssets, precheckAgreements, prechecks } from "#db/schema/index";
import { makeOffer } from "#app/services/bank-review.server";
import { runMatching } from "#app/services/matching.server";
import { acceptOffer, createApplication, submitApplication } from "#app/services/pledge-applications.server";
import { startRegistration } from "#app/services/pledge-registration.server";
import { agreeToPrecheckGround } from "#app/services/precheck-agreements.server";
import { loadApplication, precheckApplication } from "#app/services/financing-shared.server";
import type { PrecheckReport } from "#app/domain/financing/precheck";
import { createAdmin, createOrg, TEST_PASSWORD } from "#tests/support/factories";
import { createProduct, enterpriseWithValuedAssets } from "#tests/support/financing";
import { client, startTestServer } from "#tests/support/server";

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const offer = { amount: 1_000_000_00n, termMonths: 12, spreadBp: 80, repaymentMethod: "equal_principal" as const };
const rule = (r: PrecheckReport, assetId: string, name: string) => r.assets.find((a) => a.assetId === assetId)!.results.find((x) => x.rule === name)!;

/**
 * 《专利权质押登记办法》: a pending invalidation (ground 11) and a same-day invention and utility model
 * (ground 10) are refused "unless the parties, told of it, declare they agree". The pledgor declares on
 * the application page before submitting; the pledgee bank on its page before registration.
 */
describe("agreeing to register despite grounds 10 and 11", () => {
  it("takes the application from refused, through the pledgor's and the bank's declarations, to registration", async () => {
    const { ent, assetIds, parkId } = await enterpriseWithValuedAssets();
    const db = await getDb();
    const [disputed] = assetIds;
    await db.update(ipAssets).set({ invalidationPending: true }).where(eq(ipAssets.id, disputed!));
    const bank = await createOrg({ kind: "bank" });
    await createProduct(bank.orgId, { eligibleParkIds: [parkId] });

    const { id, precheck } = await createApplication(ent.actor, { assetIds, amount: 1_500_000_00n, termMonths: 12, purpose: "研发投入与流动资金" });
    expect(rule(precheck, disputed!, "noInvalidation")).toMatchObject({ outcome: "fail", key: "financing.precheck.noInvalidation.needsAgreement" });
    await expect(submitApplication(ent.actor, id)).rejects.toMatchObject({ status: 422 });

    // The enterprise agrees on its application page (a plain form post, as without JavaScript).
    const entClient = client(server.base);
    await entClient.login(ent.email, TEST_PASSWORD);
    const page = await (await entClient.get(`/financing/applications/${id}`)).text();
    expect(page).toContain("需要双方声明同意的事项");
    expect(page).toContain(`data-testid="agreement-`);
    const res = await entClient.post(`/financing/applications/${id}`, { intent: "agree", assetId: disputed!, rule: "noInvalidation" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("已记录贵方的同意声明");
    // A second click records nothing more.
    expect(await agreeToPrecheckGround(ent.actor, id, { assetId: disputed!, rule: "noInvalidation" })).toEqual({ recorded: false });
    const rows = await db.select().from(precheckAgreements).where(eq(precheckAgreements.applicationId, id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ orgId: ent.orgId, userId: ent.userId, rule: "noInvalidation", facts: { key: "financing.precheck.noInvalidation.needsAgreement" } });
    expect(await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, "financing.precheck-agreed")))).toHaveLength(1);
    const [latest] = await db.select().from(prechecks).where(and(eq(prechecks.applicationId, id), eq(prechecks.stage, "agreement")));
    expect(rule(latest!.results as PrecheckReport, disputed!, "noInvalidation")).toMatchObject({ outcome: "warn", key: "financing.precheck.noInvalidation.agreedByPledgor" });

    // Submitted, matched, offered and accepted: registration still needs the bank's declaration.
    await submitApplication(ent.actor, id);
    await runMatching(db, id);
    await makeOffer(bank.actor, id, offer);
    const [review] = await db.select().from(bankReviews).where(and(eq(bankReviews.applicationId, id), eq(bankReviews.bankOrgId, bank.orgId)));
    await acceptOffer(ent.actor, id, review!.id);
    await expect(startRegistration(bank.actor, id)).rejects.toMatchObject({ status: 422 });
    const refused = await precheckApplication(db, await loadApplication(db, id));
    expect(rule(refused, disputed!, "noInvalidation").key).toBe("financing.precheck.noInvalidation.needsPledgee");

    const bankClient = client(server.base);
    await bankClient.login(bank.email, TEST_PASSWORD);
    expect(await (await bankClient.get(`/bank/applications/${id}`)).text()).toContain(`data-testid="agreement-`);
    expect((await bankClient.post(`/bank/applications/${id}`, { intent: "agree", assetId: disputed!, rule: "noInvalidation" })).status).toBe(200);
    expect(await startRegistration(bank.actor, id)).toMatchObject({ status: "registering" });
  });

  it("is refused to those who are not a party, for a ground not raised, and once registration is filed", async () => {
    const { ent, assetIds, parkId } = await enterpriseWithValuedAssets();
    const db = await getDb();
    await db.update(ipAssets).set({ invalidationPending: true }).where(eq(ipAssets.id, assetIds[0]!));
    const { id } = await createApplication(ent.actor, { assetIds, amount: 1_500_000_00n, termMonths: 12, purpose: "测试用途" });
    const stranger = await createOrg();
    const strangerBank = await createOrg({ kind: "bank" });
    const admin = await createAdmin();
    await expect(agreeToPrecheckGround(stranger.actor, id, { assetId: assetIds[0]!, rule: "noInvalidation" })).rejects.toMatchObject({ status: 404 });
    await expect(agreeToPrecheckGround(strangerBank.actor, id, { assetId: assetIds[0]!, rule: "noInvalidation" })).rejects.toMatchObject({ status: 404 });
    await expect(agreeToPrecheckGround(admin.actor, id, { assetId: assetIds[0]!, rule: "noInvalidation" })).rejects.toMatchObject({ status: 403 });
    // The other asset has no pending invalidation, and none has a same-day application.
    await expect(agreeToPrecheckGround(ent.actor, id, { assetId: assetIds[1]!, rule: "noInvalidation" })).rejects.toMatchObject({ status: 409 });
    await expect(agreeToPrecheckGround(ent.actor, id, { assetId: assetIds[0]!, rule: "sameDayApplication" })).rejects.toMatchObject({ status: 409 });
    // An asset that is not in the application.
    const other = await enterpriseWithValuedAssets();
    await expect(agreeToPrecheckGround(ent.actor, id, { assetId: other.assetIds[0]!, rule: "noInvalidation" })).rejects.toMatchObject({ status: 404 });
    // A bad form answers 400 with the field named, never 500.
    const entClient = client(server.base);
    await entClient.login(ent.email, TEST_PASSWORD);
    expect((await entClient.post(`/financing/applications/${id}`, { intent: "agree", assetId: "x", rule: "owner" })).status).toBe(400);
    expect(await db.select().from(precheckAgreements).where(eq(precheckAgreements.applicationId, id))).toHaveLength(0);
    void parkId;
  });

  it("ground 10: a utility model recorded with its same-day invention needs the same declarations", async () => {
    const { ent, assetIds } = await enterpriseWithValuedAssets();
    const db = await getDb();
    const [a] = await db.select().from(ipAssets).where(eq(ipAssets.id, assetIds[1]!));
    await db.update(ipAssets).set({ sameDayApplications: ["201920123456.5"] }).where(eq(ipAssets.id, a!.id));
    const { id, precheck } = await createApplication(ent.actor, { assetIds, amount: 1_500_000_00n, termMonths: 12, purpose: "测试用途" });
    expect(rule(precheck, a!.id, "sameDayApplication")).toMatchObject({ outcome: "fail", params: { numbers: "201920123456.5" } });
    expect(await agreeToPrecheckGround(ent.actor, id, { assetId: a!.id, rule: "sameDayApplication" })).toEqual({ recorded: true });
    expect(await submitApplication(ent.actor, id)).toMatchObject({ status: "matching" });
  });
});
