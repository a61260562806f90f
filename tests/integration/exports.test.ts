import { beforeAll, describe, expect, it } from "vitest";
import { buildExport, campaignApplicationCsv } from "#app/services/exports.server";
import { csvStream, csvTextStream, keysetChunks, xlsxStream } from "#app/utils/export-stream.server";
import { translator, type Locale } from "#app/i18n/index";
import { client, startTestServer } from "#tests/support/server";
import { createAdmin, createOrg, TEST_PASSWORD, type TestOrg } from "#tests/support/factories";
import { insertApplication, insertCampaign, insertPark, insertProduct } from "#tests/support/campaign-fixtures";

/**
 * The campaign applications export's CSV is made by PostgreSQL (app/utils/export-sql.server.ts): it
 * must write exactly what the row-by-row writer (`csvStream` over the same columns) writes, with the
 * formula escaping, quoting, money, dates and translated labels, across batch boundaries.
 */
let admin: TestOrg, bank: TestOrg;
let campaignId: string;
const NASTY = ["=HYPERLINK(\"http://evil\")", "+86 21 5080", "-1+1", "@SUM(A1)", "上海某某, \"有限\"公司", "换行\n公司", "\t制表符公司", "控制\u0007字符 <&> 公司", "控制\u0003符公司", "A&B 公司", "普通企业"];

beforeAll(async () => {
  admin = await createAdmin();
  const park = await insertPark("浦东新区");
  bank = await createOrg({ kind: "bank", name: "=甲银行" });
  const other = await createOrg({ kind: "bank", name: "乙银行, 分行" });
  const p1 = await insertProduct(bank.orgId);
  const p2 = await insertProduct(other.orgId);
  campaignId = (await insertCampaign({ parkIds: [park.id], bankOrgIds: [bank.orgId, other.orgId] })).id;
  for (const [i, name] of NASTY.entries()) {
    const e = await createOrg({ kind: "enterprise", name, parkId: i % 3 === 0 ? null : park.id, industry: i % 2 ? "biomedicine" : null });
    await insertApplication({
      enterpriseOrgId: e.orgId, campaignId, amountWan: BigInt(100 + i * 37), submittedAt: new Date(Date.UTC(2025, 1, 1 + i, 2, 3, 4, 567)),
      ...(i % 2 === 0
        ? {
          acceptBankOrgId: bank.orgId, registeredOn: "2025-03-10", status: "disbursed" as const,
          reviews: [{ bankOrgId: bank.orgId, productId: p1.id, status: "accepted" as const, decidedAfterDays: 2, offerWan: 90n }, { bankOrgId: other.orgId, productId: p2.id, status: "rejected" as const, decidedAfterDays: 5 }],
          loan: { disbursedOn: "2025-03-15", status: "active" as const, maturityDate: "2026-03-15" },
        }
        : { reviews: [{ bankOrgId: other.orgId, productId: p2.id, status: "under_review" as const }] }),
    });
  }
  // A draft is not exported.
  const draft = await createOrg({ kind: "enterprise", name: "草稿企业" });
  await insertApplication({ enterpriseOrgId: draft.orgId, campaignId, amountWan: 1n, submittedAt: null });
});

async function text(stream: ReadableStream<Uint8Array>) {
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(stream).arrayBuffer());
}

