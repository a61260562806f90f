import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { ipAssets, pledgeApplications } from "#db/schema/index";
import { applicationNumber } from "#app/domain/financing/application-number";
import { listBankQueue } from "#app/services/bank-review.server";
import { runMatching } from "#app/services/matching.server";
import { createApplication, submitApplication } from "#app/services/pledge-applications.server";
import { listRegistrationDesk, recordRegistration, startRegistration } from "#app/services/pledge-registration.server";
import { createAdmin, createAsset, createOrg, TEST_PASSWORD, type TestOrg } from "#tests/support/factories";
import { createCompletedValuation, createPark, createProduct } from "#tests/support/financing";
import { acceptedApplication } from "#tests/support/registration";
import { client, startTestServer } from "#tests/support/server";

/** Issue 13, Part B item 4: queues where applications can be told apart, filtered; accepted ones stay findable. */

let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: TestOrg;
let bank: TestOrg;
let otherBank: TestOrg;
const apps: Array<{ id: string; ent: TestOrg; assetNumber: string; title: string }> = [];
beforeAll(async () => {
  server = await startTestServer();
  admin = await createAdmin();
  const parkId = await createPark();
  bank = await createOrg({ kind: "bank" });
  otherBank = await createOrg({ kind: "bank" });
  await createProduct(bank.orgId, { eligibleParkIds: [parkId] });
  const db = await getDb();
  // Two enterprises in the same park, two applications alike in company kind and amount: only number and assets tell them apart.
  for (const title of ["一种碳化硅外延片缺陷检测方法", "一种低温共烧陶瓷滤波器"]) {
    const ent = await createOrg({ kind: "enterprise", industry: "integrated_circuits", parkId });
    const a1 = await createAsset({ ownerOrgId: ent.orgId, title });
    const a2 = await createAsset({ ownerOrgId: ent.orgId, title: "一种封装散热结构" });
    await createCompletedValuation(ent.orgId, [a1.id, a2.id], 8_000_000_00n);
    const { id } = await createApplication(ent.actor, { assetIds: [a1.id, a2.id], amount: 1_500_000_00n, termMonths: 12, purpose: "流动资金" });
    await submitApplication(ent.actor, id);
    await runMatching(db, id);
    apps.push({ id, ent, assetNumber: a1.number, title });
  }
  // The first was submitted in January (Shanghai days), the second stays today.
  await db.update(pledgeApplications).set({ submittedAt: new Date("2026-01-14T16:30:00Z") }).where(eq(pledgeApplications.id, apps[0]!.id)); // 2026-01-15 00:30 in Shanghai
});
afterAll(async () => {
  await server.close();
});

const ids = (rows: Array<{ applicationId: string }>) => rows.map((r) => r.applicationId).filter((id) => apps.some((a) => a.id === id)).sort();

