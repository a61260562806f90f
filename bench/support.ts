import { execSync } from "node:child_process";
import postgres from "postgres";

/** The PostgreSQL superuser URL a benchmark may create databases with (scripts/services.sh's, unless given). */
export function adminUrl(): string {
  if (process.env.BENCH_PG_ADMIN_URL) return process.env.BENCH_PG_ADMIN_URL;
  if (process.env.TEST_PG_ADMIN_URL) return process.env.TEST_PG_ADMIN_URL;
  const out = execSync("bash scripts/services.sh", { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const m = /TEST_PG_ADMIN_URL='([^']+)'/.exec(out);
  if (!m) throw new Error("no PostgreSQL");
  return m[1]!;
}

/**
 * A database of the benchmark's own, and the app pointed at it (embedded jobs, no Redis): created
 * unless `reuse` names one a previous run kept; `drop()` removes it unless it is to be kept.
 */
export async function benchDatabase(prefix: string, opts: { reuse?: string; keep?: boolean } = {}) {
  const admin = adminUrl();
  const root = postgres(admin, { onnotice: () => {}, max: 1 });
  const name = opts.reuse ?? `${prefix}_${Date.now()}`;
  if (!opts.reuse) await root.unsafe(`create database "${name}" template template0 encoding 'UTF8' lc_ctype 'C.UTF-8' lc_collate 'C.UTF-8'`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  process.env.REDIS_URL = "";
  process.env.SESSION_SECRET = "bench-secret-0123456789abcdef";
  return {
    name,
    async drop() {
      if (opts.keep) console.log(`kept database ${name} (BENCH_DB=${name} to reuse it)`);
      else await root.unsafe(`drop database if exists "${name}" with (force)`);
      await root.end();
    },
  };
}