describe("campaign applications export (CSV made by the database)", () => {
  for (const locale of ["zh-CN", "en"] as const satisfies Locale[]) {
    it(`writes the same bytes as the row-by-row writer (${locale}), in one batch and in batches of 3`, async () => {
      const spec = await buildExport(admin.actor, "campaign-applications", new URLSearchParams({ campaign: campaignId }), translator(locale), locale);
      expect(spec.csvText).toBeDefined();
      const expected = await text(csvStream(spec.columns, spec.fetch));
      const headers = spec.columns.map((c) => c.header);
      expect(await text(csvTextStream(headers, spec.csvText!))).toBe(expected);
      // COPY (the default on PostgreSQL), one cursor in chunks of 3 lines, and keyset batches of 3 (PGlite's way), across their boundaries.
      expect(await text(csvTextStream(headers, campaignApplicationCsv(campaignId, headers, locale, 3, "copy")))).toBe(expected);
      expect(await text(csvTextStream(headers, campaignApplicationCsv(campaignId, headers, locale, 3, "cursor")))).toBe(expected);
      expect(await text(csvTextStream(headers, campaignApplicationCsv(campaignId, headers, locale, 3, "batches")))).toBe(expected);
      // The reference itself: every submitted application once, text that looks like a formula kept as text.
      expect(expected.split("\r\n").filter((l) => /^[0-9a-f]{8}-/.test(l))).toHaveLength(NASTY.length);
      expect(expected).toContain(`"'=HYPERLINK(""http://evil"")"`);
      expect(expected).toContain(",'+86 21 5080,");
      expect(expected).toContain(",'@SUM(A1),");
      expect(expected).toContain(`"'=甲银行、乙银行, 分行"`);
      expect(expected).not.toContain("草稿企业");
      expect(expected).toContain(locale === "en" ? "Biomedicine" : "生物医药");
      expect(expected).toContain("2025-02-01T02:03:04.567Z");
    });
  }

  it("writes the same XLSX cells through COPY, the cursor and keyset batches (every cell, read back by exceljs)", async () => {
    const { default: ExcelJS } = await import("exceljs");
    const spec = await buildExport(admin.actor, "campaign-applications", new URLSearchParams({ campaign: campaignId }), translator("zh-CN"), "zh-CN");
    expect(spec.rows).toBeDefined();
    expect(spec.xlsxFile).toBeDefined();
    const cells = async (stream: ReadableStream<Uint8Array>) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await new Response(stream).arrayBuffer());
      const out: unknown[][] = [];
      wb.worksheets[0]!.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
      return { name: wb.worksheets[0]!.name, out };
    };
    const viaCursor = await cells(xlsxStream(spec.sheetName, spec.columns, spec.rows!));
    expect(viaCursor).toEqual(await cells(xlsxStream(spec.sheetName, spec.columns, keysetChunks(spec.fetch))));
    // The rows PostgreSQL writes (the download's way on PostgreSQL): the same text, numbers, 元 and dates.
    const viaCopy = await cells(spec.xlsxFile!());
    expect(viaCopy).toEqual(viaCursor);
    expect(viaCursor.out).toHaveLength(NASTY.length + 1);
    // A spreadsheet cell holds it as text, not a formula: no quote needed there; what XML cannot hold is dropped.
    expect(viaCopy.out.flat()).toContain('=HYPERLINK("http://evil")');
    expect(viaCopy.out.flat()).toContain("控制字符 <&> 公司");
    // A row whose only character to escape is a control character, and one whose only one is an &.
    expect(viaCopy.out.flat()).toContain("控制符公司");
    expect(viaCopy.out.flat()).toContain("A&B 公司");
    expect(viaCopy.out.flat()).toContain("换行\n公司");
    expect(viaCopy.out.flat()).toContainEqual(new Date(Date.UTC(2025, 1, 1, 2, 3, 4, 567)));
  });

  it("ends the XLSX's COPY when its download is cancelled half-way", async () => {
    const { getDb, getHandle } = await import("#db/client.server");
    const { sql } = await import("drizzle-orm");
    const { sqlXlsxCopy } = await import("#app/utils/export-xlsx-sql.server");
    const db = await getDb();
    const { copy } = await getHandle();
    const running = async () => Number((await db.execute<{ n: string }>(sql`select count(*) as n from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and query like 'copy (% as e__%'
      and state = 'active'`))[0]!.n);
    const select = sql`select g as id, repeat(${"x"}, 100) as t from generate_series(1, ${2_000_000}::int) g`;
    const reader = sqlXlsxCopy({ copy: copy!, select, key: "id", columns: [{ header: "n", value: sql`b.id`, kind: "number" }, { header: "t", value: sql`b.t` }], sheetName: "s" }).getReader();
    await expect.poll(running, { timeout: 5_000, interval: 20 }).toBe(1);
    expect((await reader.read()).value!.byteLength).toBeGreaterThan(0);
    await reader.cancel();
    await expect.poll(running, { timeout: 5_000, interval: 50 }).toBe(0);
    // A statement that fails half-way fails the download (an error for its reader, nothing uncaught).
    const failing = sql`select g as id, 1 / (${5_000}::int - g) as t from generate_series(1, ${10_000}::int) g`;
    const broken = sqlXlsxCopy({ copy: copy!, select: failing, key: "id", columns: [{ header: "t", value: sql`b.t`, kind: "number" }], sheetName: "s" });
    await expect(new Response(broken).arrayBuffer()).rejects.toThrow();
    expect(Number((await db.execute<{ n: number }>(sql`select 1 as n`))[0]!.n)).toBe(1);
  });

  it("writes a lone \\. in a one-column XLSX (the one value the lines format's COPY quotes) as it is", async () => {
    const { default: ExcelJS } = await import("exceljs");
    const { getHandle } = await import("#db/client.server");
    const { sql } = await import("drizzle-orm");
    const { sqlXlsxCopy } = await import("#app/utils/export-xlsx-sql.server");
    const { copy } = await getHandle();
    const select = sql`select g as id, case when g = 1 then chr(92) || '.' else 'x' end as t from generate_series(1, 2) g`;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await new Response(sqlXlsxCopy({ copy: copy!, select, key: "id", columns: [{ header: "t", value: sql`b.t` }], sheetName: "s" })).arrayBuffer());
    const out: unknown[] = [];
    wb.worksheets[0]!.eachRow((row) => out.push(row.getCell(1).value));
    expect(out).toEqual(["t", "\\.", "x"]);
  });

  it("closes the cursor when the download is cancelled half-way: its connection is free, nothing left open", async () => {
    const { getDb } = await import("#db/client.server");
    const { sql } = await import("drizzle-orm");
    const db = await getDb();
    const headers = (await buildExport(admin.actor, "campaign-applications", new URLSearchParams({ campaign: campaignId }), translator("en"), "en")).columns.map((c) => c.header);
    const busy = async () => Number((await db.execute<{ n: string }>(sql`select count(*) as n from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and state in ('active', 'idle in transaction')`))[0]!.n);
    const reader = csvTextStream(headers, campaignApplicationCsv(campaignId, headers, "en", 2, "cursor")).getReader();
    await reader.read(); // the header
    expect((await reader.read()).value!.byteLength).toBeGreaterThan(0); // the first 2 lines: the portal is open
    expect(await busy()).toBe(1);
    await reader.cancel();
    await expect.poll(busy, { timeout: 5_000, interval: 50 }).toBe(0);
  });

  it("cancels a COPY stopped half-way: its statement ends, the pool still answers", async () => {
    const { getDb, getHandle } = await import("#db/client.server");
    const { sql } = await import("drizzle-orm");
    const db = await getDb();
    const { copy } = await getHandle();
    const running = async () => Number((await db.execute<{ n: string }>(sql`select count(*) as n from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and query like 'copy (select g, repeat%'
      and state = 'active'`))[0]!.n);
    // Some 200 MB: far more than the sockets hold, so PostgreSQL is still writing when the reader stops.
    let bytes = 0;
    for await (const chunk of copy!(sql`select g, repeat(${"x"}, 100) from generate_series(1, ${2_000_000}::int) g`)) {
      bytes += chunk.byteLength;
      expect(await running()).toBe(1);
      break;
    }
    expect(bytes).toBeGreaterThan(0);
    await expect.poll(running, { timeout: 5_000, interval: 50 }).toBe(0);
    expect(Number((await db.execute<{ n: number }>(sql`select 1 as n`))[0]!.n)).toBe(1);
    // Read whole in CSV: PostgreSQL's own quoting, LF at the ends of lines.
    let all = "";
    for await (const chunk of copy!(sql`select g, ${"a,b"}::text from generate_series(1, 3) g`, "csv")) all += Buffer.from(chunk).toString();
    expect(all).toBe('1,"a,b"\n2,"a,b"\n3,"a,b"\n');
  });

  it("refuses a COPY parameter that cannot be written as a plain literal", async () => {
    const { getHandle } = await import("#db/client.server");
    const { sql } = await import("drizzle-orm");
    const { copy } = await getHandle();
    expect(() => copy!(sql`select ${"a\\b"}::text`)).toThrow(/literal/);
    expect(() => copy!(sql`select ${new Date()}::text`)).toThrow(/literal/);
  });

  it("serves it to the platform only: a bank of the campaign gets a 403", async () => {
    const server = await startTestServer();
    try {
      const c = client(server.base);
      await c.login(admin.email, TEST_PASSWORD);
      const res = await c.get(`/admin/exports/campaign-applications?campaign=${campaignId}&format=csv`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/csv");
      const body = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
      expect(body.startsWith("\uFEFF")).toBe(true);
      expect(body).toContain(`"'=HYPERLINK(""http://evil"")"`);
      const b = client(server.base);
      await b.login(bank.email, TEST_PASSWORD);
      expect((await b.get(`/admin/exports/campaign-applications?campaign=${campaignId}&format=csv`)).status).toBe(403);
      expect((await c.get(`/admin/exports/campaign-applications?campaign=00000000-0000-4000-8000-000000000000&format=csv`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
