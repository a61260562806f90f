import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditEvents, campaignEnrolments, campaignEvents, campaigns, notifications, organizations, outbox, policyTargets, whitelistImports } from "#db/schema/index";
import { assertCanApplyInCampaign, campaignOffersFor, listCampaigns } from "#app/services/campaigns.server";
import { listLetters } from "#app/services/campaign-events.server";
import { previewWhitelist, decideWhitelistImport } from "#app/services/campaign-whitelist.server";
import { usccCheckCharacter } from "#app/domain/uscc";
import { relayBatch, inlineDispatcher } from "#jobs/relay";
import { client, startTestServer } from "#tests/support/server";
import { createAdmin, createOrg, randomUscc, TEST_PASSWORD, type TestOrg } from "#tests/support/factories";
import { insertApplication, insertPark, insertProduct, WAN } from "#tests/support/campaign-fixtures";

let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: TestOrg, bankIn: TestOrg, bankIn2: TestOrg, bankOut: TestOrg, parkFirm: TestOrg, elsewhereFirm: TestOrg;
let parkId: string;
let adminClient: ReturnType<typeof client>;

beforeAll(async () => {
  server = await startTestServer();
  admin = await createAdmin();
  parkId = (await insertPark("浦东新区")).id;
  const otherPark = (await insertPark("徐汇区")).id;
  bankIn = await createOrg({ kind: "bank", name: "园区合作银行" });
  bankIn2 = await createOrg({ kind: "bank", name: "园区合作银行二" });
  bankOut = await createOrg({ kind: "bank", name: "园区外银行" });
  parkFirm = await createOrg({ kind: "enterprise", parkId, industry: "integrated_circuits" });
  elsewhereFirm = await createOrg({ kind: "enterprise", parkId: otherPark });
  adminClient = client(server.base);
  await adminClient.login(admin.email, TEST_PASSWORD);
});
afterAll(async () => {
  await server.close();
});

/** A multipart upload with the client's session cookie, as a browser form would send it. */
async function upload(c: ReturnType<typeof client>, path: string, file: { name: string; type: string; body: BlobPart }, fields: Record<string, string> = { intent: "upload" }) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  fd.set("file", new Blob([file.body], { type: file.type }), file.name);
  const cookie = [...c.jar].map(([k, v]) => `${k}=${v}`).join("; ");
  return fetch(server.base + path, { method: "POST", body: fd, headers: { cookie, origin: server.base }, redirect: "manual" });
}

