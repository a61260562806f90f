import { and, count, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { assetAttachments, assetImports, auditEvents, ipAssets } from "#db/schema/index";
import { addDays, addYears, shanghaiDate } from "#app/domain/dates";
import { expiryDate } from "#app/domain/market/assets";
import { patentCheckCharacter } from "#app/domain/patent-number";
import { confirmImport, getImport, IMPORT_TEMPLATE_CSV, previewImport } from "#app/services/asset-import.server";
import { listMyAssets, recordRenewal } from "#app/services/assets.server";
import { createAdmin, createAsset, createOrg, randomPatentNumber, TEST_PASSWORD } from "#tests/support/factories";
import { client, startTestServer } from "#tests/support/server";

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const withCheck = (digits: string) => `${digits}.${patentCheckCharacter(digits)}`;

/** A multipart POST from a signed-in same-origin browser. */
async function upload(c: ReturnType<typeof client>, path: string, fields: Record<string, string>, file: { name: string; bytes: Uint8Array; type?: string }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set("file", new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.type ?? "application/octet-stream" }), file.name);
  return fetch(server.base + path, {
    method: "POST", body: form, redirect: "manual",
    headers: { origin: server.base, cookie: [...c.jar].map(([k, v]) => `${k}=${v}`).join("; ") },
  });
}

describe("the asset form", () => {
  it("stores a valid patent with its number normalised and its expiry derived", async () => {
    const org = await createOrg({ kind: "university" });
    const c = client(server.base);
    await c.login(org.email, TEST_PASSWORD);
    const number = randomPatentNumber("design", 2020);
    const res = await c.post("/assets/new", { kind: "design", number: `ZL ${number}`, title: "一种智能手表表带", filingDate: "2020-03-01", legalStatus: "valid" });
    expect(res.status).toBe(302);
    const db = await getDb();
    const [a] = await db.select().from(ipAssets).where(eq(ipAssets.number, number));
    // A design filed before 2021-06-01 keeps the 10-year term.
    expect(a).toMatchObject({ ownerOrgId: org.orgId, kind: "design", expiryDate: "2030-02-28" });
  });

  it("answers bad input with 400 and field messages in Chinese and in English", async () => {
    const org = await createOrg();
    const c = client(server.base);
    await c.login(org.email, TEST_PASSWORD);
    const form = { kind: "invention", number: "201710601862.4", title: "", filingDate: "2017-13-01", niceClasses: "", ipcClasses: "XYZ" };
    const zh = await c.post("/assets/new", form);
    expect(zh.status).toBe(400);
    const zhHtml = await zh.text();
    for (const m of ["专利号校验位不正确", "此项为必填项", "请输入有效日期", "IPC 分类号格式不正确"]) expect(zhHtml).toContain(m);
    const en = await c.post("/assets/new?lang=en", { ...form, number: "202120000000.7" });
    expect(en.status).toBe(400);
    const enHtml = await en.text();
    expect(enHtml).toContain("The type digit of the number does not match the kind chosen");
    expect(enHtml).toContain("This field is required");
  });

  it("refuses a number that is already registered with a field message, not a 500", async () => {
    const org = await createOrg();
    const existing = await createAsset({ ownerOrgId: org.orgId });
    const c = client(server.base);
    await c.login(org.email, TEST_PASSWORD);
    const res = await c.post("/assets/new", { kind: "invention", number: existing.number, title: "重复", filingDate: existing.filingDate });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("该号码已登记");
  });
});

