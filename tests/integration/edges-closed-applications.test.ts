import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { bankReviews } from "#db/schema/index";
import { createApiKey } from "#app/services/api-keys.server";
import { makeOffer } from "#app/services/bank-review.server";
import { runMatching } from "#app/services/matching.server";
import { acceptOffer, createApplication, getApplicationView, submitApplication } from "#app/services/pledge-applications.server";
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

const offer = { amount: 1_000_000_00n, termMonths: 12, spreadBp: 80, repaymentMethod: "equal_principal" as const };

/** Two banks race with offers; the enterprise accepts the winner's. */
async function raceWonBy() {
  const { ent, assetIds, parkId } = await enterpriseWithValuedAssets();
  const winner = await createOrg({ kind: "bank" });
  const loser = await createOrg({ kind: "bank" });
  await createProduct(winner.orgId, { eligibleParkIds: [parkId] });
  await createProduct(loser.orgId, { eligibleParkIds: [parkId] });
  const { id } = await createApplication(ent.actor, { assetIds, amount: 1_000_000_00n, termMonths: 12, purpose: "扩大生产" });
  await submitApplication(ent.actor, id);
  const db = await getDb();
  await runMatching(db, id);
  await makeOffer(winner.actor, id, offer);
  await makeOffer(loser.actor, id, { ...offer, spreadBp: 60 });
  const [review] = await db.select().from(bankReviews).where(and(eq(bankReviews.applicationId, id), eq(bankReviews.bankOrgId, winner.orgId)));
  await acceptOffer(ent.actor, id, review!.id);
  const [loserKey, winnerKey] = [await createApiKey(loser.actor, "core"), await createApiKey(winner.actor, "core")];
  const uscc = (await getApplicationView(ent.actor, id)).enterprise!.uscc;
  return { ent, id, winner, loser, loserKey: loserKey.key, winnerKey: winnerKey.key, uscc, assetIds };
}

const api = (key: string, path: string) => fetch(`${server.base}/api/v1${path}`, { headers: { authorization: `Bearer ${key}` } });

describe("a bank that lost the race", () => {
  it("reads only a closed view by API: no USCC, assets or valuation — the same in the list", async () => {
    const { id, loserKey, winnerKey, uscc, assetIds } = await raceWonBy();
    const res = await api(loserKey, `/applications/${id}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ id, status: "closed", reviewStatus: "closed", closed: true });
    for (const secret of [uscc, ...assetIds, "valuation", "enterprise"]) expect(text).not.toContain(secret);

    const list = (await (await api(loserKey, "/applications?status=all")).json()) as { data: Array<Record<string, unknown>> };
    const row = list.data.find((r) => r.id === id)!;
    expect(row).toMatchObject({ id, status: "closed", reviewStatus: "closed", closed: true });
    expect(row).not.toHaveProperty("enterpriseName");
    expect(row).not.toHaveProperty("amountFen");

    // The winner still reads everything.
    const won = (await (await api(winnerKey, `/applications/${id}`)).json()) as { enterprise: { uscc: string }; assets: unknown[] };
    expect(won.enterprise.uscc).toBe(uscc);
    expect(won.assets).toHaveLength(2);
  });

  it("sees the same closed answer in its pages, in both languages", async () => {
    const { id, ent, loser, uscc } = await raceWonBy();
    const c = client(server.base);
    await c.login(loser.email, TEST_PASSWORD);
    const page = await (await c.get(`/bank/applications/${id}`)).text();
    expect(page).toContain("此申请已关闭");
    expect(page).not.toContain(uscc);
    const entName = (await getApplicationView(ent.actor, id)).enterprise!.name;
    expect(page).not.toContain(entName);
    const list = await (await c.get("/bank/applications?status=all")).text();
    expect(list).toContain("此申请已关闭");
    expect(list).not.toContain(entName);
    const en = await (await c.get(`/bank/applications/${id}?lang=en`)).text();
    expect(en).toContain("This application is closed");
    // Nor can it act on it.
    const act = await c.post(`/bank/applications/${id}`, { intent: "requestInfo", body: "还在吗？" });
    expect(act.status).toBeGreaterThanOrEqual(400);
    expect(act.status).toBeLessThan(500);
  });
});
