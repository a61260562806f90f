import { parseUscc } from "./uscc";
import type { Industry } from "./industries";
import { toHalfWidth } from "./text";

/**
 * A park's enterprise whitelist as uploaded (CSV or XLSX): one enterprise a row, with its financing
 * need. Pure: the service adds what only the database knows (already enrolled, registered orgs).
 */
export type WhitelistField = "enterpriseName" | "uscc" | "needAmount" | "purpose" | "contactName" | "contactPhone" | "industry";

export type WhitelistRow = {
  /** The row's number in the spreadsheet (the header is row 1), as users see it. */
  line: number;
  enterpriseName: string;
  uscc: string;
  needFen: bigint;
  purpose: string | null;
  contactName: string | null;
  contactPhone: string | null;
  industry: Industry | null;
};

/** Message keys are dictionary keys; `params` fill their placeholders. */
export type WhitelistError = { line: number; field: WhitelistField | null; key: string; params?: Record<string, string | number> };

export const WHITELIST_MAX_ROWS = 5000;
/** Needs are stated in 万元 (10,000 yuan), as parks collect them. */
export const FEN_PER_WAN = 1_000_000n;
/** 100 亿元: no single enterprise's need is larger; anything above is a typo. */
export const MAX_NEED_FEN = 1_000_000n * 10_000n * 100n;

const REQUIRED: WhitelistField[] = ["enterpriseName", "uscc", "needAmount"];

/** Header spellings accepted for each field (compared after `normalizeHeader`). */
export const HEADER_ALIASES: Record<WhitelistField, string[]> = {
  enterpriseName: ["企业名称", "企业", "名称", "enterprisename", "enterprise", "companyname", "company", "name"],
  uscc: ["统一社会信用代码", "信用代码", "社会信用代码", "uscc", "creditcode", "unifiedsocialcreditcode"],
  needAmount: ["融资需求万元", "融资需求", "融资需求金额万元", "需求金额万元", "financingneed10kyuan", "need10kyuan", "financingneed", "need", "needwan"],
  purpose: ["融资用途", "用途", "资金用途", "purpose", "useoffunds"],
  contactName: ["联系人", "联系人姓名", "contact", "contactname"],
  contactPhone: ["联系电话", "电话", "手机", "phone", "contactphone", "telephone"],
  industry: ["所属行业", "行业", "industry"],
};

export function normalizeHeader(h: string): string {
  return toHalfWidth(h ?? "").toLowerCase().replace(/[\s()\[\]（）【】:：_\-*]/g, "");
}

/**
 * Parses a decimal amount in a unit worth `fenPerUnit` 分 into 分, exactly (no floating point):
 * "12.5" 万元 → 12,500,000 分. Accepts thousands separators and full-width digits.
 */
export function parseDecimalToFen(input: string, fenPerUnit: bigint): bigint | null {
  const s = toHalfWidth(String(input ?? "")).replace(/[,\s]/g, "");
  const m = /^(\d{1,15})(?:\.(\d+))?$/.exec(s);
  if (!m) return null;
  const decimals = fenPerUnit.toString().length - 1; // fenPerUnit is a power of ten
  const frac = m[2] ?? "";
  if (frac.length > decimals && /[1-9]/.test(frac.slice(decimals))) return null; // finer than 1 分
  const padded = (frac + "0".repeat(decimals)).slice(0, decimals);
  return BigInt(m[1]!) * fenPerUnit + (decimals ? BigInt(padded || "0") : 0n);
}

const PHONE = /^[+\d][\d\s-]{5,19}$/;

export type ParsedWhitelist = { rows: WhitelistRow[]; errors: WhitelistError[]; columns: Partial<Record<WhitelistField, number>> };

/**
 * Checks every row and reports every problem at once (row number, field, message), so a park can
 * fix its sheet in one go. Rows with any error are not in `rows`. Duplicated codes in the file are
 * errors on every repeat after the first.
 */
export type SheetLike = { headers: string[]; rows: Array<{ line: number; values: string[] }> };

/** A plain table (first row the header) as a sheet, numbering rows as a spreadsheet does. */
export const tableToSheet = (table: string[][]): SheetLike => {
  const [headers = [], ...body] = table;
  return { headers, rows: body.map((values, i) => ({ line: i + 2, values })) };
};