describe("another organisation's asset", () => {
  it("is a 404 to view, edit or download, and stays visible to an admin", async () => {
    const owner = await createOrg();
    const stranger = await createOrg();
    const asset = await createAsset({ ownerOrgId: owner.orgId });
    const o = client(server.base);
    await o.login(owner.email, TEST_PASSWORD);
    const pdf = new TextEncoder().encode("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n");
    expect((await upload(o, `/assets/${asset.id}`, { intent: "upload" }, { name: "证书.pdf", bytes: pdf })).status).toBe(200);
    const db = await getDb();
    const [file] = await db.select().from(assetAttachments).where(eq(assetAttachments.assetId, asset.id));
    expect(file).toMatchObject({ mime: "application/pdf", fileName: "证书.pdf" });
    expect(file!.storedName).toMatch(/^[0-9a-f-]{36}\.pdf$/);

    const own = await o.get(`/assets/${asset.id}/files/${file!.id}`);
    expect(own.status).toBe(200);
    expect(new Uint8Array(await own.arrayBuffer())).toEqual(pdf);

    const s = client(server.base);
    await s.login(stranger.email, TEST_PASSWORD);
    expect((await s.get(`/assets/${asset.id}`)).status).toBe(404);
    expect((await s.get(`/assets/${asset.id}/files/${file!.id}`)).status).toBe(404);
    expect((await s.post(`/assets/${asset.id}`, { intent: "edit", kind: "invention", number: asset.number, title: "篡改", filingDate: asset.filingDate })).status).toBe(404);
    const [after] = await db.select().from(ipAssets).where(eq(ipAssets.id, asset.id));
    expect(after!.title).toBe(asset.title);

    const admin = await createAdmin();
    const a = client(server.base);
    await a.login(admin.email, TEST_PASSWORD);
    expect((await a.get(`/assets/${asset.id}/files/${file!.id}`)).status).toBe(200);
  });

  it("refuses an upload whose content is not PDF, PNG or JPEG, whatever its name", async () => {
    const owner = await createOrg();
    const asset = await createAsset({ ownerOrgId: owner.orgId });
    const o = client(server.base);
    await o.login(owner.email, TEST_PASSWORD);
    const res = await upload(o, `/assets/${asset.id}`, { intent: "upload" }, { name: "certificate.pdf", bytes: new TextEncoder().encode("<html><script>alert(1)</script>"), type: "application/pdf" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("只接受 PDF、PNG 或 JPEG 文件");
    const db = await getDb();
    expect(await db.select().from(assetAttachments).where(eq(assetAttachments.assetId, asset.id))).toHaveLength(0);
  });
});

describe("bulk import", () => {
  it("writes nothing at preview, then exactly the good rows on confirmation; another organisation cannot confirm it", async () => {
    const org = await createOrg({ kind: "university" });
    const stranger = await createOrg({ kind: "university" });
    const good1 = randomPatentNumber("invention", 2018);
    const good2 = randomPatentNumber("utility_model", 2021);
    const bad = `${good1.slice(0, -1)}${good1.endsWith("0") ? "1" : "0"}`;
    const csv = [
      "类型,号码,名称,申请日,法律状态,行业,尼斯分类",
      `发明,ZL${good1},一种导入测试专利,2018/5/2,有效,先进材料,`,
      `实用新型,${good2},一种导入测试装置,2021-03-04,有效,高端装备,`,
      `发明,${bad},校验位错误的专利,2018-01-01,有效,其他,`,
    ].join("\n");
    const c = client(server.base);
    await c.login(org.email, TEST_PASSWORD);
    const res = await upload(c, "/assets/import", {}, { name: "导入.csv", bytes: new TextEncoder().encode(csv), type: "text/csv" });
    expect(res.status).toBe(302);
    const importId = new URL(res.headers.get("location")!, server.base).searchParams.get("id")!;
    const db = await getDb();
    const owned = () => db.select({ number: ipAssets.number }).from(ipAssets).where(eq(ipAssets.ownerOrgId, org.orgId));
    expect(await owned()).toHaveLength(0);

    const preview = await c.get(`/assets/import?id=${importId}`);
    const html = await preview.text();
    expect(html).toContain("可导入 2 行，有问题 1 行");
    expect(html).toContain("专利号校验位不正确");

    const s = client(server.base);
    await s.login(stranger.email, TEST_PASSWORD);
    expect((await s.get(`/assets/import?id=${importId}`)).status).toBe(404);
    expect((await s.post("/assets/import", { intent: "confirm", importId })).status).toBe(404);
    expect(await owned()).toHaveLength(0);

    expect((await c.post("/assets/import", { intent: "confirm", importId })).status).toBe(302);
    expect((await owned()).map((r) => r.number).sort()).toEqual([good1, good2].sort());
    // Confirming twice imports once.
    expect((await c.post("/assets/import", { intent: "confirm", importId })).status).toBe(302);
    expect(await owned()).toHaveLength(2);
  });

  it("imports 5,000 XLSX rows in one transaction within seconds", async () => {
    const org = await createOrg({ kind: "university" });
    const { default: ExcelJS } = await import("exceljs");
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("资产");
    ws.addRow(["类型", "号码", "名称", "英文名称", "摘要", "申请日", "授权日", "法律状态", "年费缴至", "IPC分类", "行业"]);
    const base = 1_000_000 + Math.floor(Math.random() * 8_000_000);
    for (let i = 0; i < 5000; i++) {
      const number = withCheck(`20151${String(base + i).padStart(7, "0")}`);
      ws.addRow(["发明", number, `一种批量导入的高分子复合材料制备方法${i}`, `Polymer composite preparation ${i}`, "本发明公开了一种高分子复合材料及其制备方法。",
        new Date(Date.UTC(2015, 2, 1 + (i % 28))), new Date(Date.UTC(2018, 5, 1)), "有效", "2026-02-28", "C08L 23/06", "先进材料"]);
    }
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const t0 = performance.now();
    const p = await previewImport(org.actor, { name: "5000.xlsx", bytes });
    const t1 = performance.now();
    expect(p).toMatchObject({ validCount: 5000, errorCount: 0 });
    const db = await getDb();
    const [before] = await db.select({ n: count() }).from(ipAssets).where(eq(ipAssets.ownerOrgId, org.orgId));
    expect(before!.n).toBe(0);
    const r = await confirmImport(org.actor, p.id);
    const t2 = performance.now();
    expect(r.imported).toBe(5000);
    const [after] = await db.select({ n: count() }).from(ipAssets).where(eq(ipAssets.ownerOrgId, org.orgId));
    expect(after!.n).toBe(5000);
    console.log(`[market] 5,000-row XLSX import: preview ${Math.round(t1 - t0)} ms, confirm ${Math.round(t2 - t1)} ms`);
    // Imported rows share one timestamp: the asset list still pages through them without repeats.
    const page1 = await listMyAssets(org.actor);
    const page2 = await listMyAssets(org.actor, { after: page1.next });
    expect(page1.items).toHaveLength(50);
    expect(page2.items).toHaveLength(50);
    expect(new Set([...page1.items, ...page2.items].map((a) => a.id)).size).toBe(100);
    const view = await getImport(org.actor, p.id);
    expect(view.status).toBe("confirmed");
    const [row] = await db.select({ status: assetImports.status }).from(assetImports).where(and(eq(assetImports.id, p.id), inArray(assetImports.status, ["confirmed"])));
    expect(row).toBeDefined();
  }, 90_000);
});

describe("the import template", () => {
  it("imports as it is: a patent, and a trademark renewed once whose registration runs 10 more years", async () => {
    const org = await createOrg({ kind: "university" });
    const p = await previewImport(org.actor, { name: "template.csv", bytes: new TextEncoder().encode(IMPORT_TEMPLATE_CSV) });
    expect(p).toMatchObject({ validCount: 2, errorCount: 0 });
    await confirmImport(org.actor, p.id);
    const db = await getDb();
    const [tm] = await db.select().from(ipAssets).where(and(eq(ipAssets.ownerOrgId, org.orgId), eq(ipAssets.kind, "trademark")));
    expect(tm).toMatchObject({ number: "12345678", renewals: 1, expiryDate: "2035-06-06" });
  });
});

describe("trademark renewal", () => {
  const trademarkExpiringIn = async (ownerOrgId: string, days: number) => {
    const registered = addYears(addDays(shanghaiDate(), days + 1), -10);
    const expiry = expiryDate({ kind: "trademark", filingDate: addYears(registered, -1), registrationDate: registered })!;
    return createAsset({ ownerOrgId, kind: "trademark", filingDate: addYears(registered, -1), grantDate: registered, expiryDate: expiry, annuityPaidThrough: null, niceClasses: [9] });
  };

  it("records a renewal within the window: 10 more years, audited, and never twice", async () => {
    const org = await createOrg();
    const tm = await trademarkExpiringIn(org.orgId, 90);
    const r = await recordRenewal(org.actor, tm.id);
    expect(r).toMatchObject({ renewals: 1, expiryDate: addYears(tm.expiryDate, 10) });
    const db = await getDb();
    const [row] = await db.select().from(ipAssets).where(eq(ipAssets.id, tm.id));
    expect(row).toMatchObject({ renewals: 1, expiryDate: addYears(tm.expiryDate, 10) });
    const audits = await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, tm.id), eq(auditEvents.action, "market.asset-renewed")));
    expect(audits).toHaveLength(1);
    await expect(recordRenewal(org.actor, tm.id)).rejects.toMatchObject({ status: 409, messageKey: "market.errors.renewalClosed" });
  });

  it("refuses a renewal outside the window, and another organisation's trademark is not there", async () => {
    const org = await createOrg();
    const early = await trademarkExpiringIn(org.orgId, 800);
    await expect(recordRenewal(org.actor, early.id)).rejects.toMatchObject({ status: 409, messageKey: "market.errors.renewalClosed" });
    const stranger = await createOrg();
    const tm = await trademarkExpiringIn(org.orgId, 30);
    await expect(recordRenewal(stranger.actor, tm.id)).rejects.toMatchObject({ status: 404 });
    const s = client(server.base);
    await s.login(stranger.email, TEST_PASSWORD);
    expect((await s.post(`/assets/${tm.id}`, { intent: "renew" })).status).toBe(404);
  });

  it("renews from the asset page, and keeps the renewed term when the asset is edited", async () => {
    const org = await createOrg();
    const tm = await trademarkExpiringIn(org.orgId, 30);
    const c = client(server.base);
    await c.login(org.email, TEST_PASSWORD);
    const page = await (await c.get(`/assets/${tm.id}`)).text();
    expect(page).toContain("记录续展");
    const res = await c.post(`/assets/${tm.id}`, { intent: "renew" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`已记录续展，注册有效期至 ${addYears(tm.expiryDate, 10)}`);
    const edit = { intent: "edit", kind: "trademark", number: tm.number, title: "芯微", filingDate: tm.filingDate, grantDate: tm.grantDate!, niceClasses: "9", renewals: "1" };
    expect((await c.post(`/assets/${tm.id}`, edit)).status).toBe(200);
    const db = await getDb();
    const [row] = await db.select().from(ipAssets).where(eq(ipAssets.id, tm.id));
    expect(row).toMatchObject({ title: "芯微", renewals: 1, expiryDate: addYears(tm.expiryDate, 10) });
    const bad = await c.post(`/assets/${tm.id}?lang=en`, { ...edit, renewals: "many" });
    expect(bad.status).toBe(400);
  });
});
