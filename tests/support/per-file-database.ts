import crypto from "node:crypto";
import postgres from "postgres";
import { afterAll, inject } from "vitest";
import { dropDatabase } from "../../scripts/drop-database.mjs";

/**
 * Runs before each integration test file: a fresh database copied from the migrated template,
 * and a Redis key prefix of its own. Both are set in the environment before any app module loads.
 */
const admin = process.env.TEST_PG_ADMIN_URL!;
const name = `${process.env.TEST_DB_PREFIX}_${crypto.randomBytes(4).toString("hex")}`;
const sql = postgres(admin, { max: 1, onnotice: () => {} });
await sql.unsafe(`create database "${name}" template "${inject("templateDb")}"`);

const u = new URL(admin);
u.pathname = `/${name}`;
process.env.DATABASE_URL = u.toString();
process.env.REDIS_URL = process.env.TEST_REDIS_URL;
process.env.QUEUE_PREFIX = `${process.env.QUEUE_PREFIX ?? "ipmtest"}:${crypto.randomBytes(3).toString("hex")}`;
process.env.SESSION_SECRET = "integration-test-secret-0123456789";
process.env.SEED_DEMO = "false";
process.env.INLINE_JOBS = "false";
// Request and job lines stay out of the test output (drills read their child processes' logs).
process.env.LOG_LEVEL ??= "warn";

afterAll(async () => {
  const { closeDb } = await import("#db/client.server");
  await closeDb();
  await dropDatabase(sql, name);
  await sql.end();
});
