import { beforeAll, describe, expect, it } from "vitest";
import { campaignProgress, platformProgress } from "#app/services/campaign-progress.server";
import { client, startTestServer } from "#tests/support/server";
import { createAdmin, createOrg, TEST_PASSWORD, type TestOrg } from "#tests/support/factories";
import { insertApplication, insertCampaign, insertPark, insertProduct, WAN } from "#tests/support/campaign-fixtures";

/**
 * A hand-built data set (this file's database holds nothing else), and the figures worked out by
 * hand in the comments. Amounts in 万元 → 分 via WAN.
 */
let admin: TestOrg;
let b1: TestOrg, b2: TestOrg;
let campaignId: string;

beforeAll(async () => {
  admin = await createAdmin();
  const pudong = await insertPark("浦东新区");
  const xuhui = await insertPark("徐汇区");
  b1 = await createOrg({ kind: "bank", name: "甲银行" });
  b2 = await createOrg({ kind: "bank", name: "乙银行" });
  const p1 = await insertProduct(b1.orgId);
  const p2 = await insertProduct(b2.orgId);
  const e1 = await createOrg({ kind: "enterprise", parkId: pudong.id, industry: "integrated_circuits" });
  const e2 = await createOrg({ kind: "enterprise", parkId: pudong.id, industry: "biomedicine" });
  const e3 = await createOrg({ kind: "enterprise", parkId: pudong.id, industry: "integrated_circuits" });
  const e4 = await createOrg({ kind: "enterprise", parkId: pudong.id, industry: null });
  const e5 = await createOrg({ kind: "enterprise", parkId: xuhui.id, industry: "biomedicine" });
  const c = await insertCampaign({ parkIds: [pudong.id], bankOrgIds: [b1.orgId, b2.orgId], targetAmount: 1000n * WAN, targetEnterprises: 5 });
  campaignId = c.id;

  // A1: 300 applied; 甲 offers 250 after 2 days (accepted), 乙 rejects after 6; registered 2025, disbursed, 50 repaid.
  await insertApplication({
    enterpriseOrgId: e1.orgId, campaignId, amountWan: 300n, acceptBankOrgId: b1.orgId, registeredOn: "2025-03-10",
    reviews: [{ bankOrgId: b1.orgId, productId: p1.id, status: "accepted", decidedAfterDays: 2, offerWan: 250n }, { bankOrgId: b2.orgId, productId: p2.id, status: "rejected", decidedAfterDays: 6 }],
    loan: { disbursedOn: "2025-03-15", status: "active", maturityDate: "2026-03-15", paidPrincipalWan: 50n }, status: "disbursed",
  });
  // A2: 500 applied; 甲 offers 400 after 4 days; registered 2025; the loan defaulted.
  await insertApplication({
    enterpriseOrgId: e2.orgId, campaignId, amountWan: 500n, acceptBankOrgId: b1.orgId, registeredOn: "2025-04-01",
    reviews: [{ bankOrgId: b1.orgId, productId: p1.id, status: "accepted", decidedAfterDays: 4, offerWan: 400n }],
    loan: { disbursedOn: "2025-04-05", status: "defaulted", maturityDate: "2026-04-05" }, status: "defaulted",
  });
  // A3: 200 applied; 乙 offers 200 after 10 days; registered 2024 (released since); repaid early.
  await insertApplication({
    enterpriseOrgId: e3.orgId, campaignId, amountWan: 200n, acceptBankOrgId: b2.orgId, registeredOn: "2024-12-20", registrationStatus: "released",
    reviews: [{ bankOrgId: b2.orgId, productId: p2.id, status: "accepted", decidedAfterDays: 10, offerWan: 200n }],
    loan: { disbursedOn: "2024-12-25", status: "settled", maturityDate: "2025-12-25", settledAt: new Date("2025-06-01T04:00:00Z") }, status: "settled",
  });
  // A4: 100 applied, still under review at 乙.
  await insertApplication({ enterpriseOrgId: e4.orgId, campaignId, amountWan: 100n, reviews: [{ bankOrgId: b2.orgId, productId: p2.id, status: "under_review" }] });
  // A8: 150 applied by e2 again; 甲 rejects after 9 days.
  await insertApplication({ enterpriseOrgId: e2.orgId, campaignId, amountWan: 150n, reviews: [{ bankOrgId: b1.orgId, productId: p1.id, status: "rejected", decidedAfterDays: 9 }], status: "rejected" });
  // A5: a draft in the campaign: never counted.
  await insertApplication({ enterpriseOrgId: e1.orgId, campaignId, amountWan: 999n, submittedAt: null });
  // A7: e3's earlier loan outside the campaign (2023): e3 is not a first-loan enterprise.
  await insertApplication({
    enterpriseOrgId: e3.orgId, campaignId: null, amountWan: 100n, acceptBankOrgId: b2.orgId, registeredOn: "2023-05-01", registrationStatus: "released",
    submittedAt: new Date("2023-04-01T02:00:00Z"),
    reviews: [{ bankOrgId: b2.orgId, productId: p2.id, status: "accepted", decidedAfterDays: 1, offerWan: 100n }],
    loan: { disbursedOn: "2023-05-03", status: "settled", maturityDate: "2024-05-03", settledAt: new Date("2024-05-03T04:00:00Z") }, status: "settled",
  });
  // A6: a Xuhui enterprise outside the campaign, 700 registered in 2023.
  await insertApplication({
    enterpriseOrgId: e5.orgId, campaignId: null, amountWan: 700n, acceptBankOrgId: b2.orgId, registeredOn: "2023-08-08",
    submittedAt: new Date("2023-07-01T02:00:00Z"),
    reviews: [{ bankOrgId: b2.orgId, productId: p2.id, status: "accepted", decidedAfterDays: 3, offerWan: 700n }],
    loan: { disbursedOn: "2023-08-10", status: "active", maturityDate: "2024-08-10" }, status: "disbursed",
  });
});

