import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { bankReviews, outbox } from "#db/schema/index";
import { createApiKey } from "#app/services/api-keys.server";
import { startReview } from "#app/services/bank-review.server";
import { rematchForProduct, runMatching } from "#app/services/matching.server";
import { editApplication } from "#app/services/pledge-application-edit.server";
import { createApplication, submitApplication } from "#app/services/pledge-applications.server";
import { createOrg, TEST_PASSWORD, type TestOrg } from "#tests/support/factories";
import { createPark, createProduct, enterpriseWithValuedAssets } from "#tests/support/financing";
import { client, startTestServer } from "#tests/support/server";

/**
 * Issue 13: "stale bank routes after edit 404". Walked over HTTP, every bank page an application
 * or a product links to answers the current object after an edit — the enterprise's edit of the
 * application (which sends it back to be matched) or the bank's edit of its product — and a bank
 * the application was never routed to (or no longer fits) still gets 404.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

async function signedIn(org: TestOrg) {
  const c = client(server.base);
  await c.login(org.email, TEST_PASSWORD);
  return c;
}

/** An application matched and routed to one bank (or more), no bank has opened it yet. */
async function routed(banks = 1, over: Parameters<typeof createProduct>[1][] = []) {
  const { ent, assetIds, parkId } = await enterpriseWithValuedAssets();
  const list = [];
  for (let i = 0; i < banks; i++) {
    const bank = await createOrg({ kind: "bank" });
    const product = await createProduct(bank.orgId, { eligibleParkIds: [parkId], name: `质押贷${i}`, ...over[i] });
    list.push({ bank, product, c: await signedIn(bank) });
  }
  const { id } = await createApplication(ent.actor, { assetIds, amount: 1_000_000_00n, termMonths: 12, purpose: "扩大生产" });
  await submitApplication(ent.actor, id);
  await runMatching(await getDb(), id);
  return { ent, assetIds, parkId, id, banks: list };
}

/** The bank's pages that name this application or product: status of each. */
async function walk(c: ReturnType<typeof client>, id: string, productId: string) {
  const paths = ["/bank/applications", "/bank/applications?status=all", `/bank/applications/${id}`, `/bank/applications/${id}?lang=en`, "/bank/products", `/bank/products/${productId}`, "/bank/loans"];
  const out: Record<string, number> = {};
  for (const p of paths) out[p] = (await c.get(p)).status;
  return out;
}
const allOk = (paths: Record<string, number>) => Object.fromEntries(Object.keys(paths).map((p) => [p, 200]));

const reviewsOf = async (id: string) => (await getDb()).select().from(bankReviews).where(eq(bankReviews.applicationId, id));