export function parseWhitelist(sheet: SheetLike, opts: { industryOf?: (label: string) => Industry | null } = {}): ParsedWhitelist {
  const errors: WhitelistError[] = [];
  const rows: WhitelistRow[] = [];
  const header = sheet.headers;
  if (!header.length || header.every((h) => !String(h ?? "").trim())) {
    return { rows, errors: [{ line: 1, field: null, key: "campaign.import.err.empty" }], columns: {} };
  }
  const columns: Partial<Record<WhitelistField, number>> = {};
  header.forEach((h, i) => {
    const n = normalizeHeader(h);
    for (const [field, aliases] of Object.entries(HEADER_ALIASES) as Array<[WhitelistField, string[]]>) {
      if (columns[field] === undefined && aliases.includes(n)) {
        columns[field] = i;
        break;
      }
    }
  });
  const missing = REQUIRED.filter((f) => columns[f] === undefined);
  if (missing.length) {
    return { rows, errors: missing.map((f) => ({ line: 1, field: f, key: "campaign.import.err.missingColumn" })), columns };
  }
  const dataRows = sheet.rows.map((r) => ({ cells: r.values, line: r.line })).filter(({ cells }) => cells.some((c) => String(c ?? "").trim()));
  if (!dataRows.length) return { rows, errors: [{ line: 2, field: null, key: "campaign.import.err.noRows" }], columns };
  if (dataRows.length > WHITELIST_MAX_ROWS) {
    return { rows, errors: [{ line: 1, field: null, key: "campaign.import.err.tooManyRows", params: { max: WHITELIST_MAX_ROWS } }], columns };
  }

  const seen = new Map<string, number>();
  for (const { cells, line } of dataRows) {
    const cell = (f: WhitelistField) => (columns[f] === undefined ? "" : String(cells[columns[f]!] ?? "").trim());
    const rowErrors: WhitelistError[] = [];
    const name = cell("enterpriseName");
    if (!name) rowErrors.push({ line, field: "enterpriseName", key: "errors.required" });
    else if (name.length > 120) rowErrors.push({ line, field: "enterpriseName", key: "errors.tooLong" });

    let uscc = "";
    const rawUscc = cell("uscc");
    if (!rawUscc) rowErrors.push({ line, field: "uscc", key: "errors.required" });
    else {
      const r = parseUscc(rawUscc);
      if (!r.ok) rowErrors.push({ line, field: "uscc", key: r.reason === "length" ? "errors.usccLength" : r.reason === "charset" ? "errors.usccCharset" : "errors.usccCheck" });
      else if (seen.has(r.value)) rowErrors.push({ line, field: "uscc", key: "campaign.import.err.duplicateInFile", params: { first: seen.get(r.value)! } });
      else {
        uscc = r.value;
        seen.set(uscc, line);
      }
    }

    let needFen = 0n;
    const rawNeed = cell("needAmount");
    if (!rawNeed) rowErrors.push({ line, field: "needAmount", key: "errors.required" });
    else {
      const v = parseDecimalToFen(rawNeed, FEN_PER_WAN);
      if (v === null) rowErrors.push({ line, field: "needAmount", key: "errors.number" });
      else if (v <= 0n) rowErrors.push({ line, field: "needAmount", key: "errors.positive" });
      else if (v > MAX_NEED_FEN) rowErrors.push({ line, field: "needAmount", key: "campaign.import.err.needTooLarge" });
      else needFen = v;
    }

    const phone = cell("contactPhone");
    if (phone && !PHONE.test(toHalfWidth(phone))) rowErrors.push({ line, field: "contactPhone", key: "campaign.import.err.phone" });
    const purpose = cell("purpose");
    if (purpose.length > 500) rowErrors.push({ line, field: "purpose", key: "errors.tooLong" });
    const contactName = cell("contactName");
    if (contactName.length > 60) rowErrors.push({ line, field: "contactName", key: "errors.tooLong" });

    let industry: Industry | null = null;
    const rawIndustry = cell("industry");
    if (rawIndustry) {
      industry = opts.industryOf ? opts.industryOf(rawIndustry) : null;
      if (!industry) rowErrors.push({ line, field: "industry", key: "campaign.import.err.industry" });
    }

    if (rowErrors.length) {
      errors.push(...rowErrors);
      continue;
    }
    rows.push({
      line, enterpriseName: name, uscc, needFen,
      purpose: purpose || null, contactName: contactName || null, contactPhone: phone ? toHalfWidth(phone) : null, industry,
    });
  }
  return { rows, errors, columns };
}
