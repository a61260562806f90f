/**
 * Uploaded spreadsheets (CSV or XLSX) as rows of strings, for any import: assets, campaign whitelists…
 * Values are trimmed strings; dates in XLSX cells come out as `YYYY-MM-DD`; blank rows are skipped
 * but every row keeps its line number in the file, so errors can point at it.
 *
 * CSV: RFC 4180 quoting, comma / semicolon / tab detected from the header line, UTF-8 (with or without
 * BOM) or, when the bytes are not UTF-8, GB18030 (what Chinese Excel saves as "CSV").
 */
import { textProblem } from "#app/domain/forms/text-rule";

export type SheetRow = { line: number; values: string[] };
export type Sheet = { format: "csv" | "xlsx"; headers: string[]; rows: SheetRow[] };

/** Errors carry a dictionary key (`spreadsheet.errors.*`) so callers can show them translated. */
export class SpreadsheetError extends Error {
  constructor(readonly key: string, readonly params: Record<string, string | number> = {}) {
    super(key);
    this.name = "SpreadsheetError";
  }
}

export type ReadOptions = { maxRows?: number; maxBytes?: number };

const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isOle = (b: Uint8Array) => b.length >= 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

export async function readSpreadsheet(file: { name: string; bytes: Uint8Array }, opts: ReadOptions = {}): Promise<Sheet> {
  const maxRows = opts.maxRows ?? 10_000;
  if (opts.maxBytes && file.bytes.length > opts.maxBytes) throw new SpreadsheetError("spreadsheet.errors.tooLarge", { max: Math.floor(opts.maxBytes / 1024 / 1024) });
  if (file.bytes.length === 0) throw new SpreadsheetError("spreadsheet.errors.empty");
  if (isOle(file.bytes)) throw new SpreadsheetError("spreadsheet.errors.xlsUnsupported");
  const sheet = isZip(file.bytes) ? await readXlsx(file.bytes) : readCsv(file.bytes);
  if (sheet.headers.every((h) => h === "")) throw new SpreadsheetError("spreadsheet.errors.noHeader");
  if (sheet.rows.length > maxRows) throw new SpreadsheetError("spreadsheet.errors.tooManyRows", { max: maxRows });
  // The text rule of every form holds for cells too: a NUL in a CSV must not reach PostgreSQL.
  if (sheet.headers.some((h) => textProblem(h))) throw new SpreadsheetError("spreadsheet.errors.badText", { line: 1 });
  const bad = sheet.rows.find((r) => r.values.some((v) => textProblem(v)));
  if (bad) throw new SpreadsheetError("spreadsheet.errors.badText", { line: bad.line });
  return sheet;
}

/** Rows keyed by canonical column names; a header matches a key or any of its aliases (case and spaces ignored). */
export function sheetRecords<K extends string>(sheet: Sheet, columns: Record<K, readonly string[]>) {
  const norm = (s: string) => s.toLowerCase().replace(/[\s_\-()（）*]/g, "");
  const index = new Map<string, K>();
  for (const [key, aliases] of Object.entries(columns) as Array<[K, readonly string[]]>) {
    for (const a of [key, ...aliases]) index.set(norm(a), key);
  }
  const mapped = sheet.headers.map((h) => index.get(norm(h)) ?? null);
  const unknownHeaders = sheet.headers.filter((h, i) => h !== "" && mapped[i] === null);
  const missing = (Object.keys(columns) as K[]).filter((k) => !mapped.includes(k));
  const records = sheet.rows.map((r) => {
    const record: Partial<Record<K, string>> = {};
    mapped.forEach((k, i) => {
      if (k && r.values[i] !== undefined && r.values[i] !== "") record[k] = r.values[i];
    });
    return { line: r.line, record };
  });
  return { records, unknownHeaders, missing };
}

function decodeText(bytes: Uint8Array): string {
  let b = bytes;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(b);
  } catch {
    return new TextDecoder("gb18030").decode(b);
  }
}

export function readCsv(bytes: Uint8Array): Sheet {
  const text = decodeText(bytes);
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = { ",": 0, ";": 0, "\t": 0 } as Record<string, number>;
  for (const ch of firstLine) if (ch in counts) counts[ch]!++;
  const delimiter = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]![1] > 0 ? Object.entries(counts).sort((a, b) => b[1] - a[1])[0]![0] : ",";

  const records: SheetRow[] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endField = () => {
    row.push(field.trim());
    field = "";
  };
  const endRow = () => {
    endField();
    records.push({ line: rowLine, values: row });
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field.trim() === "") {
      field = "";
      quoted = true;
    } else if (ch === delimiter) endField();
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRow();
      line++;
      rowLine = line;
    } else field += ch;
  }
  if (field !== "" || row.length) endRow();
  const [header, ...rows] = records;
  return { format: "csv", headers: header?.values ?? [], rows: rows.filter((r) => r.values.some((v) => v !== "")) };
}

async function readXlsx(bytes: Uint8Array): Promise<Sheet> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch {
    throw new SpreadsheetError("spreadsheet.errors.unreadable");
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new SpreadsheetError("spreadsheet.errors.empty");
  const all: SheetRow[] = [];
  const width = ws.columnCount;
  ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    const values: string[] = [];
    for (let c = 1; c <= width; c++) values.push(cellText(r.getCell(c).value));
    all.push({ line: rowNumber, values });
  });
  const [header, ...rows] = all;
  return { format: "xlsx", headers: header?.values ?? [], rows: rows.filter((r) => r.values.some((v) => v !== "")) };
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? "" : v.toISOString().slice(0, 10);
  if (typeof v === "string") return v.trim();
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (typeof v === "object") {
    const o = v as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown; error?: string };
    if (Array.isArray(o.richText)) return o.richText.map((t) => t.text).join("").trim();
    if ("result" in o) return cellText(o.result);
    if ("text" in o) return cellText(o.text);
    if (o.error) return "";
  }
  return String(v).trim();
}
