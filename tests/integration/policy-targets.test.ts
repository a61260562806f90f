import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditEvents, deals, organizations, policyTargets, populations } from "#db/schema/index";
import { targetMetricProgress } from "#app/services/policy-targets.server";
import { createAdmin, createAsset, createOrg, TEST_PASSWORD, type TestOrg } from "#tests/support/factories";
import { publishedListing } from "#tests/support/market";
import { client, startTestServer } from "#tests/support/server";

let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: TestOrg;
let adminClient: ReturnType<typeof client>;
beforeAll(async () => {
  server = await startTestServer();
  admin = await createAdmin();
  adminClient = client(server.base);
  await adminClient.login(admin.email, TEST_PASSWORD);
});
afterAll(async () => {
  await server.close();
});

async function sellerIn(district: string) {
  const org = await createOrg();
  await (await getDb()).update(organizations).set({ district }).where(eq(organizations.id, org.orgId));
  return org;
}

/** A transfer completed on the platform on `completedOn`, at `priceFen`. */
async function completedDeal(seller: TestOrg, buyer: TestOrg, priceFen: bigint, completedOn: string) {
  const { listingId } = await publishedListing(seller, admin, { mode: "transfer" });
  const at = new Date(`${completedOn}T10:00:00+08:00`);
  await (await getDb()).insert(deals).values({
    listingId, buyerOrgId: buyer.orgId, sellerOrgId: seller.orgId, mode: "transfer", status: "completed", priceFen, acceptedAt: at, paidAt: at, completedAt: at,
  });
}

describe("policy targets beyond pledge money (DOMAIN.md, seeds/)", () => {
  it("ships the three missing targets: Xuhui IP trading 100 亿元, Xuhui IP insurance +20 % a year, Shanghai 20 → 30 high-value invention patents per 10,000 people", async () => {
    const rows = await (await getDb()).select().from(policyTargets);
    const by = Object.fromEntries(rows.map((r) => [r.code, r]));
    expect(by["xuhui-ip-trading-2022-2025"]).toMatchObject({ metric: "ip_trading", scopeKey: "徐汇区", targetAmount: 1_000_000_000_000n, targetValue: null, fromYear: 2022, toYear: 2025 });
    expect(by["xuhui-ip-insurance-growth-2022-2025"]).toMatchObject({ metric: "ip_insurance", targetAmount: null, targetValue: 2_000n });
    expect(by["shanghai-high-value-per-10k-2025"]).toMatchObject({ metric: "high_value_per_10k", scopeKey: "上海市", targetValue: 3_000n, baselineYear: 2020, baselineValue: 2_000n });
  });

  it("measures each against what the platform records, and shows it on /admin/progress in both languages", async () => {
    const buyer = await createOrg();
    const xuhui = await sellerIn("徐汇区");
    const pudong = await sellerIn("浦东新区");
    await completedDeal(xuhui, buyer, 5_000_000_00n, "2025-06-01");
    await completedDeal(xuhui, buyer, 2_500_000_00n, "2023-01-01");
    await completedDeal(xuhui, buyer, 9_000_000_00n, "2021-12-31"); // before the period
    await completedDeal(pudong, buyer, 9_000_000_00n, "2024-05-01"); // another district
    // Three live high-value invention patents (strategic industry) and one that is not high-value.
    const owner = await createOrg();
    for (let i = 0; i < 3; i++) await createAsset({ ownerOrgId: owner.orgId, industry: "integrated_circuits", annuityPaidThrough: "2099-01-01" });
    await createAsset({ ownerOrgId: owner.orgId, industry: "other", overseasFamilyCount: 0, annuityPaidThrough: "2099-01-01" });

    const before = Object.fromEntries((await targetMetricProgress(admin.actor)).map((t) => [t.code, t]));
    expect(before["xuhui-ip-trading-2022-2025"]).toMatchObject({ unit: "fen", actual: 7_500_000_00n, target: 1_000_000_000_000n });
    expect(before["xuhui-ip-insurance-growth-2022-2025"]).toMatchObject({ unit: "growthBp", actual: null, note: "progress.metric.notRecorded" });
    expect(before["shanghai-high-value-per-10k-2025"]).toMatchObject({ actual: null, note: "progress.metric.noPopulation" });

    // The admin enters the population; the ratio follows: 3 patents over 10,000 people = 3.00 per 10,000.
    const saved = await adminClient.post("/admin/targets", { intent: "population", scope: "city", scopeKey: "上海市", year: "2025", people: "10000", source: "测试" });
    expect(saved.status).toBe(200);
    const db = await getDb();
    const [pop] = await db.select().from(populations).where(eq(populations.scopeKey, "上海市"));
    expect(pop).toMatchObject({ year: 2025, people: 10_000 });
    expect(await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, pop!.id), eq(auditEvents.action, "population.created")))).toHaveLength(1);
    const after = Object.fromEntries((await targetMetricProgress(admin.actor)).map((t) => [t.code, t]));
    expect(after["shanghai-high-value-per-10k-2025"]).toMatchObject({ unit: "per10k", actual: 300n, target: 3_000n, reachedBp: 1_000, population: { year: 2025, people: 10_000 } });

    const zh = await (await adminClient.get("/admin/progress")).text();
    expect(zh).toContain('data-testid="target-shanghai-high-value-per-10k-2025"');
    expect(zh).toContain("3.00 件/万人 / 30.00 件/万人");
    expect(zh).toContain("基期：2020 年 20.00 件/万人");
    expect(zh).toContain("平台尚未记录知识产权保险");
    expect(zh).toContain('data-testid="target-xuhui-ip-trading-2022-2025"');
    const en = await (await adminClient.get("/admin/progress?lang=en")).text();
    expect(en).toContain("3.00 per 10,000 people / 30.00 per 10,000 people");
    expect(en).toContain("The platform does not record IP insurance yet");
  });

  it("lets an admin set a ratio target in its own unit, and answers 400 with the field named for one that does not parse", async () => {
    const db = await getDb();
    const [t] = await db.select().from(policyTargets).where(eq(policyTargets.code, "shanghai-high-value-per-10k-2025"));
    const form = {
      id: t!.id, code: t!.code, metric: "high_value_per_10k", scope: "city", scopeKey: "上海市", labelZh: t!.labelZh, labelEn: t!.labelEn,
      period: "annual", fromYear: "2025", toYear: "2025", target: "32.5", baselineYear: "2020", baseline: "20", source: t!.source ?? "",
    };
    expect((await adminClient.post("/admin/targets", form)).status).toBe(200);
    const [after] = await db.select().from(policyTargets).where(eq(policyTargets.id, t!.id));
    expect(after).toMatchObject({ targetValue: 3_250n, targetAmount: null, baselineValue: 2_000n });
    const bad = await adminClient.post("/admin/targets", { ...form, target: "很多" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("请输入数字");
    // A count target cannot carry a fraction.
    expect((await adminClient.post("/admin/targets", { ...form, metric: "high_value_patents", target: "1.5" })).status).toBe(400);
  });

  it("is for platform admins only", async () => {
    const ent = await createOrg();
    await expect(targetMetricProgress(ent.actor)).rejects.toMatchObject({ status: 403 });
    const c = client(server.base);
    await c.login(ent.email, TEST_PASSWORD);
    expect((await c.post("/admin/targets", { intent: "population", scope: "city", scopeKey: "上海市", year: "2025", people: "1" })).status).toBe(403);
  });
});
