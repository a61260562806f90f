import { sql, type SQL } from "drizzle-orm";
import { dictionaries, type Locale } from "#app/i18n/index";
import type { TextChunks } from "./export-stream.server";

/**
 * CSV lines made by PostgreSQL: a large export's rows never become JavaScript objects. Each batch is
 * one statement returning one text (the batch's lines, `string_agg`) and the batch's last key, so the
 * application only copies bytes to the response. The cells follow `csvCell` (export-stream.server.ts)
 * exactly, formula escaping included; tests/integration/exports.test.ts holds the two equal.
 */

/**
 * How a cell is written: `text` (formula-escaped, quoted when needed), `number` (also text that is
 * never escaped nor quoted: a UUID, an ISO date), `money` (分 → 元), `timestamp` (ISO 8601, UTC).
 */
export type SqlCsvKind = "text" | "number" | "money" | "timestamp";
export type SqlCsvColumn = { header: string; value: SQL; kind?: SqlCsvKind };

// No regular expressions: 1.5 million cells cost seconds of regex matching, strpos and ascii microseconds.
/** Quoted (doubling quotes) when it holds a quote, comma or line break (as `csvCell`); `s` is cheap to repeat. */
const quoted = (s: SQL) => sql`case when strpos(${s}, '"') > 0 or strpos(${s}, ',') > 0 or strpos(${s}, E'\n') > 0 or strpos(${s}, E'\r') > 0
  then '"' || replace(${s}, '"', '""') || '"' else ${s} end`;
/** Starts like a formula: = + - @ tab or carriage return (`FORMULA_START` in export-stream.server.ts). */
const formulaStart = (s: SQL) => sql`ascii(${s}) in (61, 43, 45, 64, 9, 13)`;

