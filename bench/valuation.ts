/**
 * Valuation throughput, per worker (one process, one core for the engine).
 *
 *   npx tsx bench/valuation.ts                 engine alone
 *   eval "$(bash scripts/services.sh)" && npx tsx bench/valuation.ts --e2e
 *                                              also end to end: request → outbox → BullMQ flow
 *                                              (enrich → score → value → report PDF) → completed
 *
 * The end-to-end part needs PostgreSQL and Redis: DATABASE_URL/REDIS_URL, or TEST_PG_ADMIN_URL/
 * TEST_REDIS_URL (as scripts/services.sh prints), in which case it makes and drops its own database.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { canonicalJson } from "#app/domain/valuation/arithmetic";
import { valuate } from "#app/domain/valuation/engine";
import { baseFacts, inventionExample, trademarkExample, utilityModelExample } from "#app/domain/valuation/examples";

const seconds = Number(process.env.BENCH_SECONDS ?? 5);

function engineBench() {
  const bundle = { ...inventionExample, assets: [baseFacts, ...utilityModelExample.assets, ...trademarkExample.assets] };
  const workloads = [["one invention", inventionExample], ["one utility model", utilityModelExample], ["one trademark", trademarkExample], ["a bundle of three", bundle]] as const;
  console.log(`engine alone (one core, ${seconds}s each): valuate() incl. scores, 3 approaches, range, 8 sensitivity runs, flags, + canonical JSON`);
  for (const [label, input] of workloads) {
    for (let i = 0; i < 200; i++) canonicalJson(valuate(input)); // warm-up
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < seconds * 1000) {
      canonicalJson(valuate(input));
      n++;
    }
    const s = (performance.now() - t0) / 1000;
    console.log(`  ${label.padEnd(20)} ${(n / s).toFixed(0).padStart(7)} valuations/s  (${((s / n) * 1000).toFixed(3)} ms each)`);
  }
}

async function e2eBench() {
  const count = Number(process.env.BENCH_VALUATIONS ?? 40);
  let dropDb: (() => Promise<void>) | null = null;
  if (!process.env.DATABASE_URL || !process.env.REDIS_URL) {
    const admin = process.env.TEST_PG_ADMIN_URL;
    if (!admin || !process.env.TEST_REDIS_URL) {
      console.log("end to end: skipped (set DATABASE_URL and REDIS_URL, or run `eval \"$(bash scripts/services.sh)\"` first)");
      return;
    }
    const { default: postgres } = await import("postgres");
    const name = `ipm_bench_${Date.now()}`;
    const sql = postgres(admin, { max: 1, onnotice: () => {} });
    await sql.unsafe(`create database "${name}" template template0 encoding 'UTF8' lc_ctype 'C.UTF-8' lc_collate 'C.UTF-8'`);
    const u = new URL(admin);
    u.pathname = `/${name}`;
    process.env.DATABASE_URL = u.toString();
    process.env.REDIS_URL = process.env.TEST_REDIS_URL;
    process.env.QUEUE_PREFIX = `ipmbench_${Date.now()}`;
    dropDb = async () => {
      await sql.unsafe(`drop database if exists "${name}" with (force)`);
      await sql.end();
    };
  }
  const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), "ipm-bench-reports-"));
  process.env.REPORT_DIR = reportDir;
  process.env.SESSION_SECRET ??= "bench-session-secret-0123456789";
  process.env.SEED_DEMO = "false";

  const { getDb, closeDb } = await import("#db/client.server");
  const { inArray, eq, and, count: countFn } = await import("drizzle-orm");
  const schema = await import("#db/schema/index");
  const { requestValuation } = await import("#app/services/valuations.server");
  const { runWorker } = await import("#jobs/runtime");
  const { patentCheckCharacter } = await import("#app/domain/patent-number");
  const db = await getDb();
  try {
    const [org] = await db.insert(schema.organizations).values({ kind: "enterprise", name: "基准测试企业", uscc: `BENCH${Date.now()}`.slice(0, 18), status: "verified" }).returning();
    const [user] = await db.insert(schema.users).values({ email: `bench-${Date.now()}@bench.ipm`, name: "bench", passwordHash: "x" }).returning();
    const actor = { type: "user" as const, userId: user!.id, orgId: org!.id, orgKind: "enterprise" as const, orgStatus: "verified" as const, role: "owner" as const };
    const assets = await db.insert(schema.ipAssets).values(Array.from({ length: count }, (_, i) => {
      const digits = `2019100${String(i).padStart(5, "0")}`;
      return {
        ownerOrgId: org!.id, kind: "invention" as const, number: `${digits}.${patentCheckCharacter(digits)}`, title: `基准专利 ${i}`,
        filingDate: "2019-03-15", grantDate: "2021-06-01", expiryDate: "2039-03-14", annuityPaidThrough: "2027-03-14", industry: "integrated_circuits" as const,
        claimsCount: 10, citationsCount: 4, overseasFamilyCount: i % 3,
      };
    })).returning({ id: schema.ipAssets.id });

    const worker = await runWorker();
    const t0 = performance.now();
    const ids: string[] = [];
    for (const a of assets) {
      ids.push((await requestValuation(actor, { assetIds: [a.id], purpose: "pledge", locale: "zh-CN", questionnaire: { annualRevenueFen: 1_000_000_000n, maturity: 4 } })).id);
    }
    for (;;) {
      const [row] = await db.select({ n: countFn() }).from(schema.valuations).where(and(inArray(schema.valuations.id, ids), eq(schema.valuations.status, "completed")));
      if (Number(row!.n) === ids.length) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const s = (performance.now() - t0) / 1000;
    await worker.close();
    console.log(`end to end through Redis (one worker process, concurrency 4): ${count} valuations in ${s.toFixed(2)}s = ${(count / s).toFixed(1)} valuations/s`);
    console.log("  (each: outbox → relay → BullMQ flow of 4 jobs → facts, scores, value, an ~8-page PDF with an embedded CJK font subset, SHA-256, notification)");
  } finally {
    await closeDb().catch(() => {});
    if (dropDb) {
      // Our own database and queue prefix: remove both.
      const { Redis } = await import("ioredis");
      const redis = new Redis(process.env.REDIS_URL!);
      const keys = await redis.keys(`${process.env.QUEUE_PREFIX}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
    await dropDb?.();
    fs.rmSync(reportDir, { recursive: true, force: true });
  }
}

/** Report renders per second for `seconds`, after a warm-up. */
async function rendersPerSecond(render: (i: number) => Promise<Buffer>) {
  for (let i = 0; i < 5; i++) await render(i);
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) await render(n++);
  return n / ((performance.now() - t0) / 1000);
}

