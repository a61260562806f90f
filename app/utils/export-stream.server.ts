import { once } from "node:events";
import { PassThrough, Readable } from "node:stream";
import { fenToYuanInput } from "#app/domain/money";

/**
 * Streamed CSV and XLSX downloads. Rows come in keyset batches from a fetcher, so 100,000 rows never
 * sit in memory together: CSV is produced batch by batch as the client reads (a pull stream), XLSX
 * through exceljs's streaming WorkbookWriter, waiting whenever the client falls behind.
 */
export type ExportFormat = "csv" | "xlsx";
export type Cell = string | number | bigint | boolean | Date | null | undefined;
/** `money`: the value is 分 (bigint); written as 元 with two decimals. */
export type ExportColumn<R> = { header: string; value: (row: R) => Cell; money?: boolean };
export type BatchFetcher<R, C> = (cursor: C | null) => Promise<{ rows: R[]; next: C | null }>;
/** Rows in chunks, read afresh on each call (a database cursor, or keyset batches: `keysetChunks`). */
export type RowChunks<R> = () => AsyncIterable<R[]>;
/** Chunks of ready CSV lines (made by the database: ./export-sql.server.ts), read afresh on each call. */
export type TextChunks = () => AsyncIterable<string | Uint8Array>;

export const isExportFormat = (v: unknown): v is ExportFormat => v === "csv" || v === "xlsx";

/** A spreadsheet that opens a cell starting with = + - @ runs it as a formula: keep text as text. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(v: Cell): string {
  if (v === null || v === undefined) return "";
  let s: string;
  if (v instanceof Date) s = v.toISOString();
  else if (typeof v === "string") s = FORMULA_START.test(v) ? `'${v}` : v;
  else s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (cells: Cell[]) => `${cells.map(csvCell).join(",")}\r\n`;

function xlsxCell(v: Cell): string | number | boolean | Date | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") {
    // Beyond 2^53 a number would round: keep the exact digits as text.
    return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  }
  return v;
}

/** A spreadsheet number of 元 (formatting only: the exact figure is in the CSV and the database). */
export function yuanNumber(v: Cell): number | null {
  if (v === null || v === undefined || v === "") return null;
  // The nearest number to the exact 元 text: adding 元 and fen as numbers wrote 10.07 as 10.070000000000001.
  return Number(fenToYuanInput(BigInt(v as bigint)));
}

/** `Content-Disposition` for a file name that may be Chinese (RFC 6266 / 5987). */
export function attachmentHeader(fileName: string) {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Asks for the batch after `cursor` at once, so the database reads it while the current one is
 * written out (one batch ahead, never more); a failure surfaces when the batch is awaited.
 */
function prefetch<C, B>(fetch: (cursor: C | null) => Promise<B>, cursor: C | null): Promise<B> {
  const p = fetch(cursor);
  p.catch(() => {}); // awaited by the writer; a stream cancelled meanwhile just drops it
  return p;
}

/** Keyset batches as chunks, the next batch asked for while this one is written out. */
export function keysetChunks<R, C>(fetch: BatchFetcher<R, C>): RowChunks<R> {
  return async function* () {
    let pending: ReturnType<BatchFetcher<R, C>> | null = prefetch(fetch, null);
    while (pending) {
      const batch: Awaited<ReturnType<BatchFetcher<R, C>>> = await pending;
      pending = batch.next === null ? null : prefetch(fetch, batch.next);
      yield batch.rows;
    }
  };
}

export function csvStream<R, C>(columns: ExportColumn<R>[], fetch: BatchFetcher<R, C>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let pending: ReturnType<BatchFetcher<R, C>> | null = null;
  let started = false;
  let done = false;
  const n = columns.length;
  const cells = new Array<Cell>(n);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        pending = prefetch(fetch, null);
        // The BOM makes Excel read UTF-8 (Chinese) correctly.
        controller.enqueue(encoder.encode(`\uFEFF${csvLine(columns.map((c) => c.header))}`));
        return;
      }
      if (done || !pending) return controller.close();
      const batch = await pending;
      pending = batch.next === null ? null : prefetch(fetch, batch.next);
      let chunk = "";
      for (const row of batch.rows) {
        for (let i = 0; i < n; i++) {
          const c = columns[i]!;
          cells[i] = c.money ? fenToYuan(c.value(row) as bigint) : c.value(row);
        }
        chunk += csvLine(cells);
      }
      if (chunk) controller.enqueue(encoder.encode(chunk));
      if (batch.next === null) {
        done = true;
        controller.close();
      }
    },
  }, { highWaterMark: 1 });
}