/** One cell; `v` must be cheap to repeat (a column of the batch's CTE). */
export function csvCellSql(v: SQL, kind: SqlCsvKind = "text"): SQL {
  switch (kind) {
    case "number":
      return sql`coalesce((${v})::text, '')`;
    case "timestamp":
      return sql`coalesce(to_char((${v})::timestamptz at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '')`;
    case "money": {
      // Exact 元 with two decimals; a minus sign is escaped like any text starting with it (as `csvCell` does).
      const yuan = sql`((${v})::numeric / 100)::numeric(38, 2)::text`;
      return sql`coalesce(case when (${v})::numeric < 0 then '''' || ${yuan} else ${yuan} end, '')`;
    }
    default: {
      const s = sql`(${v})::text`;
      return sql`case when ${s} is null then '' when ${formulaStart(s)} then ${quoted(sql`('''' || ${s})`)} else ${quoted(s)} end`;
    }
  }
}

/** The CSV line of a row: cells joined by commas, CRLF at the end (RFC 4180, as `csvLine`). */
export const csvLineSql = (columns: SqlCsvColumn[]) => sql`${sql.join(columns.map((c) => csvCellSql(c.value, c.kind)), sql` || ',' || `)} || E'\\r\\n'`;

/**
 * A key's message in the reader's language for every key under `prefix` (e.g. `status`), as a JSON
 * object to look values up in SQL (`labels ->> value`, the raw value when there is no message).
 */
export function labelsJson(prefix: string, locale: Locale): string {
  const dict = dictionaries[locale];
  const fallback = dictionaries["zh-CN"];
  const out: Record<string, string> = {};
  for (const key of Object.keys(fallback)) if (key.startsWith(`${prefix}.`)) out[key.slice(prefix.length + 1)] = dict[key] ?? fallback[key]!;
  return JSON.stringify(out);
}

/** A translated label in SQL: null for null or empty, the raw value when no message has it. */
export const labelSql = (labels: string, v: SQL) => sql`case when coalesce(${v}, '') = '' then null else coalesce(${labels}::jsonb ->> (${v}), ${v}) end`;

/**
 * Keyset batches of CSV text (PGlite, which has no cursor): `select(cursor, limit)` is the export's SELECT
 * (ordered by `key`, the rows after `cursor`), wrapped so one round trip returns the batch's lines and its
 * last key. The next batch is asked for while this one is written out.
 */
export function sqlCsvBatches(opts: {
  run: (query: SQL) => Promise<Array<{ text: string | null; n: number; last: string | null }>>;
  select: (cursor: string | null, limit: number) => SQL;
  key: string;
  columns: SqlCsvColumn[];
  batchSize?: number;
}): TextChunks {
  const size = opts.batchSize ?? 10_000;
  const key = sql.raw(`b.${opts.key}`);
  const batch = async (cursor: string | null): Promise<{ text: string; next: string | null }> => {
    const [row] = await opts.run(sql`
      with b as materialized (${opts.select(cursor, size)})
      select coalesce(string_agg(${csvLineSql(opts.columns)}, '' order by ${key}), '') as text, count(*)::int as n,
        (array_agg(${key} order by ${key} desc))[1]::text as last
      from b`);
    const n = Number(row?.n ?? 0);
    return { text: row?.text ?? "", next: n === size ? (row?.last ?? null) : null };
  };
  return async function* () {
    let pending: ReturnType<typeof batch> | null = batch(null);
    while (pending) {
      const done: { text: string; next: string | null } = await pending;
      const { text, next } = done;
      pending = next === null ? null : batch(next);
      // Awaited on the next turn; a reader that stops now leaves it to settle unobserved.
      pending?.catch(() => {});
      yield text;
    }
  };
}

/**
 * The same CSV through one cursor over the whole SELECT (PostgreSQL): planned once, as `COPY` would
 * run it, instead of once per keyset batch; `rows` lines per chunk.
 */
export function sqlCsvCursor(opts: {
  cursor: <R>(query: SQL, rows: number) => AsyncIterable<R[]>;
  select: SQL;
  key: string;
  columns: SqlCsvColumn[];
  rows?: number;
}): TextChunks {
  const query = sql`select ${csvLineSql(opts.columns)} as line from (${opts.select}) b order by ${sql.raw(`b.${opts.key}`)}`;
  return async function* () {
    for await (const chunk of opts.cursor<{ line: string }>(query, opts.rows ?? 5_000)) {
      let text = "";
      for (const r of chunk) text += r.line;
      yield text;
    }
  };
}

/**
 * A cell's value for `COPY … (FORMAT csv)`, which quotes it itself (a value holding a quote, comma or line
 * break, as `csvCell`): formula escaping, 元 and ISO dates as `csvCellSql`, an empty text as NULL (COPY
 * writes NULL as nothing and "" for an empty text). One difference from `csvCell`: COPY quotes a value that
 * is exactly `\.` (its end-of-data marker), which reads back the same.
 */
export function csvValueSql(v: SQL, kind: SqlCsvKind = "text"): SQL {
  switch (kind) {
    case "number":
      return sql`nullif((${v})::text, '')`;
    case "timestamp":
      return sql`to_char((${v})::timestamptz at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    case "money": {
      const yuan = sql`((${v})::numeric / 100)::numeric(38, 2)::text`;
      return sql`case when (${v})::numeric < 0 then '''' || ${yuan} else ${yuan} end`;
    }
    default: {
      const s = sql`(${v})::text`;
      return sql`nullif(case when ${formulaStart(s)} then '''' || ${s} else ${s} end, '')`;
    }
  }
}

/**
 * The same CSV written by `COPY (…) TO STDOUT (FORMAT csv)` (PostgreSQL): the database quotes the cells and
 * sends bytes, no row becomes a JavaScript value. COPY ends lines with LF; `crlfLines` makes them CRLF
 * (RFC 4180, as `csvLine`), leaving line breaks inside quoted cells as they are.
 */
export function sqlCsvCopy(opts: {
  copy: (query: SQL, format: "csv") => AsyncIterable<Uint8Array>;
  select: SQL;
  key: string;
  columns: SqlCsvColumn[];
}): TextChunks {
  const query = sql`select ${sql.join(opts.columns.map((c) => csvValueSql(c.value, c.kind)), sql`, `)} from (${opts.select}) b order by ${sql.raw(`b.${opts.key}`)}`;
  return async function* () {
    const toCrlf = crlfLines();
    for await (const chunk of opts.copy(query, "csv")) yield toCrlf(chunk);
  };
}

const QUOTE = 0x22, LF = 0x0a, CR = 0x0d;

/**
 * LF → CRLF at the ends of CSV lines, chunk by chunk (a quoted cell may span chunks): a line break counts
 * only outside quotes, where every quote opens or closes a quoted cell (a doubled quote closes and reopens).
 */
export function crlfLines(): (chunk: Uint8Array) => Uint8Array {
  let quoted = false;
  return (chunk) => {
    // Jumps from quote to quote and line end to line end (indexOf runs natively over the bytes).
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const ends: number[] = [];
    let i = 0;
    let q = -2; // the next quote at or after i (-1: none), looked up again only once passed
    while (i < bytes.length) {
      if (q !== -1 && q < i) q = bytes.indexOf(QUOTE, i);
      if (quoted) {
        if (q === -1) break;
        quoted = false;
        i = q + 1;
        continue;
      }
      const lf = bytes.indexOf(LF, i);
      if (lf !== -1 && (q === -1 || lf < q)) {
        ends.push(lf);
        i = lf + 1;
      } else if (q !== -1) {
        quoted = true;
        i = q + 1;
      } else break;
    }
    if (!ends.length) return chunk;
    const out = Buffer.allocUnsafe(chunk.length + ends.length);
    let from = 0, at = 0;
    for (const e of ends) {
      out.set(chunk.subarray(from, e), at);
      at += e - from;
      out[at++] = CR;
      out[at++] = LF;
      from = e + 1;
    }
    out.set(chunk.subarray(from), at);
    return out;
  };
}