/** The PDF report alone: a Chinese report with its embedded CJK font subset, beside pdfkit's built-in Helvetica. */
async function reportBench() {
  const { renderValuationReport, resolveFonts } = await import("#app/services/valuation-report.server");
  const { figure } = await import("./support");
  const result = valuate(inventionExample);
  await resolveFonts();
  const id = (i: number) => `11111111-2222-4333-8444-${String(i).padStart(12, "0")}`;
  await figure("valuation", {
    name: "valuation PDF report (one invention, ~8 pages, Noto Sans SC subset embedded), one core",
    metric: "renders/s", better: "higher",
    subject: async () => ({
      "renders/s": await rendersPerSecond((i) => renderValuationReport({ id: id(i), result, orgName: "上海芯微半导体科技有限公司", locale: "zh-CN" })),
      "en renders/s (same, English)": await rendersPerSecond((i) => renderValuationReport({ id: id(i), result, orgName: "Shanghai Xinwei Semiconductor", locale: "en" })),
    }),
    anchor: {
      name: "floor: the same report in English with pdfkit's built-in Helvetica (no font embedded)",
      run: async () => ({
        "renders/s": await rendersPerSecond((i) => renderValuationReport({ id: id(i), result, orgName: "Shanghai Xinwei Semiconductor", locale: "en" }, { regular: null, bold: null, cjk: false, source: "none" })),
      }),
    },
  });
}

engineBench();
await reportBench();
if (process.argv.includes("--e2e")) await e2eBench();
process.exit(0);
