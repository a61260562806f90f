/**
 * Uploaded spreadsheets (CSV or XLSX) as rows of strings, for any import: assets, campaign whitelists…
 * Values are trimmed strings; dates in XLSX cells come out as `YYYY-MM-DD`; blank rows are skipped
 * but every row keeps its line number in the file, so errors can point at it.
 *
 * Both formats are read as streams and stop at the row limit: a file of a million rows is refused
 * after the first `maxRows + 1`, not after it has been held in memory. An XLSX is a zip: its central
 * directory's sizes are checked first (a zip bomb is refused before anything inflates), then every
 * entry is inflated once, counting, to catch sizes that lie, and only then handed to exceljs's
 * streaming reader.
 *
 * CSV (csv-parse): RFC 4180 quoting, comma / semicolon / tab detected from the header line, UTF-8
 * (with or without BOM) or, when the bytes are not UTF-8, GB18030 (what Chinese Excel saves as "CSV").
 */
import { isUtf8 } from "node:buffer";
import { once } from "node:events";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import { parse } from "csv-parse";
import yauzl from "yauzl";
import { env } from "./env.server";
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

export type ReadOptions = { maxRows?: number; maxBytes?: number; maxInflatedBytes?: number };

const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const SPREADSHEET_NAME = /\.(csv|txt|xlsx)$/i;
const isOle = (b: Uint8Array) => b.length >= 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

export async function readSpreadsheet(file: { name: string; bytes: Uint8Array }, opts: ReadOptions = {}): Promise<Sheet> {
  const maxRows = opts.maxRows ?? 10_000;
  if (opts.maxBytes && file.bytes.length > opts.maxBytes) throw new SpreadsheetError("spreadsheet.errors.tooLarge", { max: Math.floor(opts.maxBytes / 1024 / 1024) });
  if (file.bytes.length === 0) throw new SpreadsheetError("spreadsheet.errors.empty");
  if (isOle(file.bytes) || /\.xls$/i.test(file.name)) throw new SpreadsheetError("spreadsheet.errors.xlsUnsupported");
  // What the form offers (a program or a PDF is refused by its name, not parsed as CSV and refused for its bytes).
  if (!SPREADSHEET_NAME.test(file.name)) throw new SpreadsheetError("spreadsheet.errors.format");
  const buffer = Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
  const limits = { maxRows, maxInflated: opts.maxInflatedBytes ?? env.IMPORT_MAX_UNCOMPRESSED_BYTES };
  const sheet = isZip(file.bytes) ? await readXlsx(buffer, limits) : await readCsv(buffer, limits);
  if (sheet.headers.every((h) => h === "")) throw new SpreadsheetError("spreadsheet.errors.noHeader");
  // The text rule of every form holds for cells too: a NUL in a CSV must not reach PostgreSQL.
  if (sheet.headers.some((h) => textProblem(h))) throw new SpreadsheetError("spreadsheet.errors.badText", { line: 1 });
  const bad = sheet.rows.find((r) => r.values.some((v) => textProblem(v)));
  if (bad) throw new SpreadsheetError("spreadsheet.errors.badText", { line: bad.line });
  return sheet;
}

type Limits = { maxRows: number; maxInflated: number };

