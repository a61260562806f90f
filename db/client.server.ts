import fs from "node:fs";
import path from "node:path";
import { sql, type SQL } from "drizzle-orm";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { env } from "#app/utils/env.server";
import type { CopyFormat } from "./copy-out.server";
import { reconnectBackoff } from "./reconnect";
import * as schema from "./schema/index";

export type Db = PostgresJsDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Either the database or an open transaction: services accept both. */
export type Executor = Db | Tx;

type Handle = {
  db: Db;
  mode: "pglite" | "postgres";
  /** Runs `fn` while holding a PostgreSQL session advisory lock: one process at a time across the cluster. */
  exclusive: <T>(key: number, fn: () => Promise<T>) => Promise<T>;
  /**
   * LISTEN on a channel, on a connection of its own: `onNotify` for each notification, `onLost` when
   * that connection closes (notifications sent until it listens again are gone), `onListen` each time
   * listening (re)starts. It retries every second until PostgreSQL answers; the handle's close ends it.
   */
  listen: (channel: string, on: { notify: () => void; listen: () => void; lost: () => void }) => void;
  /**
   * PostgreSQL only: a query's rows in chunks through one portal (db/cursor.server.ts), for reads too
   * large for memory that must not be re-planned per batch (exports). PGlite has none: use keyset batches.
   */
  cursor?: <R>(query: SQL, rows: number) => AsyncIterable<R[]>;
  /**
   * PostgreSQL only: a query run as a named prepared statement, parsed and planned once per pooled
   * connection (postgres.js keys its cache by the query's text). For the reads behind every view of a
   * page; `preparedRows` below falls back to an ordinary query where there is none.
   */
  prepared?: <R>(query: SQL) => Promise<R[]>;
  /** PostgreSQL only: `COPY (query) TO STDOUT`'s bytes, as text, CSV or lines (db/copy-out.server.ts). */
  copy?: (query: SQL, format?: CopyFormat) => AsyncIterable<Uint8Array>;
  close: () => Promise<void>;
};

/** Advisory lock keys of start-up work that must run in one process at a time (web workers, job workers). */
export const STARTUP_LOCKS = { migrate: 7_210_402, seed: 7_210_403 } as const;
const migrationsFolder = () => path.join(process.cwd(), "db", "migrations");

/**
 * Opens the database named by `url`, or PGlite in `dataDir` when there is none, and applies
 * the committed migrations. Embedded mode is one process only (PGlite is single-writer).
 */
