import { validate } from "@readme/openapi-parser";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { bankReviews, encumbrances, pledgeRegistrations, repayments } from "#db/schema/index";
import { createApiKey, revokeApiKey } from "#app/services/api-keys.server";
import { runMatching } from "#app/services/matching.server";
import { acceptOffer, createApplication, submitApplication } from "#app/services/pledge-applications.server";
import { recordRegistration, startRegistration } from "#app/services/pledge-registration.server";
import { createOrg, TEST_PASSWORD } from "#tests/support/factories";
import { createProduct, enterpriseWithValuedAssets } from "#tests/support/financing";
import { client, startTestServer } from "#tests/support/server";

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

/** An application routed to `bank` (and only to it), plus a key of that bank. */
async function routedApplication() {
  const { ent, assetIds, parkId } = await enterpriseWithValuedAssets();
  const bank = await createOrg({ kind: "bank" });
  await createProduct(bank.orgId, { eligibleParkIds: [parkId] });
  const { id } = await createApplication(ent.actor, { assetIds, amount: 1_000_000_00n, termMonths: 12, purpose: "扩大生产" });
  await submitApplication(ent.actor, id);
  await runMatching(await getDb(), id);
  const { key } = await createApiKey(bank.actor, "core-banking");
  return { ent, bank, id, key, assetIds };
}

const api = (key: string | null, path: string, init: RequestInit = {}) => {
  const headers = new Headers(init.headers);
  if (key) headers.set("authorization", `Bearer ${key}`);
  if (init.body) headers.set("content-type", "application/json");
  return fetch(`${server.base}/api/v1${path}`, { ...init, headers });
};