/** Collects the header and the non-blank rows; throws once there are more rows than allowed. */
function collector(format: Sheet["format"], { maxRows }: Limits) {
  let headers: string[] | null = null;
  const rows: SheetRow[] = [];
  return {
    add(line: number, values: string[]) {
      if (headers === null) headers = values;
      else if (values.some((v) => v !== "")) {
        if (rows.length >= maxRows) throw new SpreadsheetError("spreadsheet.errors.tooManyRows", { max: maxRows });
        rows.push({ line, values });
      }
    },
    sheet: (): Sheet => ({ format, headers: headers ?? [], rows }),
  };
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

const CHUNK = 64 * 1024;

function detectDelimiter(firstLine: string) {
  const counts: Record<string, number> = { ",": 0, ";": 0, "\t": 0 };
  for (const ch of firstLine) if (ch in counts) counts[ch]!++;
  const [best, n] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!;
  return n > 0 ? best : ",";
}

async function readCsv(bytes: Buffer, limits: Limits): Promise<Sheet> {
  const utf8 = isUtf8(bytes);
  const decoder = new TextDecoder(utf8 ? "utf-8" : "gb18030");
  const head = decoder.decode(bytes.subarray(0, CHUNK), { stream: true }).replace(/^\uFEFF/, "");
  const delimiter = detectDelimiter(head.slice(0, head.search(/\r?\n|$/)));

  const out = collector("csv", limits);
  const parser = parse({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, trim: true, bom: true, info: true });
  let lastLine = 0;
  const done = new Promise<void>((resolve, reject) => {
    parser.on("data", ({ record, info }: { record: string[]; info: { lines: number } }) => {
      try {
        out.add(lastLine + 1, record);
        lastLine = info.lines;
      } catch (e) {
        reject(e);
        parser.destroy();
      }
    });
    parser.on("error", (e) => reject(e instanceof SpreadsheetError ? e : new SpreadsheetError("spreadsheet.errors.unreadable")));
    parser.on("end", resolve);
  });
  // Written a chunk at a time, waiting whenever the parser asks, so at most a chunk is decoded ahead.
  const fresh = new TextDecoder(utf8 ? "utf-8" : "gb18030", { ignoreBOM: false });
  for (let i = 0; i < bytes.length && !parser.destroyed; i += CHUNK) {
    const text = fresh.decode(bytes.subarray(i, i + CHUNK), { stream: i + CHUNK < bytes.length });
    if (!parser.write(text)) await Promise.race([once(parser, "drain"), done.catch(() => {})]);
  }
  if (!parser.destroyed) parser.end();
  await done;
  return out.sheet();
}

/**
 * The zip's own account of itself, then the truth: declared sizes (central directory) must add up to
 * at most `maxInflated`, and inflating every entry (yauzl checks each against its declared size)
 * must not produce more.
 */
async function checkZip(bytes: Buffer, maxInflated: number) {
  const tooBig = () => new SpreadsheetError("spreadsheet.errors.inflatesTooMuch", { max: Math.floor(maxInflated / 1024 / 1024) });
  let zip: yauzl.ZipFile;
  try {
    zip = await promisify<Buffer, yauzl.Options, yauzl.ZipFile>(yauzl.fromBuffer)(bytes, { lazyEntries: true, validateEntrySizes: true });
  } catch {
    throw new SpreadsheetError("spreadsheet.errors.unreadable");
  }
  const entries: yauzl.Entry[] = [];
  let declared = 0;
  await new Promise<void>((resolve, reject) => {
    zip.on("entry", (e: yauzl.Entry) => {
      declared += e.uncompressedSize;
      entries.push(e);
      if (declared > maxInflated || entries.length > 10_000) return reject(tooBig());
      zip.readEntry();
    });
    zip.on("end", resolve);
    zip.on("error", () => reject(new SpreadsheetError("spreadsheet.errors.unreadable")));
    zip.readEntry();
  });
  let inflated = 0;
  for (const entry of entries) {
    if (entry.fileName.endsWith("/")) continue;
    const stream = await promisify<yauzl.Entry, Readable>(zip.openReadStream.bind(zip))(entry).catch(() => {
      throw new SpreadsheetError("spreadsheet.errors.unreadable");
    });
    try {
      for await (const chunk of stream) {
        inflated += (chunk as Buffer).length;
        if (inflated > maxInflated) throw tooBig();
      }
    } catch (e) {
      stream.destroy();
      throw e instanceof SpreadsheetError ? e : new SpreadsheetError("spreadsheet.errors.unreadable");
    }
  }
  zip.close();
}

async function readXlsx(bytes: Buffer, limits: Limits): Promise<Sheet> {
  await checkZip(bytes, limits.maxInflated);
  const { default: ExcelJS } = await import("exceljs");
  const out = collector("xlsx", limits);
  let width = 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
    sharedStrings: "cache", styles: "cache", hyperlinks: "ignore", worksheets: "emit", entries: "ignore",
  });
  try {
    for await (const ws of reader) {
      for await (const row of ws) {
        const cells = (row.values as unknown[]).slice(1);
        width ||= cells.length;
        const values: string[] = [];
        for (let c = 0; c < Math.max(width, cells.length); c++) values.push(cellText(cells[c]));
        out.add(row.number, values);
      }
      break; // the first worksheet only
    }
  } catch (e) {
    if (e instanceof SpreadsheetError) throw e;
    throw new SpreadsheetError("spreadsheet.errors.unreadable");
  }
  const sheet = out.sheet();
  if (sheet.headers.length === 0 && sheet.rows.length === 0) throw new SpreadsheetError("spreadsheet.errors.empty");
  return sheet;
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
