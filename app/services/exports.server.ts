import { sql, type SQL } from "drizzle-orm";
import { getDb, getHandle, queryRows } from "#db/client.server";
import { auditFilterFrom } from "#app/domain/forms/admin";
import { isMessageKey, type Locale, type Translate } from "#app/i18n/index";
import type { Actor } from "#app/domain/policy/index";
import { ServiceError } from "#app/utils/http.server";
import { singleBatch, type BatchFetcher, type ExportColumn, type RowChunks, type TextChunks } from "#app/utils/export-stream.server";
import { labelSql, labelsJson, sqlCsvBatches, sqlCsvCopy, sqlCsvCursor, type SqlCsvKind } from "#app/utils/export-sql.server";
import { sqlXlsxCopy, type SqlXlsxKind } from "#app/utils/export-xlsx-sql.server";
import { auditBatches } from "./admin-console.server";
import { campaignProgress, platformProgress } from "./campaign-progress.server";
import { campaignRef } from "./campaigns-shared.server";
import { enrolmentBatches } from "./campaign-whitelist.server";
import { isUuid } from "#app/domain/ids";

export type ExportSpec = {
  fileName: string;
  sheetName: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: ExportColumn<any>[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  fetch: BatchFetcher<any, any>;
  /** The same CSV made by the database, for the large exports (app/utils/export-sql.server.ts). */
  csvText?: TextChunks;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  rows?: RowChunks<any>;
  /** The same XLSX made by the database (app/utils/export-xlsx-sql.server.ts). */
  xlsxFile?: () => ReadableStream<Uint8Array>;
};

type Builder = (actor: Actor, params: URLSearchParams, t: Translate, locale: Locale) => Promise<ExportSpec>;

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
const today = () => new Date().toISOString().slice(0, 10);

const builders: Record<string, Builder> = {
  async audit(actor, params, t) {
    const filter = auditFilterFrom(params);
    if (!filter.success) throw new ServiceError(400, "errors.badRequest");
    type Row = Awaited<ReturnType<ReturnType<typeof auditBatches>>>["rows"][number];
    const columns: ExportColumn<Row>[] = [
      { header: "ID", value: (r) => r.id },
      { header: t("console.audit.time"), value: (r) => r.createdAt },
      { header: t("console.audit.actorEmail"), value: (r) => r.actorEmail },
      { header: t("console.audit.actorName"), value: (r) => r.actorName },
      { header: t("console.audit.actorOrg"), value: (r) => r.actorOrgName },
      { header: t("console.audit.action"), value: (r) => r.action },
      { header: t("console.audit.entityType"), value: (r) => r.entityType },
      { header: t("console.audit.entityId"), value: (r) => r.entityId },
      { header: t("console.audit.org"), value: (r) => r.orgName },
      { header: t("console.audit.before"), value: (r) => json(r.before) },
      { header: t("console.audit.after"), value: (r) => json(r.after) },
      { header: "IP", value: (r) => r.ip },
    ];
    return { fileName: `${t("export.file.audit")}-${today()}`, sheetName: t("export.file.audit"), columns, fetch: auditBatches(actor, filter.data) };
  },
};

/** A status or industry key in the reader's language (the raw key when no context translates it). */
const translateLabel = (t: Translate, prefix: string, v: unknown) => {
  const key = `${prefix}.${v}`;
  return v === null || v === undefined || v === "" ? null : isMessageKey(key) ? t(key) : String(v);
};
/** The same, looked up once per distinct value and translator (an export asks for it on every row). */
const labelCache = new WeakMap<Translate, Map<string, string | null>>();
const label = (t: Translate, prefix: string, v: unknown) => {
  let cache = labelCache.get(t);
  if (!cache) labelCache.set(t, (cache = new Map()));
  const key = `${prefix}\u0000${String(v)}`;
  let out = cache.get(key);
  if (out === undefined && !cache.has(key)) cache.set(key, (out = translateLabel(t, prefix, v)));
  return out ?? null;
};
const PLATFORM_DIMENSIONS = ["year", "district", "park", "bank", "industry"] as const;
const campaignParam = (params: URLSearchParams) => {
  const id = params.get("campaign") ?? "";
  if (!isUuid(id)) throw new ServiceError(404, "errors.notFound");
  return id;
};
async function campaignName(id: string) {
  const db = await getDb();
  const [row] = await queryRows<{ name: string }>(db, sql`select name from campaigns where id = ${id}`);
  if (!row) throw new ServiceError(404, "errors.notFound");
  return row.name;
}
const safeName = (s: string) => s.replace(/[\\/:*?"<>|]/g, " ").slice(0, 60);

type AppRow = {
  id: string; enterprise_name: string; uscc: string; industry: string | null; park_zh: string | null; park_en: string | null; amount_fen: string;
  term_months: number; status: string; submitted_at: Date | string | null; banks: string | null; accepted_bank: string | null;
  accepted_amount: string | null; registered_on: string | null; loan_principal: string | null; loan_status: string | null;
};
type LoanRow = {
  id: string; application_id: string; enterprise_name: string; uscc: string; bank_name: string; principal_fen: string; rate_bp: number;
  term_months: number; disbursed_on: string | null; maturity_date: string | null; status: string; paid_principal: string; settled_at: Date | string | null;
  defaulted_at: Date | string | null;
};

/**
 * The keyset condition, repeated on the outer-joined tables: the planner does not carry `a.id > x`
 * over a LEFT JOIN, and a merge join would otherwise read their index from the start for every batch.
 */
const after = (column: SQL, cursor: string | null) => (cursor ? sql`and ${column} > ${cursor}::uuid` : sql``);

/** The applications export's SELECT: after `cursor` (by id), `limit` rows, or all of them (the benchmark COPYs it). */
export function campaignApplicationsSql(campaignId: string, cursor: string | null, limit: number | null) {
  return sql`
      select a.id, o.name as enterprise_name, o.uscc, o.industry, p.name_zh as park_zh, p.name_en as park_en, a.amount_fen::text, a.term_months,
        a.status::text, a.submitted_at,
        (select string_agg(bo.name, '、' order by bo.name) from bank_reviews r join organizations bo on bo.id = r.bank_org_id where r.application_id = a.id) as banks,
        ab.name as accepted_bank, ao.amount_fen::text as accepted_amount, reg.registered_on::text, l.principal_fen::text as loan_principal, l.status::text as loan_status
      from pledge_applications a
      join organizations o on o.id = a.enterprise_org_id
      left join parks p on p.id = o.park_id
      left join loan_offers ao on ao.review_id = a.accepted_review_id
      left join organizations ab on ab.id = ao.bank_org_id
      left join pledge_registrations reg on reg.application_id = a.id and reg.status in ('registered', 'released') ${after(sql`reg.application_id`, cursor)}
      left join loans l on l.application_id = a.id ${after(sql`l.application_id`, cursor)}
      where a.campaign_id = ${campaignId} and a.submitted_at is not null ${after(sql`a.id`, cursor)}
      order by a.id ${limit === null ? sql`` : sql`limit ${limit}`}`;
}

/** Applications of a campaign in keyset batches by id (every batch one indexed range scan). */
export function campaignApplicationBatches(campaignId: string, batchSize = 5000) {
  return async (cursor: string | null) => {
    const db = await getDb();
    const rows = await queryRows<AppRow>(db, campaignApplicationsSql(campaignId, cursor, batchSize));
    return { rows, next: rows.length === batchSize ? rows[rows.length - 1]!.id : null };
  };
}

/** The same rows through one cursor over the whole SELECT (PostgreSQL; none on PGlite). */
async function campaignApplicationRows(campaignId: string, rows = 5000): Promise<RowChunks<AppRow> | undefined> {
  const { cursor } = await getHandle();
  return cursor && (() => cursor<AppRow>(campaignApplicationsSql(campaignId, null, null), rows));
}

export function campaignLoanBatches(campaignId: string, batchSize = 5000) {
  return async (cursor: string | null) => {
    const db = await getDb();
    const rows = await queryRows<LoanRow>(db, sql`
      select l.id, l.application_id, o.name as enterprise_name, o.uscc, b.name as bank_name, l.principal_fen::text, l.rate_bp, l.term_months,
        l.disbursed_on::text, l.maturity_date::text, l.status::text,
        coalesce((select sum(i.paid_principal_fen) from loan_instalments i where i.loan_id = l.id), 0)::text as paid_principal,
        l.settled_at, l.defaulted_at
      from loans l
      join pledge_applications a on a.id = l.application_id
      join organizations o on o.id = l.enterprise_org_id
      join organizations b on b.id = l.bank_org_id
      where a.campaign_id = ${campaignId} ${cursor ? sql`and l.id > ${cursor}::uuid` : sql``}
      order by l.id limit ${batchSize}`);
    return { rows, next: rows.length === batchSize ? rows[rows.length - 1]!.id : null };
  };
}

const fenOrNull = (v: string | null) => (v === null ? null : BigInt(v));

/** The applications export's cells in SQL over its SELECT (`b`), each as CSV and as XLSX writes it. */
function applicationCells(locale: Locale): Array<[SQL, SqlCsvKind, SqlXlsxKind]> {
  const industries = labelsJson("industry", locale), statuses = labelsJson("status", locale);
  const b = (c: string) => sql.raw(`b.${c}`);
  return [
    [b("id"), "number", "text"], [b("enterprise_name"), "text", "text"], [b("uscc"), "text", "text"],
    [labelSql(industries, sql`coalesce(b.industry, 'other')`), "text", "text"], [b(locale === "en" ? "park_en" : "park_zh"), "text", "text"],
    [b("amount_fen"), "money", "money"], [b("term_months"), "number", "number"], [labelSql(statuses, b("status")), "text", "text"],
    [b("submitted_at"), "timestamp", "timestamp"], [b("banks"), "text", "text"], [b("accepted_bank"), "text", "text"],
    [b("accepted_amount"), "money", "money"], [b("registered_on"), "number", "text"], [b("loan_principal"), "money", "money"],
    [labelSql(statuses, b("loan_status")), "text", "text"],
  ];
}

/**
 * The applications export as CSV made by PostgreSQL: the same cells as its columns. On PostgreSQL its COPY
 * (FORMAT csv); with `via: "cursor"` one cursor over the whole SELECT (`rows` lines per chunk); on PGlite, or
 * with `via: "batches"`, keyset batches.
 */
export function campaignApplicationCsv(campaignId: string, headers: string[], locale: Locale, rows = 10_000, via?: "copy" | "cursor" | "batches"): TextChunks {
  const columns = applicationCells(locale).map(([value, kind], i) => ({ header: headers[i]!, value, kind }));
  return async function* () {
    const handle = await getHandle();
    const select = campaignApplicationsSql(campaignId, null, null);
    const chunks = handle.copy && (via ?? "copy") === "copy"
      ? sqlCsvCopy({ copy: handle.copy, select, key: "id", columns })
      : handle.cursor && via !== "batches"
      ? sqlCsvCursor({ cursor: handle.cursor, select, key: "id", columns, rows })
      : sqlCsvBatches({
        run: async (query) => queryRows(handle.db, query), select: (cursor, limit) => campaignApplicationsSql(campaignId, cursor, limit),
        key: "id", batchSize: rows, columns,
      });
    yield* chunks();
  };
}

/** The applications export as XLSX whose rows PostgreSQL writes (its COPY); none on PGlite (exceljs writes it). */
export async function campaignApplicationXlsx(campaignId: string, headers: string[], locale: Locale, sheetName: string) {
  const { copy } = await getHandle();
  const columns = applicationCells(locale).map(([value, , kind], i) => ({ header: headers[i]!, value, kind }));
  return copy && (() => sqlXlsxCopy({ copy, select: campaignApplicationsSql(campaignId, null, null), key: "id", columns, sheetName }));
}

Object.assign(builders, {
  async "campaign-enterprises"(actor, params, t) {
    const id = campaignParam(params);
    const { requireCan } = await import("#app/utils/auth.server");
    requireCan(actor, "campaign.manage");
    const name = await campaignName(id);
    return { fileName: `${safeName(name)}-${t("export.file.enterprises")}`, sheetName: t("export.file.enterprises"), columns: enrolmentColumns(t), fetch: enrolmentBatches(id) };
  },
  async "campaign-applications"(actor, params, t, locale) {
    const id = campaignParam(params);
    const { requireCan } = await import("#app/utils/auth.server");
    requireCan(actor, "campaign.dashboard");
    const name = await campaignName(id);
    const columns: ExportColumn<AppRow>[] = [
      { header: t("export.col.applicationId"), value: (r) => r.id },
      { header: t("campaign.field.enterpriseName"), value: (r) => r.enterprise_name },
      { header: t("campaign.field.uscc"), value: (r) => r.uscc },
      { header: t("campaign.field.industry"), value: (r) => label(t, "industry", r.industry ?? "other") },
      { header: t("export.col.park"), value: (r) => (locale === "en" ? r.park_en : r.park_zh) },
      { header: t("export.col.amountYuan"), value: (r) => BigInt(r.amount_fen), money: true },
      { header: t("export.col.termMonths"), value: (r) => r.term_months },
      { header: t("export.col.status"), value: (r) => label(t, "status", r.status) },
      { header: t("export.col.submittedAt"), value: (r) => (r.submitted_at ? new Date(r.submitted_at) : null) },
      { header: t("export.col.banks"), value: (r) => r.banks },
      { header: t("export.col.acceptedBank"), value: (r) => r.accepted_bank },
      { header: t("export.col.acceptedAmountYuan"), value: (r) => fenOrNull(r.accepted_amount), money: true },
      { header: t("export.col.registeredOn"), value: (r) => r.registered_on },
      { header: t("export.col.loanPrincipalYuan"), value: (r) => fenOrNull(r.loan_principal), money: true },
      { header: t("export.col.loanStatus"), value: (r) => label(t, "status", r.loan_status) },
    ];
    return {
      fileName: `${safeName(name)}-${t("export.file.applications")}`, sheetName: t("export.file.applications"), columns, fetch: campaignApplicationBatches(id),
      rows: await campaignApplicationRows(id),
      csvText: campaignApplicationCsv(id, columns.map((c) => c.header), locale),
      xlsxFile: await campaignApplicationXlsx(id, columns.map((c) => c.header), locale, t("export.file.applications")),
    };
  },
  async "campaign-loans"(actor, params, t) {
    const id = campaignParam(params);
    const { requireCan } = await import("#app/utils/auth.server");
    requireCan(actor, "campaign.dashboard");
    const name = await campaignName(id);
    const columns: ExportColumn<LoanRow>[] = [
      { header: t("export.col.loanId"), value: (r) => r.id },
      { header: t("export.col.applicationId"), value: (r) => r.application_id },
      { header: t("campaign.field.enterpriseName"), value: (r) => r.enterprise_name },
      { header: t("campaign.field.uscc"), value: (r) => r.uscc },
      { header: t("progress.bank"), value: (r) => r.bank_name },
      { header: t("export.col.loanPrincipalYuan"), value: (r) => BigInt(r.principal_fen), money: true },
      { header: t("export.col.ratePct"), value: (r) => (r.rate_bp / 100).toFixed(2) },
      { header: t("export.col.termMonths"), value: (r) => r.term_months },
      { header: t("export.col.disbursedOn"), value: (r) => r.disbursed_on },
      { header: t("export.col.maturityDate"), value: (r) => r.maturity_date },
      { header: t("export.col.loanStatus"), value: (r) => label(t, "status", r.status) },
      { header: t("export.col.outstandingYuan"), value: (r) => (["active", "overdue"].includes(r.status) ? BigInt(r.principal_fen) - BigInt(r.paid_principal) : 0n), money: true },
      { header: t("export.col.settledAt"), value: (r) => (r.settled_at ? new Date(r.settled_at) : null) },
      { header: t("export.col.defaultedAt"), value: (r) => (r.defaulted_at ? new Date(r.defaulted_at) : null) },
    ];
    return { fileName: `${safeName(name)}-${t("export.file.loans")}`, sheetName: t("export.file.loans"), columns, fetch: campaignLoanBatches(id) };
  },
  async "campaign-banks"(actor, params, t) {
    const id = campaignParam(params);
    const p = await campaignProgress(actor, id);
    type Row = (typeof p.banks)[number];
    const columns: ExportColumn<Row>[] = [
      { header: t("progress.bank"), value: (r) => r.bankName },
      { header: t("progress.inCampaign"), value: (r) => (r.inCampaign ? t("campaign.yes") : t("campaign.no")) },
      { header: t("progress.routed"), value: (r) => r.routed },
      { header: t("progress.offers"), value: (r) => r.offers },
      { header: t("export.col.offeredAmountYuan"), value: (r) => r.offeredAmount, money: true },
      { header: t("progress.rejected"), value: (r) => r.rejected },
      { header: t("export.col.disbursedAmountYuan"), value: (r) => r.disbursedAmount, money: true },
      { header: t("progress.decisionsCount"), value: (r) => r.decisions },
      { header: t("progress.medianDays"), value: (r) => r.medianDays },
    ];
    return { fileName: `${safeName(p.campaign.name)}-${t("export.file.byBank")}`, sheetName: t("export.file.byBank"), columns, fetch: singleBatch(p.banks) };
  },
  async "campaign-industries"(actor, params, t) {
    const id = campaignParam(params);
    const p = await campaignProgress(actor, id);
    type Row = (typeof p.industries)[number];
    const columns: ExportColumn<Row>[] = [
      { header: t("progress.industry"), value: (r) => label(t, "industry", r.industry) },
      { header: t("progress.appliedCount"), value: (r) => r.appliedCount },
      { header: t("export.col.appliedAmountYuan"), value: (r) => r.appliedAmount, money: true },
      { header: t("export.col.approvedAmountYuan"), value: (r) => r.approvedAmount, money: true },
      { header: t("export.col.disbursedAmountYuan"), value: (r) => r.disbursedAmount, money: true },
      { header: t("progress.financedEnterprises"), value: (r) => r.financedEnterprises },
    ];
    return { fileName: `${safeName(p.campaign.name)}-${t("export.file.byIndustry")}`, sheetName: t("export.file.byIndustry"), columns, fetch: singleBatch(p.industries) };
  },
  async "platform-registered"(actor, params, t, locale) {
    const p = await platformProgress(actor);
    const by = params.get("by") ?? "year";
    const dimension = PLATFORM_DIMENSIONS.find((d) => d === by);
    if (!dimension) throw new ServiceError(400, "errors.badRequest");
    type Row = { key: string; count: number; amount: bigint };
    const en = locale === "en";
    const rows: Row[] =
      dimension === "year" ? p.byYear.map((r) => ({ key: String(r.year), count: r.count, amount: r.amount }))
      : dimension === "district" ? p.byDistrict.map((r) => ({ key: r.key ?? "—", count: r.count, amount: r.amount }))
      : dimension === "park" ? p.byPark.map((r) => ({ key: (en ? r.labelEn : r.labelZh) ?? "—", count: r.count, amount: r.amount }))
      : dimension === "bank" ? p.byBank.map((r) => ({ key: r.labelZh ?? "—", count: r.count, amount: r.amount }))
      : dimension === "industry" ? p.byIndustry.map((r) => ({ key: label(t, "industry", r.key ?? "other") ?? "—", count: r.count, amount: r.amount }))
      : [];
    const columns: ExportColumn<Row>[] = [
      { header: t(`progress.dim.${dimension}`), value: (r) => r.key },
      { header: t("progress.registrations"), value: (r) => r.count },
      { header: t("export.col.registeredAmountYuan"), value: (r) => r.amount, money: true },
    ];
    return { fileName: `${t("export.file.platform")}-${t(`progress.dim.${dimension}`)}`, sheetName: t(`progress.dim.${dimension}`), columns, fetch: singleBatch(rows) };
  },
  async "policy-targets"(actor, _params, t, locale) {
    const p = await platformProgress(actor);
    type Row = (typeof p.targets)[number];
    const en = locale === "en";
    const columns: ExportColumn<Row>[] = [
      { header: t("progress.targets.label"), value: (r) => (en ? r.labelEn : r.labelZh) },
      { header: t("progress.targets.period"), value: (r) => (r.fromYear === r.toYear ? String(r.fromYear) : `${r.fromYear}–${r.toYear}`) },
      { header: t("export.col.targetYuan"), value: (r) => r.targetAmount, money: true },
      { header: t("export.col.registeredAmountYuan"), value: (r) => r.actual, money: true },
      { header: t("progress.targets.progress"), value: (r) => (r.targetAmount > 0n ? `${(Number((r.actual * 10000n) / r.targetAmount) / 100).toFixed(2)}%` : null) },
      { header: t("progress.targets.source"), value: (r) => r.source },
    ];
    return { fileName: t("export.file.targets"), sheetName: t("export.file.targets"), columns, fetch: singleBatch(p.targets) };
  },
  async "whitelist-template"(actor, _params, t) {
    const { requireCan } = await import("#app/utils/auth.server");
    requireCan(actor, "campaign.manage");
    type Row = string[];
    const headers = ["enterpriseName", "uscc", "needAmount", "purpose", "contactName", "contactPhone", "industry"] as const;
    const example: Row = [t("campaign.template.name"), "91310115MA1K3ABC0D", "500", t("campaign.template.purpose"), t("campaign.template.contact"), "021-50801234", t("industry.integrated_circuits")];
    const columns: ExportColumn<Row>[] = headers.map((h, i) => ({ header: t(`campaign.importHeader.${h}`), value: (r) => r[i] }));
    return { fileName: t("export.file.template"), sheetName: t("export.file.template"), columns, fetch: singleBatch([example]) };
  },
} satisfies Record<string, Builder>);

function enrolmentColumns(t: Translate) {
  type Row = Awaited<ReturnType<ReturnType<typeof enrolmentBatches>>>["rows"][number];
  const columns: ExportColumn<Row>[] = [
    { header: t("campaign.field.enterpriseName"), value: (r) => r.enterpriseName },
    { header: t("campaign.field.uscc"), value: (r) => r.uscc },
    { header: t("campaign.field.registered"), value: (r) => (r.orgId ? t("campaign.yes") : t("campaign.no")) },
    { header: t("campaign.field.industry"), value: (r) => label(t, "industry", r.industry) },
    { header: t("campaign.field.needYuan"), value: (r) => r.needAmount, money: true },
    { header: t("campaign.field.purpose"), value: (r) => r.purpose },
    { header: t("campaign.field.contactName"), value: (r) => r.contactName },
    { header: t("campaign.field.contactPhone"), value: (r) => r.contactPhone },
  ];
  return columns;
}

/** The whitelist for a bank of the campaign (policy `campaign.view-needs`: a bank outside gets a 404). */
export async function bankWhitelistExport(actor: Actor, campaignId: string, t: Translate): Promise<ExportSpec> {
  if (!isUuid(campaignId)) throw new ServiceError(404, "errors.notFound");
  const db = await getDb();
  const [c] = await queryRows<{ id: string; status: "draft" | "active" | "closed" | "cancelled"; name: string }>(db, sql`select id, status::text as status, name from campaigns where id = ${campaignId}`);
  if (!c) throw new ServiceError(404, "errors.notFound");
  const { requireCan } = await import("#app/utils/auth.server");
  requireCan(actor, "campaign.view-needs", await campaignRef(db, c, actor));
  return { fileName: `${safeName(c.name)}-${t("export.file.enterprises")}`, sheetName: t("export.file.enterprises"), columns: enrolmentColumns(t), fetch: enrolmentBatches(campaignId) };
}

/** Every export the console offers, by the `kind` in `/admin/exports/<kind>`. */
export async function buildExport(actor: Actor, kind: string, params: URLSearchParams, t: Translate, locale: Locale): Promise<ExportSpec> {
  const build = Object.hasOwn(builders, kind) ? builders[kind] : undefined;
  if (!build) throw new ServiceError(404, "errors.notFound");
  return build(actor, params, t, locale);
}

export function registerExport(kind: string, builder: Builder) {
  builders[kind] = builder;
}