describe("bank pages after the enterprise edits a routed application", () => {
  it("answer the application as it now is while it is matched again (the bank is told, cannot act yet), and after", async () => {
    const { ent, assetIds, id, banks: [{ bank, product, c }] } = await routed();
    const [route] = await reviewsOf(id);
    const before = await walk(c, id, product.id);
    expect(before).toEqual(allOk(before));

    expect(await editApplication(ent.actor, id, { assetIds, amount: 900_000_00n, termMonths: 18, purpose: "扩大生产" })).toMatchObject({ status: "matching", changed: true });
    // Before matching runs again: was a 404 (the route was deleted by the edit).
    const during = await walk(c, id, product.id);
    expect(during).toEqual(allOk(during));
    const page = await (await c.get(`/bank/applications/${id}`)).text();
    expect(page).toContain("900,000.00");
    expect(page).toContain("18");
    expect(await (await c.get("/bank/applications")).text()).toContain(`/bank/applications/${id}`);
    // Its API answers the same application, with the new amount.
    const key = (await createApiKey(bank.actor, "core")).key;
    const api = await fetch(`${server.base}/api/v1/applications/${id}`, { headers: { authorization: `Bearer ${key}` } });
    expect(api.status).toBe(200);
    expect(JSON.stringify(await api.json())).toContain("90000000");
    // The bank hears of the edit, with a link to the application.
    const told = await (await getDb()).select({ payload: outbox.payload }).from(outbox)
      .where(and(eq(outbox.name, "org-notice"), sql`${outbox.payload}->>'kind' = 'financing.notice.applicationEdited'`, sql`${outbox.payload}->>'orgId' = ${bank.orgId}`));
    expect(told.map((r) => (r.payload as { link: string }).link)).toEqual([`/bank/applications/${id}`]);
    // It reads the new terms but reviews them once they are matched: 409 with the reason, in its language.
    await expect(startReview(bank.actor, id)).rejects.toMatchObject({ status: 409, message: "financing.errors.rematching" });
    const refused = await c.post(`/bank/applications/${id}?lang=en`, { intent: "startReview" });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("is being valued and matched again");

    await runMatching(await getDb(), id);
    const after = await walk(c, id, product.id);
    expect(after).toEqual(allOk(after));
    // The same route (no second one), still the bank's to open.
    expect((await reviewsOf(id)).map((r) => [r.id, r.bankOrgId, r.status])).toEqual([[route!.id, bank.orgId, "new"]]);
    expect(await startReview(bank.actor, id)).toMatchObject({ status: "under_review", reviewStatus: "under_review" });
  });

  it("keeps access scoped: a bank never routed gets 404 throughout, and one whose products no longer fit the new terms loses the route", async () => {
    // The second bank lends at most ¥1,200,000.
    const { ent, assetIds, id, banks: [fits, capped] } = await routed(2, [{}, { maxAmountFen: 1_200_000_00n }]);
    const stranger = await createOrg({ kind: "bank" });
    const sc = await signedIn(stranger);
    expect((await sc.get(`/bank/applications/${id}`)).status).toBe(404);
    expect((await reviewsOf(id)).length).toBe(2);

    await editApplication(ent.actor, id, { assetIds, amount: 2_000_000_00n, termMonths: 12, purpose: "扩大生产" });
    expect((await sc.get(`/bank/applications/${id}`)).status).toBe(404);
    for (const b of [fits!, capped!]) expect((await b.c.get(`/bank/applications/${id}`)).status).toBe(200);

    await runMatching(await getDb(), id);
    expect((await reviewsOf(id)).map((r) => r.bankOrgId)).toEqual([fits!.bank.orgId]);
    expect((await fits!.c.get(`/bank/applications/${id}`)).status).toBe(200);
    expect((await capped!.c.get(`/bank/applications/${id}`)).status).toBe(404);
    expect((await sc.get(`/bank/applications/${id}`)).status).toBe(404);
  });
});

describe("bank pages after the bank edits its product", () => {
  it("answer the edited product and the applications routed through it; another bank's product stays 404", async () => {
    const { id, banks: [{ bank, product, c }] } = await routed();
    const other = await signedIn(await createOrg({ kind: "bank" }));
    expect((await other.get(`/bank/products/${product.id}`)).status).toBe(404);

    // The product form, as the bank sends it: a new name and terms that no longer fit the application's park.
    const saved = await c.post(`/bank/products/${product.id}`, {
      name: "知识产权质押贷（2027版）", minAmount: "100000", maxAmount: "10000000", minTermMonths: "6", maxTermMonths: "36", spreadBp: "90",
      ltvInvention: "3000", eligibleParkIds: await createPark(), repaymentMethods: "equal_principal",
    });
    expect(saved.status).toBe(200);
    await rematchForProduct(await getDb(), product.id);
    const after = await walk(c, id, product.id);
    expect(after).toEqual(allOk(after));
    expect(await (await c.get(`/bank/products/${product.id}`)).text()).toContain("知识产权质押贷（2027版）");
    expect(await (await c.get(`/bank/applications/${id}`)).text()).toContain("知识产权质押贷（2027版）");
    expect((await reviewsOf(id)).map((r) => [r.bankOrgId, r.productId])).toEqual([[bank.orgId, product.id]]);
    expect((await other.get(`/bank/products/${product.id}`)).status).toBe(404);
    expect((await other.get(`/bank/applications/${id}`)).status).toBe(404);
  });
});