describe("bank API", () => {
  it("answers 401 without a key, with an unknown key and with a revoked key", async () => {
    const { bank, id, key } = await routedApplication();
    expect((await api(null, "/applications")).status).toBe(401);
    expect((await api("ipm_nope", "/applications")).status).toBe(401);
    const { id: keyId, key: other } = await createApiKey(bank.actor, "old");
    expect((await api(other, `/applications/${id}`)).status).toBe(200);
    await revokeApiKey(bank.actor, keyId);
    const res = await api(other, `/applications/${id}`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: "unauthorized" } });
    expect((await api(key, `/applications/${id}`)).status).toBe(200);
  });

  it("lists and reads the bank's own applications with the valuation summary", async () => {
    const { id, key } = await routedApplication();
    const list = await (await api(key, "/applications")).json() as { data: Array<{ id: string; amountFen: string }> };
    expect(list.data.map((a) => a.id)).toContain(id);
    const one = await (await api(key, `/applications/${id}`)).json() as { valuation: { lowFen: string }; amountFen: string; assets: unknown[] };
    expect(one.amountFen).toBe("100000000");
    expect(one.valuation.lowFen).toBe("800000000");
    expect(one.assets).toHaveLength(2);
  });

  it("a bank's key cannot read or decide on another bank's application (404)", async () => {
    const { id } = await routedApplication();
    const stranger = await createOrg({ kind: "bank" });
    const { key } = await createApiKey(stranger.actor, "theirs");
    const read = await api(key, `/applications/${id}`);
    expect(read.status).toBe(404);
    expect(await read.json()).toMatchObject({ error: { code: "not_found" } });
    const list = await (await api(key, "/applications?status=all")).json() as { data: Array<{ id: string }> };
    expect(list.data.map((a) => a.id)).not.toContain(id);
    const post = await api(key, `/applications/${id}/decision`, { method: "POST", body: JSON.stringify({ decision: "reject", reason: "不感兴趣" }) });
    expect(post.status).toBe(404);
  });

  it("answers an invalid decision with 400 and field messages in the caller's language", async () => {
    const { id, key } = await routedApplication();
    const body = JSON.stringify({ decision: "approve", amountFen: -5, termMonths: 12, spreadBp: 80, repaymentMethod: "monthly" });
    const en = await api(key, `/applications/${id}/decision`, { method: "POST", body, headers: { "accept-language": "en-GB,en;q=0.9" } });
    expect(en.status).toBe(400);
    const enJson = await en.json() as { error: { fields: Record<string, string[]> } };
    expect(enJson.error.fields.repaymentMethod).toEqual(["Invalid value"]);
    const zh = await api(key, `/applications/${id}/decision`, { method: "POST", body, headers: { "accept-language": "zh-CN" } });
    expect((await zh.json() as { error: { fields: Record<string, string[]> } }).error.fields.repaymentMethod).toEqual(["格式不正确"]);
    const broken = await api(key, `/applications/${id}/decision`, { method: "POST", body: "{not json" });
    expect(broken.status).toBe(400);
  });

  it("a repeated POST with the same Idempotency-Key records one repayment; another body with that key is refused (422)", async () => {
    const { ent, bank, id, key } = await routedApplication();
    const approve = await api(key, `/applications/${id}/decision`, {
      method: "POST", headers: { "idempotency-key": `decide-${id}` },
      body: JSON.stringify({ decision: "approve", amountFen: "100000000", termMonths: 12, spreadBp: 80, repaymentMethod: "equal_principal" }),
    });
    expect(approve.status).toBe(200);
    const db = await getDb();
    const [review] = await db.select().from(bankReviews).where(and(eq(bankReviews.applicationId, id), eq(bankReviews.bankOrgId, bank.orgId)));
    await acceptOffer(ent.actor, id, review!.id);
    await startRegistration(bank.actor, id);
    const { loanId } = await recordRegistration(bank.actor, id, { cnipaNumber: `Y-API-${Date.now()}`, registeredOn: "2026-11-20" });

    const disburse = await api(key, `/loans/${loanId}/disbursements`, { method: "POST", headers: { "idempotency-key": `disb-${loanId}` }, body: JSON.stringify({ disbursedOn: "2026-11-21" }) });
    expect(disburse.status).toBe(201);

    const body = JSON.stringify({ amountFen: 5_000_00, paidOn: "2026-12-21", reference: "TX-1" });
    const post = () => api(key, `/loans/${loanId}/repayments`, { method: "POST", headers: { "idempotency-key": `repay-${loanId}` }, body });
    const [a, b] = await Promise.all([post(), post()]);
    const c = await post();
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    const ids = await Promise.all([a, b, c].map(async (r) => ((await r.json()) as { id: string }).id));
    expect(new Set(ids).size).toBe(1);
    expect(c.headers.get("idempotent-replayed")).toBe("true");
    expect(await db.select().from(repayments).where(eq(repayments.loanId, loanId))).toHaveLength(1);

    const reused = await api(key, `/loans/${loanId}/repayments`, { method: "POST", headers: { "idempotency-key": `repay-${loanId}` }, body: JSON.stringify({ amountFen: 6_000_00, paidOn: "2026-12-21" }) });
    expect(reused.status).toBe(422);
    expect(await db.select().from(repayments).where(eq(repayments.loanId, loanId))).toHaveLength(1);
  });

  it("records CNIPA's registration once however often it is posted; another bank's key gets 404; a bad body 400", async () => {
    const { ent, bank, id, key, assetIds } = await routedApplication();
    await api(key, `/applications/${id}/decision`, {
      method: "POST", body: JSON.stringify({ decision: "approve", amountFen: "100000000", termMonths: 12, spreadBp: 80, repaymentMethod: "equal_principal" }),
    });
    const db = await getDb();
    const [review] = await db.select().from(bankReviews).where(and(eq(bankReviews.applicationId, id), eq(bankReviews.bankOrgId, bank.orgId)));
    await acceptOffer(ent.actor, id, review!.id);

    const stranger = await createOrg({ kind: "bank" });
    const { key: theirs } = await createApiKey(stranger.actor, "theirs");
    const body = JSON.stringify({ cnipaNumber: `Y2026API${Date.now() % 1000000}`, registeredOn: "2026-11-20" });
    expect((await api(theirs, `/applications/${id}/registration`, { method: "POST", headers: { "idempotency-key": `reg-x-${id}` }, body })).status).toBe(404);
    const bad = await api(key, `/applications/${id}/registration`, { method: "POST", body: JSON.stringify({ cnipaNumber: "", registeredOn: "2026-13-40" }), headers: { "accept-language": "zh-CN" } });
    expect(bad.status).toBe(400);
    expect(Object.keys((await bad.json() as { error: { fields: Record<string, string[]> } }).error.fields).sort()).toEqual(["cnipaNumber", "registeredOn"]);

    const post = () => api(key, `/applications/${id}/registration`, { method: "POST", headers: { "idempotency-key": `reg-${id}` }, body });
    const [a, b] = await Promise.all([post(), post()]);
    const c = await post();
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    const loanIds = await Promise.all([a, b, c].map(async (r) => ((await r.json()) as { loanId: string; status: string }).loanId));
    expect(new Set(loanIds).size).toBe(1);
    expect(await db.select().from(pledgeRegistrations).where(eq(pledgeRegistrations.applicationId, id))).toHaveLength(1);
    const pledged = await db.select().from(encumbrances).where(and(inArray(encumbrances.assetId, assetIds), eq(encumbrances.kind, "pledge")));
    expect(pledged.map((p) => p.status)).toEqual(["active", "active"]);
    // A new request (another key) for a registered application is a conflict, not a second registration.
    expect((await api(key, `/applications/${id}/registration`, { method: "POST", headers: { "idempotency-key": `reg-again-${id}` }, body })).status).toBe(409);
  });

  it("serves an OpenAPI 3.1 document that validates", async () => {
    const res = await fetch(`${server.base}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = await res.json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/applications", "/applications/{id}", "/applications/{id}/decision", "/applications/{id}/registration", "/loans/{id}/disbursements", "/loans/{id}/repayments"]));
    const result = await validate(doc as never);
    expect(result.valid, JSON.stringify((result as { errors?: unknown }).errors ?? null)).toBe(true);
  });
});

describe("financing pages", () => {
  it("an enterprise of another organisation gets 404 on an application page; the owner sees its pre-check", async () => {
    const { ent, id } = await routedApplication();
    const stranger = await createOrg();
    const c = client(server.base);
    await c.login(stranger.email, TEST_PASSWORD);
    expect((await c.get(`/financing/applications/${id}`)).status).toBe(404);
    expect((await c.post(`/financing/applications/${id}`, { intent: "withdraw" })).status).toBe(404);
    const owner = client(server.base);
    await owner.login(ent.email, TEST_PASSWORD);
    const page = await owner.get(`/financing/applications/${id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("全部质物均通过预检");
  });

  it("a bank the application was not routed to gets 404 on its page", async () => {
    const { id } = await routedApplication();
    const other = await createOrg({ kind: "bank" });
    const c = client(server.base);
    await c.login(other.email, TEST_PASSWORD);
    expect((await c.get(`/bank/applications/${id}`)).status).toBe(404);
  });

  it("answers a bad application form with 400 and field messages, in English on request", async () => {
    const ent = await createOrg();
    const c = client(server.base);
    await c.login(ent.email, TEST_PASSWORD);
    const res = await c.post("/financing/apply?lang=en", { amount: "abc", termMonths: "12", purpose: "" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Enter an amount in yuan");
    expect(html).toContain("Pick at least one asset");
  });

  it("a bank owner creates an API key shown once and stored hashed", async () => {
    const bank = await createOrg({ kind: "bank" });
    const c = client(server.base);
    await c.login(bank.email, TEST_PASSWORD);
    const res = await c.post("/bank/api-keys", { intent: "create", name: "core" });
    expect(res.status).toBe(200);
    const key = /ipm_[A-Za-z0-9_-]{20,}/.exec(await res.text())?.[0];
    expect(key).toBeTruthy();
    expect((await api(key!, "/applications")).status).toBe(200);
    expect(await (await c.get("/bank/api-keys")).text()).not.toContain(key!);
  });
});
