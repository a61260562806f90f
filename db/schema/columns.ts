import { customType, timestamp } from "drizzle-orm/pg-core";

/** Timestamps are always `timestamp with time zone`. */
export const tstz = (name?: string) =>
  name ? timestamp(name, { withTimezone: true, mode: "date" }) : timestamp({ withTimezone: true, mode: "date" });

export const createdAt = () => tstz().notNull().defaultNow();

/** Money in 分 (fen) as bigint; JavaScript sees a bigint, never a float. */
export const fen = (name?: string) =>
  name ? bigintFen(name) : bigintFen();

const bigintFen = customType<{ data: bigint; driverData: string | number | bigint }>({
  dataType: () => "bigint",
  fromDriver: (v) => BigInt(v),
  toDriver: (v) => v.toString(),
});

/** A PostgreSQL `daterange` kept as its literal text, e.g. `[2026-01-01,2027-01-01)`. */
export const daterange = customType<{ data: string; driverData: string }>({
  dataType: () => "daterange",
});

/** Binary content (the signed PDFs: kept in the row that records them, so a signature and its bytes commit together). */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
  toDriver: (v) => v,
});
