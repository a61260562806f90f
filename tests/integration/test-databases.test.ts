import crypto from "node:crypto";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { dropDatabase } from "../../scripts/drop-database.mjs";

// The test role has CREATEDB only. `drop database … with (force)` refused it whenever an
// autovacuum worker was in the database (the worker has no role; a CI run failed on it), so test
// databases are dropped by ending our own sessions and a plain drop, which stops autovacuum itself.
const admin = postgres(process.env.TEST_PG_ADMIN_URL!, { max: 1, onnotice: () => {} });
afterAll(() => admin.end());

function urlOf(name: string) {
  const u = new URL(process.env.TEST_PG_ADMIN_URL!);
  u.pathname = `/${name}`;
  return u.toString();
}

describe("dropping a test database", () => {
  it("ends the sessions our role still holds there and drops it", async () => {
    const name = `${process.env.TEST_DB_PREFIX}_drop_${crypto.randomBytes(3).toString("hex")}`;
    await admin.unsafe(`create database "${name}"`);
    const held = postgres(urlOf(name), { max: 2, onnotice: () => {}, connection: { application_name: "held" } });
    await Promise.all([held`select 1`, held`select pg_sleep(0)`]);
    const [open] = await admin`select count(*)::int as n from pg_stat_activity where datname = ${name}`;
    expect(open!.n).toBeGreaterThanOrEqual(1);

    await dropDatabase(admin, name);

    const rows = await admin`select 1 from pg_database where datname = ${name}`;
    expect(rows).toHaveLength(0);
    await held.end({ timeout: 1 }).catch(() => {});
  });

  it("is a no-op for a database that is already gone", async () => {
    await expect(dropDatabase(admin, `${process.env.TEST_DB_PREFIX}_never_made`)).resolves.toBeUndefined();
  });
});
