import { finished, Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { ZipArchive } from "archiver";
import { sql, type SQL } from "drizzle-orm";
import { sheetTitle } from "./export-stream.server";

/**
 * An XLSX download whose cells PostgreSQL writes (`COPY`), as the CSV is (./export-sql.server.ts):
 * exceljs spends ~2 µs per cell building and serialising objects, which made a 100,000-row export 2.6×
 * the COPY of its SELECT. The database formats each value as exceljs writes it (text, numbers, 元 as
 * numbers, timestamps as serial days; nulls left out) and escapes the few rows that need it; this process
 * wraps the values in their markup and numbers the rows (its thread idles while the COPY runs), archiver
 * zips it as it streams. The few fixed parts of the package are below. tests/integration/exports.test.ts
 * reads both files back with exceljs and holds their cells equal.
 */
export type SqlXlsxKind = "text" | "number" | "money" | "timestamp";
export type SqlXlsxColumn = { header: string; value: SQL; kind?: SqlXlsxKind };

/** Characters XML 1.0 cannot hold (exceljs drops them too); PostgreSQL text has no NUL. */
const CONTROLS = [...Array.from({ length: 31 }, (_, i) => i + 1).filter((c) => c !== 9 && c !== 10 && c !== 13), 0x7f]
  .map((c) => `\\x${c.toString(16).padStart(2, "0")}`).join("");
const CONTROL_RE = new RegExp(`[${CONTROLS}]`, "g");
/** The same characters in SQL: as `translate`'s set, and as a regular expression's class. */
const controlsSql = sql.raw(`E'${CONTROLS}'`);
const controlClassSql = sql.raw(`E'[${CONTROLS}]'`);
/** What makes text need escaping in element text: the control characters, `&`, `<`, `>` and line breaks. */
const escapeClassSql = sql.raw(`E'[${CONTROLS}&<>\\n\\r]'`);

/** Text as XML character data or attribute value; line breaks as references, so a row stays one line. */
export function xmlText(s: string): string {
  return s.replace(CONTROL_RE, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
    .replace(/\n/g, "&#10;").replace(/\r/g, "&#13;");
}

/**
 * `xmlText` in SQL (no quote escaping needed in element text), for the rows `escapeClassSql` finds.
 * `translate` walks its whole set for every character (3.4× the rest of a row): it runs only where a
 * regular expression finds a control character.
 */
const xmlTextSql = (s: SQL) => sql`replace(replace(replace(replace(replace(
  case when ${s} ~ ${controlClassSql} then translate(${s}, ${controlsSql}, '') else ${s} end,
  '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), E'\\n', '&#10;'), E'\\r', '&#13;')`;

/** A, B, …, Z, AA, … */
export function columnLetters(index: number): string {
  let n = index + 1, s = "";
  while (n > 0) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A cell's value as text (an inner query computes each once): null where exceljs leaves the cell out. */
function cellValueSql(v: SQL, kind: SqlXlsxKind): SQL {
  switch (kind) {
    case "number":
      return sql`(${v})::text`;
    case "money":
      return sql`trim_scale((${v})::numeric / 100)::text`;
    case "timestamp":
      // Days since 1899-12-30 (exceljs's `dateToExcel`).
      return sql`(extract(epoch from (${v})::timestamptz)::float8 / 86400 + 25569)::text`;
    default:
      return sql`nullif((${v})::text, '')`;
  }
}

/**
 * The rows of a `lines` COPY (each row's values joined by \x01, escaped already) as worksheet rows, numbered
 * from 2 under the header; an empty value is a null, a cell left out.
 */
export async function* worksheetRows(lines: AsyncIterable<Uint8Array>, kinds: SqlXlsxKind[]): AsyncGenerator<Uint8Array> {
  const cells = kinds.map((k, i) => [`<c r="${columnLetters(i)}`, `"${k === "timestamp" ? ' s="1"' : k === "text" ? ' t="str"' : ""}><v>`] as const);
  const decoder = new StringDecoder("utf8");
  let rest = "", n = 1;
  for await (const chunk of lines) {
    const text = rest + decoder.write(chunk as Buffer);
    const end = text.lastIndexOf("\n");
    rest = text.slice(end + 1);
    if (end < 0) continue;
    let out = "";
    for (const line of text.slice(0, end).split("\n")) {
      const r = ++n, values = line.split("\x01");
      if (values.length !== kinds.length) throw new Error(`COPY: a row of ${values.length} values, not ${kinds.length}`);
      out += `<row r="${r}">`;
      for (let i = 0; i < values.length; i++) if (values[i]) out += `${cells[i]![0]}${r}${cells[i]![1]}${values[i]}</v></c>`;
      out += "</row>";
    }
    yield Buffer.from(out);
  }
  if (rest + decoder.end()) throw new Error("COPY: a row without its line end");
}

const textCell = (column: string, row: number, s: string) => `<c r="${column}${row}" t="str"><v>${xmlText(s)}</v></c>`;

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PARTS = {
  "[Content_Types].xml": `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`
    + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    + '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
  "_rels/.rels": `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
    + `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  "xl/_rels/workbook.xml.rels": `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
    + `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
  "xl/styles.xml": `${XML}<styleSheet xmlns="${MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>`
    + '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    + '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    + '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
};
const workbookXml = (sheetName: string) => `${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>`
  + `<sheet name="${xmlText(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`;

/**
 * The XLSX of `select` (ordered by `key`), one row per result row under a header row, its rows written
 * by `COPY`. A reader that stops early (a cancelled download) ends the COPY (db/copy-out.server.ts).
 */
export function sqlXlsxCopy(opts: {
  copy: (query: SQL, format: "lines") => AsyncIterable<Uint8Array>;
  select: SQL;
  key: string;
  columns: SqlXlsxColumn[];
  sheetName: string;
}): ReadableStream<Uint8Array> {
  const key = sql.raw(`b.${opts.key}`);
  const kinds = opts.columns.map((c) => c.kind ?? "text");
  const values = opts.columns.map((c, i) => sql`${cellValueSql(c.value, kinds[i]!)} as ${sql.raw(`x__${i}`)}`);
  const x = (i: number) => sql.raw(`b.x__${i}`);
  const texts = kinds.flatMap((k, i) => (k === "text" ? [x(i)] : []));
  // Most rows have nothing to escape: one regular expression over the row's text finds the few that do
  // (escaping every text cell was 6 calls a cell, a fifth of the export). Each value is computed once
  // (`offset 0` keeps the subqueries from being merged, which would compute it again for every use).
  const escapes = texts.length ? sql`concat(${sql.join(texts, sql`, `)}) ~ ${escapeClassSql}` : sql`false`;
  const cells = kinds.map((k, i) => (k === "text" ? sql`case when b.e__ then ${xmlTextSql(x(i))} else ${x(i)} end` : x(i)));
  const rows = sql`select ${sql.join(cells, sql`, `)}
    from (select b.*, ${escapes} as e__
      from (select b.*, ${sql.join(values, sql`, `)} from (${opts.select}) b order by ${key} offset 0) b order by ${key} offset 0) b
    order by ${key}`;
  const header = `<row r="1">${opts.columns.map((c, i) => textCell(columnLetters(i), 1, c.header)).join("")}</row>`;
  const sheet = Readable.from((async function* () {
    yield Buffer.from(`${XML}<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetData>${header}`);
    yield* worksheetRows(opts.copy(rows, "lines"), kinds);
    yield Buffer.from("</sheetData></worksheet>");
  })(), { objectMode: false });
  const zip = new ZipArchive({ zlib: { level: 1 } });
  for (const [name, text] of Object.entries(PARTS)) zip.append(text, { name });
  zip.append(workbookXml(sheetTitle(opts.sheetName)), { name: "xl/workbook.xml" });
  zip.append(sheet, { name: "xl/worksheets/sheet1.xml" });
  // A failed COPY fails the download; ended, failed or cancelled, the rows stop (a running COPY is cancelled).
  sheet.once("error", (e) => zip.destroy(e));
  finished(zip, () => sheet.destroy());
  zip.finalize().catch(() => {});
  return Readable.toWeb(zip) as unknown as ReadableStream<Uint8Array>;
}