async function createCampaignViaForm(over: Record<string, string> = {}) {
  const body = new URLSearchParams({ name: "张江科学城知识产权质押融资入园惠企", startsOn: "2026-01-01", endsOn: "2026-12-31", targetAmount: "50000", targetEnterprises: "30", ...over });
  body.append("parkIds", parkId);
  body.append("bankOrgIds", bankIn.orgId);
  body.append("bankOrgIds", bankIn2.orgId);
  const cookie = [...adminClient.jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const res = await fetch(`${server.base}/admin/campaigns/new`, { method: "POST", body, headers: { cookie, origin: server.base, "content-type": "application/x-www-form-urlencoded" }, redirect: "manual" });
  return res;
}

async function newCampaign() {
  const res = await createCampaignViaForm();
  expect(res.status).toBe(302);
  return res.headers.get("location")!.split("/").pop()!;
}

describe("creating a campaign", () => {
  it("creates it for a park with two banks, target in 万元 stored as exact 分, audited", async () => {
    const id = await newCampaign();
    const db = await getDb();
    const [c] = await db.select().from(campaigns).where(eq(campaigns.id, id));
    expect(c).toMatchObject({ status: "draft", targetAmount: 50_000n * WAN, targetEnterprises: 30 });
    expect((await campaignOffersFor(db, id)).map((o) => o.bankOrgId).sort()).toEqual([bankIn.orgId, bankIn2.orgId].sort());
    const rows = await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, "campaign.created")));
    expect(rows).toHaveLength(1);
  });

  it("lists each campaign with the number of its banks and whitelisted enterprises (the counts its page shows)", async () => {
    const id = await newCampaign();
    const db = await getDb();
    await db.insert(campaignEnrolments).values([0, 1, 2].map((i) => ({ campaignId: id, enterpriseName: `名单企业${i}`, uscc: randomUscc(), needAmount: 100n * WAN })));
    const row = (await listCampaigns(admin.actor)).find((c) => c.id === id);
    expect(row).toMatchObject({ banks: 2, enrolments: 3 });
    expect(row?.parksZh).not.toBe("");
  });

  it("answers bad input with 400 and field messages in the user's language, never a 500", async () => {
    const res = await createCampaignViaForm({ endsOn: "2025-01-01", targetAmount: "一百万", name: "" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("此项为必填项");
    expect(html).toContain("请输入数字");
    const cookie = [...adminClient.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    const en = await fetch(`${server.base}/admin/campaigns/new?lang=en`, {
      method: "POST", body: new URLSearchParams({ name: "X", startsOn: "2026-05-01", endsOn: "2026-01-01", targetAmount: "10", targetEnterprises: "3", parkIds: parkId }),
      headers: { cookie, origin: server.base }, redirect: "manual",
    });
    expect(en.status).toBe(400);
    expect(await en.text()).toContain("The end date cannot be before the start date");
  });

  it("refuses campaign pages to non-admins (403)", async () => {
    const c = client(server.base);
    await c.login(bankIn.email, TEST_PASSWORD);
    for (const p of ["/admin/campaigns", "/admin/campaigns/new", "/admin/progress", "/admin/targets"]) expect((await c.get(p)).status, p).toBe(403);
  });
});

const code = (first17: string) => first17 + usccCheckCharacter(first17);

describe("whitelist import", () => {
  it("previews every bad row with its line and reason, enrols nothing until committed, then the good rows in one go", async () => {
    const id = await newCampaign();
    const db = await getDb();
    const [parkFirmRow] = await db.select({ uscc: organizations.uscc }).from(organizations).where(eq(organizations.id, parkFirm.orgId));
    const good2 = randomUscc();
    const bad = code("91310115MA1K9ZZZ0").slice(0, 17) + "Z";
    const csv = [
      "企业名称,统一社会信用代码,融资需求（万元）,融资用途,联系人,联系电话",
      `园区芯片公司,${parkFirmRow!.uscc},800,研发,李强,021-50801234`,
      `"上海某某生物, 有限公司",${good2},"1,200.5",流动资金,陈静,13800138000`,
      `坏代码公司,${bad},100,,,`,
      `,${randomUscc()},abc,,,`,
      `重复公司,${good2},50,,,`,
    ].join("\r\n");
    const res = await upload(adminClient, `/admin/campaigns/${id}/import`, { name: "白名单.csv", type: "text/csv", body: "\uFEFF" + csv });
    expect(res.status).toBe(302);
    const previewUrl = res.headers.get("location")!;
    expect(await db.select().from(campaignEnrolments).where(eq(campaignEnrolments.campaignId, id))).toHaveLength(0);

    const page = await (await adminClient.get(previewUrl)).text();
    expect(page).toContain('data-testid="import-error-4"');
    expect(page).toContain("统一社会信用代码");
    expect(page).toMatch(/校验位不正确|含有无效字符/);
    expect(page).toContain('data-testid="import-error-5"');
    expect(page).toContain("与第 3 行的统一社会信用代码重复");
    expect(page).toContain('data-testid="import-row-2"');
    expect(page).toContain('data-testid="import-row-3"');

    const importId = new URL(previewUrl, server.base).searchParams.get("import")!;
    const commit = await adminClient.post(`/admin/campaigns/${id}/import`, { intent: "commit", importId });
    expect(commit.status).toBe(200);
    const enrolled = await db.select().from(campaignEnrolments).where(eq(campaignEnrolments.campaignId, id));
    expect(enrolled.map((e) => e.uscc).sort()).toEqual([parkFirmRow!.uscc, good2].sort());
    const bio = enrolled.find((e) => e.uscc === good2)!;
    expect(bio).toMatchObject({ enterpriseName: "上海某某生物, 有限公司", needAmount: 1_200_500_000n, contactPhone: "13800138000", orgId: null });
    expect(enrolled.find((e) => e.uscc === parkFirmRow!.uscc)!.orgId).toBe(parkFirm.orgId);

    // Committing the same import twice is refused; a later file with the same codes reports them.
    expect((await adminClient.post(`/admin/campaigns/${id}/import`, { intent: "commit", importId })).status).toBe(409);
    const again = await previewWhitelist(admin.actor, id, { name: "again.csv", bytes: new TextEncoder().encode(`企业名称,统一社会信用代码,融资需求（万元）\n再次,${good2},10\n`) });
    const [imp] = await db.select().from(whitelistImports).where(eq(whitelistImports.id, again.importId));
    expect(imp!.validCount).toBe(0);
    expect(imp!.errors).toEqual([{ line: 2, field: "uscc", key: "campaign.import.err.alreadyEnrolled" }]);
  });

  it("imports an Excel file with English headers", async () => {
    const id = await newCampaign();
    const { default: ExcelJS } = await import("exceljs");
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Sheet1");
    const a = randomUscc();
    ws.addRow(["Enterprise name", "USCC", "Financing need (10k yuan)", "Industry"]);
    ws.addRow(["Excel Co", a, 300, "Biomedicine"]);
    ws.addRow(["Bad Co", "123", 300, "Shipbuilding"]);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload(adminClient, `/admin/campaigns/${id}/import?lang=en`, { name: "list.xlsx", type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body: buf });
    expect(res.status).toBe(302);
    const importId = new URL(res.headers.get("location")!, server.base).searchParams.get("import")!;
    const page = await (await adminClient.get(`/admin/campaigns/${id}/import?import=${importId}&lang=en`)).text();
    expect(page).toContain("A unified social credit code has 18 characters");
    expect(page).toContain("Unknown industry");
    const r = await decideWhitelistImport(admin.actor, id, importId, "commit");
    expect(r).toMatchObject({ enrolled: 1, skipped: 0 });
    const db = await getDb();
    const [row] = await db.select().from(campaignEnrolments).where(eq(campaignEnrolments.uscc, a));
    expect(row).toMatchObject({ needAmount: 300n * WAN, industry: "biomedicine" });
  });

  it("answers a file that is not a spreadsheet, or no file, with 400 and a message", async () => {
    const id = await newCampaign();
    const none = await upload(adminClient, `/admin/campaigns/${id}/import`, { name: "empty.csv", type: "text/csv", body: "" });
    expect(none.status).toBe(400);
    const missing = await upload(adminClient, `/admin/campaigns/${id}/import`, { name: "x.csv", type: "text/csv", body: "名称,金额\nA,1\n" });
    expect(missing.status).toBe(302);
    const page = await (await adminClient.get(missing.headers.get("location")!)).text();
    expect(page).toContain("缺少必需的列");
  });
});

describe("who sees the campaign and its enterprises' needs", () => {
  let id: string;
  beforeAll(async () => {
    id = await newCampaign();
    const db = await getDb();
    const [o] = await db.select({ uscc: organizations.uscc }).from(organizations).where(eq(organizations.id, parkFirm.orgId));
    const p = await previewWhitelist(admin.actor, id, { name: "w.csv", bytes: new TextEncoder().encode(`企业名称,统一社会信用代码,融资需求（万元）,融资用途\n园区企业,${o!.uscc},640,设备采购\n未注册企业,${randomUscc()},90,研发\n`) });
    await decideWhitelistImport(admin.actor, id, p.importId, "commit");
    expect((await adminClient.post(`/admin/campaigns/${id}`, { intent: "launch" })).status).toBe(200);
  });

  it("shows a bank of the campaign the whitelist with the needs, and lets it export them", async () => {
    const c = client(server.base);
    await c.login(bankIn.email, TEST_PASSWORD);
    const page = await c.get(`/campaigns/${id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("园区企业");
    expect(html).toContain("640");
    const csv = await c.get(`/campaigns/${id}/export?format=csv`);
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain("6400000.00");
  });

  it("hides the campaign, its needs and its export from a bank outside the campaign (404)", async () => {
    const c = client(server.base);
    await c.login(bankOut.email, TEST_PASSWORD);
    const page = await c.get(`/campaigns/${id}`);
    expect(page.status).toBe(404);
    expect(await page.text()).not.toContain("园区企业");
    expect((await c.get(`/campaigns/${id}/export?format=csv`)).status).toBe(404);
    const list = await (await c.get("/campaigns")).text();
    expect(list).not.toContain(id);
    expect((await c.get(`/admin/exports/campaign-enterprises?campaign=${id}&format=csv`)).status).toBe(403);
  });

  it("shows a park enterprise the catalogue and its own need but not the other enterprises' needs", async () => {
    const c = client(server.base);
    await c.login(parkFirm.email, TEST_PASSWORD);
    const html = await (await c.get(`/campaigns/${id}`)).text();
    expect(html).toContain("园区合作银行");
    expect(html).toContain(`/financing/apply?campaign=${id}`);
    expect(html).not.toContain("未注册企业");
    expect((await c.get(`/campaigns/${id}/export?format=csv`)).status).toBe(403);
  });

  it("hides the campaign from an enterprise of another park that is not on the whitelist (404)", async () => {
    const c = client(server.base);
    await c.login(elsewhereFirm.email, TEST_PASSWORD);
    expect((await c.get(`/campaigns/${id}`)).status).toBe(404);
  });

  it("lets a park enterprise apply within the campaign, and nobody else", async () => {
    const db = await getDb();
    await expect(assertCanApplyInCampaign(db, parkFirm.actor, id)).resolves.toBeUndefined();
    await expect(assertCanApplyInCampaign(db, elsewhereFirm.actor, id)).rejects.toMatchObject({ status: 400, fieldErrors: { campaignId: ["campaign.errors.notAvailable"] } });
    await expect(assertCanApplyInCampaign(db, bankIn.actor, id)).rejects.toMatchObject({ status: 400 });
    await expect(assertCanApplyInCampaign(db, parkFirm.actor, "not-a-uuid")).rejects.toMatchObject({ status: 400 });
  });

  it("told the banks and the registered whitelisted enterprise that the campaign started, once each", async () => {
    const db = await getDb();
    await relayBatch(db, inlineDispatcher(db), 500);
    await relayBatch(db, inlineDispatcher(db), 500);
    for (const org of [bankIn, bankIn2, parkFirm]) {
      const notes = await db.select().from(notifications).where(and(eq(notifications.userId, org.userId), eq(notifications.kind, "campaign.notify.launched")));
      expect(notes.filter((n) => n.link === `/campaigns/${id}`), org.name).toHaveLength(1);
    }
    const outsider = await db.select().from(notifications).where(and(eq(notifications.userId, bankOut.userId), eq(notifications.kind, "campaign.notify.launched")));
    expect(outsider).toHaveLength(0);
    expect((await db.select().from(outbox).where(eq(outbox.name, "org-notice"))).length).toBeGreaterThan(0);
  });
});

describe("matchmaking events and letters of intent", () => {
  it("records an event, a meeting and a letter, and follows the letter to the application and its loan", async () => {
    const id = await newCampaign();
    const db = await getDb();
    const firm = await createOrg({ kind: "enterprise", parkId, industry: "biomedicine" });
    const [o] = await db.select({ uscc: organizations.uscc }).from(organizations).where(eq(organizations.id, firm.orgId));
    const p = await previewWhitelist(admin.actor, id, { name: "w.csv", bytes: new TextEncoder().encode(`企业名称,统一社会信用代码,融资需求（万元）\n对接企业,${o!.uscc},500\n`) });
    await decideWhitelistImport(admin.actor, id, p.importId, "commit");
    const [enrolment] = await db.select().from(campaignEnrolments).where(eq(campaignEnrolments.campaignId, id));

    const ev = await adminClient.post(`/admin/campaigns/${id}/events`, {
      intent: "create-event", title: "张江银企对接会", heldAt: "2026-03-18T14:00", place: "张江科学会堂", bankOrgIds: bankIn.orgId, enrolmentIds: enrolment!.id,
    });
    expect(ev.status).toBe(200);
    const [event] = await db.select().from(campaignEvents).where(eq(campaignEvents.campaignId, id));
    expect(event!.heldAt.toISOString()).toBe("2026-03-18T06:00:00.000Z");
    expect((await adminClient.post(`/admin/campaigns/${id}/events`, { intent: "record-meeting", eventId: event!.id, bankOrgId: bankIn.orgId, enrolmentId: enrolment!.id, notes: "有意向" })).status).toBe(200);
    // A bank that did not attend cannot have had a meeting there.
    expect((await adminClient.post(`/admin/campaigns/${id}/events`, { intent: "record-meeting", eventId: event!.id, bankOrgId: bankIn2.orgId, enrolmentId: enrolment!.id })).status).toBe(400);
    const letter = await adminClient.post(`/admin/campaigns/${id}/events`, {
      intent: "record-letter", eventId: event!.id, bankOrgId: bankIn.orgId, enrolmentId: enrolment!.id, intendedAmount: "400", signedOn: "2026-03-18",
    });
    expect(letter.status).toBe(200);
    expect((await adminClient.post(`/admin/campaigns/${id}/events`, {
      intent: "record-letter", bankOrgId: bankIn.orgId, enrolmentId: enrolment!.id, intendedAmount: "300", signedOn: "2026-03-19",
    })).status).toBe(409);

    let [followed] = await listLetters(db, id);
    expect(followed).toMatchObject({ application_id: null, intended_amount: String(400n * WAN) });

    const product = await insertProduct(bankIn.orgId);
    const app = await insertApplication({
      enterpriseOrgId: firm.orgId, campaignId: id, amountWan: 400n, acceptBankOrgId: bankIn.orgId, registeredOn: "2026-04-10",
      reviews: [{ bankOrgId: bankIn.orgId, productId: product.id, status: "accepted", decidedAfterDays: 3, offerWan: 380n }],
      loan: { disbursedOn: "2026-04-12", status: "active", maturityDate: "2027-04-12" }, status: "disbursed",
    });
    [followed] = await listLetters(db, id);
    expect(followed).toMatchObject({ application_id: app.id, application_status: "disbursed", loan_status: "active", loan_principal: String(380n * WAN), loan_bank_org_id: bankIn.orgId });
    const page = await (await adminClient.get(`/admin/campaigns/${id}/events`)).text();
    expect(page).toContain("张江银企对接会");
    expect(page).toContain(`data-testid="letter-${followed!.id}"`);
  });
});

describe("policy targets", () => {
  it("lets an admin adjust a target, in 亿元 stored as 分, audited; bad years answer 400", async () => {
    const db = await getDb();
    const [pudong] = await db.select().from(policyTargets).where(eq(policyTargets.code, "pudong-cumulative-2022-2025"));
    const form = {
      id: pudong!.id, code: pudong!.code, scope: "district", scopeKey: "浦东新区", labelZh: pudong!.labelZh, labelEn: pudong!.labelEn,
      period: "cumulative", fromYear: "2022", toYear: "2025", target: "32.5", source: pudong!.source ?? "",
    };
    expect((await adminClient.post("/admin/targets", form)).status).toBe(200);
    const [after] = await db.select().from(policyTargets).where(eq(policyTargets.id, pudong!.id));
    expect(after!.targetAmount).toBe(325_000_000_000n);
    expect(await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, pudong!.id), eq(auditEvents.action, "policy-target.updated")))).toHaveLength(1);
    const bad = await adminClient.post("/admin/targets", { ...form, fromYear: "2026" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("截止年份不能早于起始年份");
  });
});
