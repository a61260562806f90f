// Drops the databases and Redis keys this test run created (by its own prefix) and nothing else.
import postgres from "postgres";
import { Redis } from "ioredis";
import { dropDatabase } from "./drop-database.mjs";

const prefix = process.env.TEST_DB_PREFIX;
const queuePrefix = process.env.QUEUE_PREFIX;
if (!prefix || !/^ipm_t_\d+_\d+$/.test(prefix)) throw new Error("refusing to clean without this run's prefix");

const sql = postgres(process.env.TEST_PG_ADMIN_URL, { onnotice: () => {} });
const dbs = await sql`select datname from pg_database where datname like ${prefix + "%"}`;
for (const { datname } of dbs) {
  await dropDatabase(sql, datname);
}
await sql.end();

const redis = new Redis(process.env.TEST_REDIS_URL);
let cursor = "0";
do {
  const [next, keys] = await redis.scan(cursor, "MATCH", `${queuePrefix}:*`, "COUNT", 1000);
  cursor = next;
  if (keys.length) await redis.del(...keys);
} while (cursor !== "0");
await redis.quit();
console.log(`cleanup: dropped ${dbs.length} databases, removed keys ${queuePrefix}:*`);
