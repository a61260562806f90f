import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";

/**
 * Once per run: a template database with every migration applied. Each test file then gets its own
 * copy (CREATE DATABASE … TEMPLATE), so files run in parallel without seeing each other's rows.
 * Databases are created with a UTF-8 aware LC_CTYPE so pg_trgm indexes Chinese.
 */
export default async function setup(project: TestProject) {
  const admin = process.env.TEST_PG_ADMIN_URL;
  const prefix = process.env.TEST_DB_PREFIX;
  if (!admin || !prefix) throw new Error("Run integration tests through `npm test` (it starts PostgreSQL and Redis)");
  const template = `${prefix}_tpl`;
  const sql = postgres(admin, { onnotice: () => {} });
  await sql.unsafe(`create database "${template}" template template0 encoding 'UTF8' lc_ctype 'C.UTF-8' lc_collate 'C.UTF-8'`);
  await sql.end();

  const url = withDb(admin, template);
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const client = postgres(url, { max: 1, onnotice: () => {} });
  await migrate(drizzle({ client, casing: "snake_case" }), { migrationsFolder: path.join(process.cwd(), "db", "migrations") });
  await client.end();
  project.provide("templateDb", template);
}

export function withDb(url: string, db: string) {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string;
  }
}
