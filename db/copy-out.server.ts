import type { Readable } from "node:stream";
import { finished } from "node:stream/promises";
import type { SQL } from "drizzle-orm";
import type { PgDialect } from "drizzle-orm/pg-core";
import type { Options, Sql } from "postgres";

/**
 * `text`: PostgreSQL's text format; `csv`: CSV, quoted where needed; `lines`: for a query whose values hold
 * no line break nor the control characters \x01 and \x02: each row's values as they are, joined by \x01, a
 * LF after them (a null as nothing). It is CSV with those two as delimiter and quote; the one value COPY
 * still quotes then (a lone `\.` in a one-column row, its old end-of-data marker) is unquoted by `unquoted`.
 */
export type CopyFormat = "text" | "csv" | "lines";
const FORMAT_OPTIONS: Record<CopyFormat, string> = {
  text: "",
  csv: " with (format csv)",
  lines: " with (format csv, delimiter E'\\x01', quote E'\\x02')",
};

/**
 * The chunks of `source` joined into ones of at least `size` bytes. COPY sends a message per row, and
 * what comes after pays per chunk: 100,000 deflate writes of ~600 bytes were a fifth of an XLSX export.
 */
export async function* batched(source: AsyncIterable<Uint8Array>, size = 65_536): AsyncGenerator<Uint8Array> {
  let parts: Uint8Array[] = [], bytes = 0;
  for await (const chunk of source) {
    parts.push(chunk);
    bytes += chunk.byteLength;
    if (bytes >= size) {
      yield Buffer.concat(parts, bytes);
      parts = [];
      bytes = 0;
    }
  }
  if (bytes) yield Buffer.concat(parts, bytes);
}

/** The `lines` format's quotes dropped: no value holds a \x02 of its own, so each one is a quote. */
export function unquoted(chunk: Uint8Array): Uint8Array {
  return chunk.indexOf(2) < 0 ? chunk : chunk.filter((b) => b !== 2);
}

/**
 * `COPY (query) TO STDOUT` as a stream of bytes in chunks of 64 KiB or more (PostgreSQL): the database
 * formats every row itself, the application only passes bytes on. For exports (app/utils/export-sql.server.ts).
 *
 * - COPY takes no bind parameters, so the query's are written into its text as literals by drizzle
 *   (`inlineParams`: quotes doubled). Only strings, finite numbers, booleans and null are accepted, and no
 *   string with a backslash, so the text means the same whatever `standard_conforming_strings` says.
 * - Each COPY has a connection of its own, closed when it ends: on the pool, postgres.js could queue another
 *   query behind a streaming COPY, and a reader that stops half-way (a download cancelled) would leave
 *   that connection paused mid-COPY. Stopped early, the statement is cancelled (`pg_cancel_backend` of that
 *   connection's backend, so no other statement can be hit) and the rest discarded until PostgreSQL answers.
 */
export function copyOut(
  pool: Sql, url: string, options: Options<Record<string, never>>, dialect: PgDialect, query: SQL, format: CopyFormat = "text",
): AsyncIterable<Uint8Array> {
  const { params } = dialect.sqlToQuery(query);
  for (const p of params) {
    const ok = p === null || typeof p === "boolean" || (typeof p === "number" && Number.isFinite(p)) || (typeof p === "string" && !p.includes("\\"));
    if (!ok) throw new Error(`COPY: a parameter that cannot be written as a literal (${typeof p})`);
  }
  const text = `copy (${dialect.sqlToQuery(query.inlineParams()).sql}) to stdout${FORMAT_OPTIONS[format]}`;
  return {
    async *[Symbol.asyncIterator]() {
      const { default: postgres } = await import("postgres");
      const conn = postgres(url, { ...options, max: 1, idle_timeout: 0, max_lifetime: null });
      let complete = false;
      try {
        const [{ pid }] = await conn<[{ pid: number }]>`select pg_backend_pid() as pid`;
        const statement = conn.unsafe(text);
        const stream = (await statement.readable()) as unknown as Readable;
        // A cancelled COPY reads on until PostgreSQL answers the cancel (its error closes the stream). A
        // statement that failed at once may have closed it already (patches/postgres+3.4.9.patch).
        const closed = finished(stream).catch(() => {});
        try {
          for await (const chunk of batched(stream.iterator({ destroyOnReturn: false }) as AsyncIterable<Uint8Array>)) {
            yield format === "lines" ? unquoted(chunk) : chunk;
          }
          complete = true;
        } finally {
          if (!complete) {
            stream.on("error", () => {});
            stream.resume();
            await pool`select pg_cancel_backend(${pid})`;
            await closed;
          }
        }
      } finally {
        await conn.end({ timeout: 5 });
      }
    },
  };
}