/** CSV from chunks of ready lines: the BOM and header, then each chunk's text as the client reads. */
export function csvTextStream(headers: string[], source: TextChunks): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let chunks: AsyncIterator<string | Uint8Array> | null = null;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!chunks) {
        chunks = source()[Symbol.asyncIterator]();
        controller.enqueue(encoder.encode(`\uFEFF${csvLine(headers)}`));
        return;
      }
      for (;;) {
        const { value, done } = await chunks.next();
        if (done) return controller.close();
        if (value.length) return controller.enqueue(typeof value === "string" ? encoder.encode(value) : value);
      }
    },
    // The client went away: stop reading (a database cursor closes its portal).
    async cancel() {
      await chunks?.return?.();
    },
  }, { highWaterMark: 1 });
}

/** A worksheet name as Excel allows it: 31 characters, none of \ / ? * [ ] :. */
export const sheetTitle = (name: string) => name.slice(0, 31).replace(/[\\/?*[\]:]/g, " ");

export function xlsxStream<R>(sheetName: string, columns: ExportColumn<R>[], source: RowChunks<R>): ReadableStream<Uint8Array> {
  const out = new PassThrough({ highWaterMark: 256 * 1024 });
  void (async () => {
    try {
      const { default: ExcelJS } = await import("exceljs");
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
      const ws = wb.addWorksheet(sheetTitle(sheetName));
      ws.addRow(columns.map((c) => c.header)).commit();
      for await (const rows of source()) {
        for (const row of rows) ws.addRow(columns.map((c) => (c.money ? yuanNumber(c.value(row)) : xlsxCell(c.value(row))))).commit();
        // Let the zip stream compress what it has, and wait while the client is behind (a cancelled
        // download destroys `out`: the loop ends and the source closes).
        await new Promise((r) => setImmediate(r));
        if (out.destroyed) break;
        if (out.writableNeedDrain) await Promise.race([once(out, "drain"), once(out, "close")]);
        if (out.destroyed) break;
      }
      if (out.destroyed) return;
      ws.commit();
      await wb.commit();
    } catch (e) {
      out.destroy(e as Error);
    }
  })();
  return Readable.toWeb(out) as unknown as ReadableStream<Uint8Array>;
}

const CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** The download response: the body streams while the rows are read. */
export function exportResponse<R, C>(opts: {
  format: ExportFormat;
  /** Without extension; may be Chinese. */
  fileName: string;
  sheetName?: string;
  columns: ExportColumn<R>[];
  fetch: BatchFetcher<R, C>;
  /** The same rows as `fetch` through a database cursor (PostgreSQL), used for XLSX when given. */
  rows?: RowChunks<R>;
  /** The CSV made by the database (the same cells as `columns` would write), used for `csv` when given. */
  csvText?: TextChunks;
  /** The XLSX made by the database (the same cells as `columns`), used for `xlsx` when given. */
  xlsxFile?: () => ReadableStream<Uint8Array>;
}): Response {
  const body = opts.format === "csv"
    ? (opts.csvText ? csvTextStream(opts.columns.map((c) => c.header), opts.csvText) : csvStream(opts.columns, opts.fetch))
    : opts.xlsxFile?.() ?? xlsxStream(opts.sheetName ?? opts.fileName, opts.columns, opts.rows ?? keysetChunks(opts.fetch));
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": CONTENT_TYPE[opts.format],
      "Content-Disposition": attachmentHeader(`${opts.fileName}.${opts.format}`),
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** A whole array as one batch (small tables such as a dashboard's). */
export const singleBatch = <R>(rows: R[]): BatchFetcher<R, unknown> => async () => ({ rows, next: null });

/** Money columns in exports: 元 with two decimals, exact. */
export const fenToYuan = (fen: Cell): string | null => (fen === null || fen === undefined || fen === "" ? null : fenToYuanInput(BigInt(fen as bigint | string | number)));