describe("campaign dashboard", () => {
  it("sums applied, approved, registered and disbursed amounts as computed by hand", async () => {
    const p = await campaignProgress(admin.actor, campaignId);
    // Applied: A1 300 + A2 500 + A3 200 + A4 100 + A8 150 (the draft A5 and A6/A7 outside do not count).
    expect(p.applied).toEqual({ count: 5, amount: 1250n * WAN, enterprises: 4 });
    // Approved at the accepted offer: 250 + 400 + 200.
    expect(p.approved).toEqual({ count: 3, amount: 850n * WAN });
    // Registered (A3's registration released since still counts): 250 + 400 + 200.
    expect(p.registered).toEqual({ count: 3, amount: 850n * WAN });
    // Disbursed includes the defaulted and the early-repaid loan.
    expect(p.disbursed).toEqual({ count: 3, amount: 850n * WAN });
    expect(p.campaign.targetAmount).toBe(1000n * WAN);
  });

  it("counts financed and first-loan enterprises, the outstanding balance, the defaulted and the early-repaid loan", async () => {
    const p = await campaignProgress(admin.actor, campaignId);
    expect(p.financedEnterprises).toBe(3);
    // e3 had a loan in 2023 outside the campaign.
    expect(p.firstLoanEnterprises).toBe(2);
    // Only A1 is still running: 250 − 50 repaid.
    expect(p.outstanding).toBe(200n * WAN);
    expect(p.defaulted).toEqual({ count: 1, amount: 400n * WAN });
    expect(p.settled).toEqual({ count: 1, early: 1 });
  });

  it("gives the median days from submission to decision per bank", async () => {
    const p = await campaignProgress(admin.actor, campaignId);
    const byName = Object.fromEntries(p.banks.map((b) => [b.bankName, b]));
    // 甲: decisions after 2, 4 and 9 days → median 4. 乙: 6 and 10 (A4 undecided) → median 8.
    expect(byName["甲银行"]).toMatchObject({ decisions: 3, medianDays: 4, offers: 2, offeredAmount: 650n * WAN, rejected: 1, disbursedAmount: 650n * WAN, inCampaign: true });
    expect(byName["乙银行"]).toMatchObject({ decisions: 2, medianDays: 8, offers: 1, offeredAmount: 200n * WAN, rejected: 1, routed: 3, disbursedAmount: 200n * WAN });
  });

  it("breaks the figures down by industry", async () => {
    const p = await campaignProgress(admin.actor, campaignId);
    const by = Object.fromEntries(p.industries.map((r) => [r.industry, r]));
    expect(by.integrated_circuits).toEqual({ industry: "integrated_circuits", appliedCount: 2, appliedAmount: 500n * WAN, approvedAmount: 450n * WAN, disbursedAmount: 450n * WAN, financedEnterprises: 2 });
    expect(by.biomedicine).toEqual({ industry: "biomedicine", appliedCount: 2, appliedAmount: 650n * WAN, approvedAmount: 400n * WAN, disbursedAmount: 400n * WAN, financedEnterprises: 1 });
    expect(by.other).toMatchObject({ appliedCount: 1, appliedAmount: 100n * WAN, approvedAmount: 0n, disbursedAmount: 0n });
  });

  it("gives the same figures from its prepared statement (PostgreSQL, no executor) as from a plain query in a transaction", async () => {
    const { getDb } = await import("#db/client.server");
    const db = await getDb();
    const prepared = await campaignProgress(admin.actor, campaignId);
    // Twice: the second run is the cached plan's.
    expect(await campaignProgress(admin.actor, campaignId)).toEqual(prepared);
    const plain = await db.transaction((tx) => campaignProgress(admin.actor, campaignId, tx));
    expect(plain).toEqual(prepared);
  });

  it("is refused to a bank of the campaign (403) and answers 404 for an unknown campaign", async () => {
    await expect(campaignProgress(b1.actor, campaignId)).rejects.toMatchObject({ status: 403 });
    await expect(campaignProgress(admin.actor, "00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({ status: 404 });
  });
});

describe("platform dashboard", () => {
  it("sums pledge financing registered per year, district and bank", async () => {
    const p = await platformProgress(admin.actor);
    // 2023: A7 100 + A6 700; 2024: A3 200; 2025: A1 250 + A2 400.
    expect(p.byYear).toEqual([
      { year: 2023, count: 2, amount: 800n * WAN },
      { year: 2024, count: 1, amount: 200n * WAN },
      { year: 2025, count: 2, amount: 650n * WAN },
    ]);
    const district = Object.fromEntries(p.byDistrict.map((d) => [d.key, d.amount]));
    expect(district).toEqual({ 浦东新区: 950n * WAN, 徐汇区: 700n * WAN });
    const bank = Object.fromEntries(p.byBank.map((d) => [d.labelZh, d.amount]));
    expect(bank).toEqual({ 甲银行: 650n * WAN, 乙银行: 1000n * WAN });
  });

  it("measures the seeded policy targets: Shanghai per year, Pudong and Xuhui cumulative 2022–2025", async () => {
    const p = await platformProgress(admin.actor);
    const t = Object.fromEntries(p.targets.map((x) => [x.code, x]));
    expect(t["shanghai-annual-2025"]).toMatchObject({ targetAmount: 100n * 10_000n * WAN, actual: 650n * WAN });
    expect(t["pudong-cumulative-2022-2025"]).toMatchObject({ targetAmount: 30n * 10_000n * WAN, actual: 950n * WAN });
    expect(t["xuhui-cumulative-2022-2025"]).toMatchObject({ targetAmount: 20n * 10_000n * WAN, actual: 700n * WAN });
  });

  it("is for admins only", async () => {
    await expect(platformProgress(b1.actor)).rejects.toMatchObject({ status: 403 });
  });
});

describe("dashboard pages", () => {
  it("shows the campaign's figures and per-bank medians to the admin, with accessible charts", async () => {
    const server = await startTestServer();
    try {
      const c = client(server.base);
      await c.login(admin.email, TEST_PASSWORD);
      const res = await c.get(`/admin/campaigns/${campaignId}/dashboard`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('data-testid="kpi-registered"');
      expect(html).toContain("¥8,500,000.00");
      expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby=/);
      expect(html).toContain("甲银行");
      const csv = await c.get(`/admin/exports/campaign-banks?campaign=${campaignId}&format=csv&lang=en`);
      expect(csv.status).toBe(200);
      const text = await csv.text();
      expect(text.split("\r\n")[0]).toContain("Median days to decision");
      expect(text).toContain("4");
      const bank = client(server.base);
      await bank.login(b1.email, TEST_PASSWORD);
      expect((await bank.get(`/admin/campaigns/${campaignId}/dashboard`)).status).toBe(403);
    } finally {
      await server.close();
    }
  });
});

describe("the dashboards' read model", () => {
  it("keeps the dashboard totals equal to a GROUP BY over the read model built change by change (the fixture's inserts and updates)", async () => {
    const { getDb, queryRows } = await import("#db/client.server");
    const { sql } = await import("drizzle-orm");
    const db = await getDb();
    const snapshot = async () => Promise.all(["campaign_industry_totals", "campaign_bank_totals", "campaign_enterprises", "registration_totals", "campaign_totals"].map((t) =>
      queryRows(db, sql.raw(`select * from ${t} where not (${t === "campaign_bank_totals" ? "routed = 0 and disbursed_amount = 0" : t === "registration_totals" ? "registrations = 0" : t === "campaign_enterprises" ? "false" : t === "campaign_totals" ? "applied_enterprises = 0 and whitelist_count = 0" : "applied_count = 0"})`)).then((rows) => rows.map((r) => JSON.stringify(r)).sort())));
    // The whitelist's totals follow its rows too: two enrolled, one need raised, one removed.
    const [w1, w2] = await queryRows<{ id: string }>(db, sql`insert into campaign_enrolments (campaign_id, enterprise_name, uscc, need_amount)
      values (${campaignId}, '白名单甲', '91310115MA1K3WL01A', 100), (${campaignId}, '白名单乙', '91310115MA1K3WL02B', 200) returning id`);
    await db.execute(sql`update campaign_enrolments set need_amount = 450 where id = ${w1!.id}`);
    await db.execute(sql`delete from campaign_enrolments where id = ${w2!.id}`);
    expect((await campaignProgress(admin.actor, campaignId)).whitelist).toEqual({ count: 1, need: 450n });
    const incremental = await snapshot();
    expect(incremental[0]!.length).toBeGreaterThan(0);
    expect(incremental[4]!.length).toBeGreaterThan(0);
    await db.execute(sql`select progress_totals_rebuild()`);
    expect(await snapshot()).toEqual(incremental);
  });

  it("follows every change of the financing tables in the same transaction, and a rebuild gives the same figures", async () => {
    const { getDb } = await import("#db/client.server");
    const { eq, sql } = await import("drizzle-orm");
    const { loanInstalments, loans, pledgeApplications } = await import("#db/schema/index");
    const db = await getDb();
    const park = await insertPark("浦东新区");
    const bank = await createOrg({ kind: "bank" });
    const product = await insertProduct(bank.orgId);
    const firm = await createOrg({ kind: "enterprise", parkId: park.id, industry: "automotive" });
    const c = await insertCampaign({ parkIds: [park.id], bankOrgIds: [bank.orgId] });
    const app = await insertApplication({
      enterpriseOrgId: firm.orgId, campaignId: c.id, amountWan: 90n, acceptBankOrgId: bank.orgId, registeredOn: "2025-05-05",
      reviews: [{ bankOrgId: bank.orgId, productId: product.id, status: "accepted", decidedAfterDays: 5, offerWan: 80n }],
      loan: { disbursedOn: "2025-05-06", status: "active", maturityDate: "2026-05-06", paidPrincipalWan: 0n }, status: "disbursed",
    });
    let p = await campaignProgress(admin.actor, c.id);
    expect(p.outstanding).toBe(80n * WAN);

    // A repayment of 30万 then settlement: the instalment and loan updates reach the figures at once.
    const [loan] = await db.select().from(loans).where(eq(loans.applicationId, app.id));
    await db.transaction(async (tx) => {
      await tx.update(loanInstalments).set({ paidPrincipalFen: 30n * WAN }).where(eq(loanInstalments.loanId, loan!.id));
    });
    p = await campaignProgress(admin.actor, c.id);
    expect(p.outstanding).toBe(50n * WAN);
    await db.update(loans).set({ status: "settled", settledAt: new Date("2025-09-01T00:00:00Z") }).where(eq(loans.id, loan!.id));
    p = await campaignProgress(admin.actor, c.id);
    expect(p).toMatchObject({ outstanding: 0n, settled: { count: 1, early: 1 } });

    // Moving the application out of the campaign takes it (and its bank's review) off the dashboard.
    await db.update(pledgeApplications).set({ campaignId: null }).where(eq(pledgeApplications.id, app.id));
    p = await campaignProgress(admin.actor, c.id);
    expect(p.applied.count).toBe(0);
    expect(p.banks.find((b) => b.bankOrgId === bank.orgId)).toMatchObject({ routed: 0, decisions: 0 });
    await db.update(pledgeApplications).set({ campaignId: c.id }).where(eq(pledgeApplications.id, app.id));

    const before = await campaignProgress(admin.actor, c.id);
    expect(before.banks.find((b) => b.bankOrgId === bank.orgId)).toMatchObject({ routed: 1, decisions: 1, medianDays: 5 });
    await db.execute(sql`select pledge_facts_rebuild()`);
    expect(await campaignProgress(admin.actor, c.id)).toEqual(before);
  });
});