export async function openDatabase(url: string | undefined, dataDir = path.join(process.cwd(), ".data", "pglite")): Promise<Handle> {
  if (url) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    const backoff = reconnectBackoff(env.DATABASE_RECONNECT_MAX_MS);
    const connection = { connect_timeout: env.DATABASE_CONNECT_TIMEOUT_SECONDS, backoff, onnotice: () => {} };
    const client = postgres(url, { ...connection, max: env.DATABASE_POOL_SIZE });
    const db = drizzle({ client, schema, casing: "snake_case" });
    const exclusive = async <T>(key: number, fn: () => Promise<T>): Promise<T> => {
      // A session lock on one reserved connection: held across fn's own queries on the pool.
      const lock = await client.reserve();
      try {
        await lock`select pg_advisory_lock(${key})`;
        return await fn();
      } finally {
        await lock`select pg_advisory_unlock(${key})`.catch(() => {});
        lock.release();
      }
    };
    // Web and worker processes start together: one migrates while the others wait for it.
    await exclusive(STARTUP_LOCKS.migrate, () => migrate(db, { migrationsFolder: migrationsFolder() }));
    const listeners: Array<() => Promise<void>> = [];
    const listen: Handle["listen"] = (channel, on) => {
      let closed = false;
      let starting = false;
      let lost = 0; // connections closed so far: a LISTEN answered across a close is done again
      const options = {
        ...connection, max: 1, idle_timeout: 0, max_lifetime: null,
        // postgres.js hands every NotificationResponse to `onnotify` (an option its types leave out).
        onnotify: (c: string) => c === channel && on.notify(),
        onclose: () => {
          if (closed) return;
          lost++;
          on.lost();
          void start();
        },
      };
      const conn = postgres(url, options as Parameters<typeof postgres>[1]);
      const start = async () => {
        if (starting) return;
        starting = true;
        try {
          while (!closed) {
            const seen = lost;
            try {
              await conn.unsafe(`listen "${channel.replaceAll('"', '""')}"`);
              if (seen !== lost) continue;
              on.listen();
              return;
            } catch {
              await new Promise((r) => setTimeout(r, 1_000).unref());
            }
          }
        } finally {
          starting = false;
        }
      };
      listeners.push(async () => {
        closed = true;
        await conn.end({ timeout: 1 });
      });
      void start();
    };
    const close = async () => {
      await Promise.all(listeners.map((end) => end()));
      await client.end({ timeout: 5 });
    };
    const { chunkedRows } = await import("./cursor.server");
    const { PgDialect } = await import("drizzle-orm/pg-core");
    const dialect = new PgDialect({ casing: "snake_case" });
    const cursor = <R>(query: SQL, rows: number) => {
      const { sql: text, params } = dialect.sqlToQuery(query);
      return chunkedRows<R>(client, text, params, rows);
    };
    const prepared = async <R>(query: SQL) => {
      const { sql: text, params } = dialect.sqlToQuery(query);
      return (await client.unsafe(text, params as never[], { prepare: true })) as unknown as R[];
    };
    const { copyOut } = await import("./copy-out.server");
    const copy = (query: SQL, format?: CopyFormat) => copyOut(client, url, connection, dialect, query, format);
    return { db, mode: "postgres", exclusive, listen, cursor, prepared, copy, close };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { btree_gist } = await import("@electric-sql/pglite/contrib/btree_gist");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const client = new PGlite(dataDir, { extensions: { pg_trgm, btree_gist } });
  const db = drizzle({ client, schema, casing: "snake_case" });
  await migrate(db, { migrationsFolder: migrationsFolder() });
  // PGlite is one process: nothing to exclude.
  // In-process: the connection cannot be lost.
  const listen: Handle["listen"] = (channel, on) => {
    void client.listen(channel, on.notify).then(on.listen);
  };
  return { db: db as unknown as Db, mode: "pglite", exclusive: (_key, fn) => fn(), listen, close: () => client.close() };
}

const g = globalThis as unknown as { __ipmDb?: Promise<Handle> };

/** The process-wide database, opened (and migrated) on first use. */
export function getHandle(): Promise<Handle> {
  g.__ipmDb ??= openDatabase(env.DATABASE_URL, env.PGLITE_DIR).catch((e) => {
    // Unreachable at first use: forget the failure, so the next call connects once it is back.
    g.__ipmDb = undefined;
    throw e;
  });
  return g.__ipmDb;
}

export async function getDb(): Promise<Db> {
  return (await getHandle()).db;
}

export async function closeDb() {
  const handle = g.__ipmDb;
  g.__ipmDb = undefined;
  if (handle) await (await handle).close();
}

/** Rows of a raw `db.execute`, whichever driver answered. */
export async function queryRows<T = Record<string, unknown>>(exec: Executor, query: SQL): Promise<T[]> {
  const res = (await exec.execute(query)) as unknown;
  if (Array.isArray(res)) return res as T[];
  return ((res as { rows?: T[] }).rows ?? []) as T[];
}

/**
 * Rows of a read that runs on every view of a page: on PostgreSQL as a prepared statement (no parse
 * and plan per request); given an executor (a test's transaction), or on PGlite, an ordinary query.
 * The statement must name its columns (no `select *`): a cached plan cannot change its result type,
 * so a column added by a later migration would fail it until the process restarts.
 */
export async function preparedRows<T = Record<string, unknown>>(exec: Executor | undefined, query: SQL): Promise<T[]> {
  if (exec) return queryRows<T>(exec, query);
  const handle = await getHandle();
  return handle.prepared ? handle.prepared<T>(query) : queryRows<T>(handle.db, query);
}

export { sql, schema };
