// Drops a database this run created, as a role that is neither superuser nor in pg_signal_backend.
//
// `drop database … with (force)` refuses such a role whenever an autovacuum worker happens to be in
// the database ("must be a member of the role whose process is being terminated"): the worker has no
// role. A plain `drop database` stops autovacuum workers itself, so this ends only our own role's
// sessions there and drops without `force`, retrying while a session is still going away.
//
// Usage as a script: node scripts/drop-database.mjs NAME   (connects with TEST_PG_ADMIN_URL)
import { pathToFileURL } from "node:url";
import postgres from "postgres";

const IN_USE = "55006";

/**
 * @param {import("postgres").Sql} sql a connection to another database of the same cluster
 * @param {string} name
 */
export async function dropDatabase(sql, name, { attempts = 20, pauseMs = 250 } = {}) {
  for (let attempt = 1; ; attempt++) {
    await sql`select pg_terminate_backend(pid) from pg_stat_activity
      where datname = ${name} and pid <> pg_backend_pid() and usename = current_user and backend_type = 'client backend'`;
    try {
      await sql.unsafe(`drop database if exists "${name.replaceAll('"', '""')}"`);
      return;
    } catch (error) {
      if (/** @type {{ code?: string }} */ (error).code !== IN_USE || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv[2]) {
  const sql = postgres(process.env.TEST_PG_ADMIN_URL ?? "", { max: 1, onnotice: () => {} });
  try {
    await dropDatabase(sql, process.argv[2]);
  } finally {
    await sql.end();
  }
}