describe("the bank's application queue", () => {
  it("shows each application's number, pledged patents (number and title), submission date and status", async () => {
    const c = client(server.base);
    await c.login(bank.email, TEST_PASSWORD);
    const html = await (await c.get("/bank/applications")).text();
    for (const a of apps) {
      expect(html).toContain(applicationNumber(a.id));
      expect(html).toContain(`ZL${a.assetNumber}`);
      expect(html).toContain(a.title);
    }
    expect(html).toContain("2026-01-15");
    expect(html).toContain("申请编号");
  });

  it("finds an application by its number, a patent number, a patent title or the company, and nothing else", async () => {
    const [first, second] = apps as [typeof apps[0], typeof apps[0]];
    expect(ids(await listBankQueue(bank.actor, { q: applicationNumber(first.id).toLowerCase() }))).toEqual([first.id]);
    expect(ids(await listBankQueue(bank.actor, { q: first.assetNumber }))).toEqual([first.id]);
    expect(ids(await listBankQueue(bank.actor, { q: "陶瓷滤波" }))).toEqual([second.id]);
    expect(ids(await listBankQueue(bank.actor, { q: second.ent.name }))).toEqual([second.id]);
    expect(ids(await listBankQueue(bank.actor, { q: "封装散热" }))).toEqual([first.id, second.id].sort());
  });

  it("narrows to a range of submission days, counted in Shanghai time, both ends included", async () => {
    expect(ids(await listBankQueue(bank.actor, { from: "2026-01-15", to: "2026-01-15" }))).toEqual([apps[0]!.id]);
    expect(ids(await listBankQueue(bank.actor, { to: "2026-01-14" }))).toEqual([]);
    expect(ids(await listBankQueue(bank.actor, { from: "2026-01-16" }))).toEqual([apps[1]!.id]);
  });

  it("filters by review status through the page, and a bank sees only its own applications whatever it searches", async () => {
    const c = client(server.base);
    await c.login(bank.email, TEST_PASSWORD);
    const fresh = await (await c.get("/bank/applications?status=new")).text();
    expect(fresh).toContain(applicationNumber(apps[0]!.id));
    const offered = await (await c.get("/bank/applications?status=offered")).text();
    expect(offered).not.toContain(applicationNumber(apps[0]!.id));
    expect(await listBankQueue(otherBank.actor, { status: "all", q: applicationNumber(apps[0]!.id) })).toEqual([]);
    const o = client(server.base);
    await o.login(otherBank.email, TEST_PASSWORD);
    const theirs = await (await o.get(`/bank/applications?status=all&q=${encodeURIComponent(apps[1]!.ent.name)}`)).text();
    expect(theirs).toContain("没有符合筛选条件的申请。");
    expect(theirs).not.toContain(applicationNumber(apps[1]!.id));
    const all = await (await o.get("/bank/applications?status=all")).text();
    for (const a of apps) {
      expect(all).not.toContain(a.ent.name);
      expect(all).not.toContain(applicationNumber(a.id));
    }
  });

  it("answers bad filters with 400 and field messages in the user's language", async () => {
    const c = client(server.base);
    await c.login(bank.email, TEST_PASSWORD);
    const zh = await c.get("/bank/applications?from=2026-02-30&status=bogus");
    expect(zh.status).toBe(400);
    const zhHtml = await zh.text();
    expect(zhHtml).toContain("请输入有效日期（YYYY-MM-DD）");
    expect(zhHtml).not.toContain(applicationNumber(apps[0]!.id));
    const en = await c.get("/bank/applications?lang=en&from=2026-03-01&to=2026-02-01");
    expect(en.status).toBe(400);
    expect(await en.text()).toContain("The end date cannot be before the start date");
  });
});

describe("the platform's registration desk", () => {
  it("shows number, assets, bank and the accepted date; a registered application leaves the open list but stays findable", async () => {
    const { applicationId, assetIds } = await acceptedApplication();
    const db = await getDb();
    const [asset] = await db.select().from(ipAssets).where(eq(ipAssets.id, assetIds[0]!));
    const [app] = await db.select().from(pledgeApplications).where(eq(pledgeApplications.id, applicationId));
    expect(app!.acceptedAt).toBeInstanceOf(Date);
    const c = client(server.base);
    await c.login(admin.email, TEST_PASSWORD);
    const open = await (await c.get("/admin/pledges")).text();
    expect(open).toContain(applicationNumber(applicationId));
    expect(open).toContain(`ZL${asset!.number}`);

    await startRegistration(admin.actor, applicationId);
    await recordRegistration(admin.actor, applicationId, { cnipaNumber: "Y2026310000123", registeredOn: "2026-12-01" });
    const number = applicationNumber(applicationId);
    expect((await listRegistrationDesk(admin.actor, {})).some((r) => r.id === applicationId)).toBe(false);
    expect((await listRegistrationDesk(admin.actor, { status: "all", q: number })).map((r) => r.id)).toEqual([applicationId]);
    expect((await listRegistrationDesk(admin.actor, { status: "registered", q: asset!.number })).map((r) => r.id)).toEqual([applicationId]);
    const found = await (await c.get(`/admin/pledges?status=all&q=${encodeURIComponent(number)}`)).text();
    expect(found).toContain(number);
    expect(found).toContain("已登记");
  });

  it("is the platform's alone (403 for a bank) and refuses a bad filter with 400", async () => {
    const c = client(server.base);
    await c.login(bank.email, TEST_PASSWORD);
    expect((await c.get("/admin/pledges")).status).toBe(403);
    const a = client(server.base);
    await a.login(admin.email, TEST_PASSWORD);
    const bad = await a.get("/admin/pledges?lang=en&status=draft");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Please correct the errors below");
  });
});
