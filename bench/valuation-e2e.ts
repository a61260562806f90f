/**
 * Valuations end to end in one worker process: request → outbox → relay → BullMQ flow (enrich →
 * score → value → report sealed) → stored result, measured beside BullMQ no-op flows of four steps
 * per valuation in the same process, on the same Redis. Needs PostgreSQL and Redis (see valuation.ts).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { dropDatabase } from "../scripts/drop-database.mjs";
import { figure } from "./support";

const count = Number(process.env.BENCH_VALUATIONS ?? 1000);
const singles = Number(process.env.BENCH_SINGLE_VALUATIONS ?? 100);
const concurrency = Number(process.env.BENCH_WORKER_CONCURRENCY ?? process.env.VALUATION_WORKER_CONCURRENCY ?? 8);

export async function e2eBench() {
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
      await dropDatabase(sql, name);
      await sql.end();
    };
  }
  const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), "ipm-bench-reports-"));
  process.env.REPORT_DIR = reportDir;
  process.env.SESSION_SECRET ??= "bench-session-secret-0123456789";
  process.env.SEED_DEMO = "false";
  process.env.LOG_LEVEL ??= "warn";

  const { getDb, closeDb } = await import("#db/client.server");
  const { inArray, eq, and, count: countFn } = await import("drizzle-orm");
  const schema = await import("#db/schema/index");
  const { requestValuation } = await import("#app/services/valuations.server");
  const { requestValuationBatch } = await import("#app/services/valuation-batches.server");
  const { runWorker } = await import("#jobs/runtime");
  const { patentCheckCharacter } = await import("#app/domain/patent-number");
  const { FlowProducer, Worker, QueueEvents } = await import("bullmq");
  const { createRedis, queuePrefix } = await import("#jobs/connection");
  const db = await getDb();
  const worker = await runWorker({ concurrency });
  const noopConn = createRedis("worker");
  try {
    const [org] = await db.insert(schema.organizations).values({ kind: "university", name: "基准测试大学", uscc: `BENCH${Date.now()}`.slice(0, 18), status: "verified" }).returning();
    const [user] = await db.insert(schema.users).values({ email: `bench-${Date.now()}@bench.ipm`, name: "bench", passwordHash: "x" }).returning();
    await db.insert(schema.memberships).values({ userId: user!.id, orgId: org!.id, role: "owner" });
    const actor = { type: "user" as const, userId: user!.id, orgId: org!.id, orgKind: "university" as const, orgStatus: "verified" as const, role: "owner" as const };
    const assets = await db.insert(schema.ipAssets).values(Array.from({ length: Math.max(count, singles) }, (_, i) => {
      const digits = `2019100${String(i).padStart(5, "0")}`;
      return {
        ownerOrgId: org!.id, kind: "invention" as const, number: `${digits}.${patentCheckCharacter(digits)}`, title: `基准专利 ${i}`,
        filingDate: "2019-03-15", grantDate: "2021-06-01", expiryDate: "2039-03-14", annuityPaidThrough: "2027-03-14", industry: "integrated_circuits" as const,
        claimsCount: 10 + (i % 7), citationsCount: i % 5, overseasFamilyCount: i % 3,
      };
    })).returning({ id: schema.ipAssets.id });

    // Three completed transfers of integrated-circuit inventions (another organisation's): the market
    // approach values the batch without answers, so it runs every step (a patent without any basis
    // for a value would stop at `value`, in needs_input, and never complete).
    const [seller] = await db.insert(schema.organizations).values({ kind: "enterprise", name: "基准测试卖方", uscc: `BENCHS${Date.now()}`.slice(0, 18), status: "verified" }).returning();
    for (let i = 0; i < 3; i++) {
      const digits = `2018100${String(i).padStart(5, "0")}`;
      const [asset] = await db.insert(schema.ipAssets).values({
        ownerOrgId: seller!.id, kind: "invention", number: `${digits}.${patentCheckCharacter(digits)}`, title: `可比专利 ${i}`,
        filingDate: "2018-03-15", grantDate: "2020-06-01", expiryDate: "2038-03-14", annuityPaidThrough: "2027-03-14", industry: "integrated_circuits",
      }).returning({ id: schema.ipAssets.id });
      const [listing] = await db.insert(schema.listings).values({ sellerOrgId: seller!.id, mode: "transfer", status: "closed", title: `可比专利 ${i}`, kinds: ["invention"], industry: "integrated_circuits" }).returning({ id: schema.listings.id });
      await db.insert(schema.listingAssets).values({ listingId: listing!.id, assetId: asset!.id });
      const at = new Date();
      await db.insert(schema.deals).values({ listingId: listing!.id, buyerOrgId: org!.id, sellerOrgId: seller!.id, mode: "transfer", status: "completed", priceFen: BigInt(300_000_00 + i * 50_000_00), acceptedAt: at, paidAt: at, completedAt: at });
    }

    const completedAmong = async (ids: string[]) => {
      const [row] = await db.select({ n: countFn() }).from(schema.valuations).where(and(inArray(schema.valuations.id, ids), eq(schema.valuations.status, "completed")));
      return Number(row!.n);
    };
    const untilCompleted = async (ids: () => Promise<string[]>) => {
      const list = await ids();
      while ((await completedAmong(list)) < list.length) await new Promise((r) => setTimeout(r, 20));
      return list.length;
    };

    let run = 0;
    const batchRun = async () => {
      const t0 = performance.now();
      const n = await untilCompleted(async () => {
        const { id } = await requestValuationBatch(actor, { scope: "all", assetIds: [], purpose: "pledge", locale: "zh-CN", requestKey: `bench-${run++}` });
        return (await db.select({ id: schema.valuations.id }).from(schema.valuations).where(eq(schema.valuations.batchId, id))).map((r) => r.id);
      });
      return { "valuations/s": n / ((performance.now() - t0) / 1000) };
    };

    // The anchor: BullMQ alone, flows of the same shape (four chained steps per valuation) whose steps do nothing.
    const noopQueue = `bench-noop-${Date.now()}`;
    const noopWorker = new Worker(noopQueue, async () => null, { connection: noopConn, prefix: queuePrefix(), concurrency });
    const events = new QueueEvents(noopQueue, { connection: createRedis("worker"), prefix: queuePrefix() });
    const producer = new FlowProducer({ connection: createRedis("worker"), prefix: queuePrefix() });
    let noopRun = 0;
    const noopFlows = async () => {
      const tag = noopRun++;
      const t0 = performance.now();
      let done = 0;
      const finished = new Promise<void>((resolve) => {
        const onDone = ({ jobId }: { jobId: string }) => {
          if (jobId.startsWith(`n${tag}.`) && jobId.endsWith(".report") && ++done === count) {
            events.off("completed", onDone);
            resolve();
          }
        };
        events.on("completed", onDone);
      });
      const flows = Array.from({ length: count }, (_, i) => {
        let node: Parameters<typeof producer.add>[0] | undefined;
        for (const name of ["enrich", "score", "value", "report"]) node = { name, queueName: noopQueue, data: { i }, opts: { jobId: `n${tag}.${i}.${name}`, removeOnComplete: true }, children: node ? [node] : undefined };
        return node!;
      });
      await producer.addBulk(flows);
      await finished;
      return { "valuations/s": count / ((performance.now() - t0) / 1000) };
    };
    await events.waitUntilReady();

    await figure("valuation", {
      name: `valuation end to end, one worker process (concurrency ${concurrency}): a batch of ${count} patents requested in one action → outbox → ${Math.ceil(count / 100)} chunk flows → stored results, reports sealed (the PDF is drawn on first download)`,
      metric: "valuations/s", better: "higher",
      subject: batchRun,
      anchor: { name: `BullMQ alone: ${count} no-op flows of four chained steps (one per valuation), same worker concurrency`, run: noopFlows },
      limits: { "valuations/s": { min: 100 } },
    });

    // One valuation per request (the form's path): a flow of four step jobs each, beside the same anchor.
    await figure("valuation", {
      name: `valuation end to end, one at a time: ${singles} requests through the form's service → ${singles} flows of four step jobs → stored results`,
      metric: "valuations/s", better: "higher",
      subject: async () => {
        const t0 = performance.now();
        const n = await untilCompleted(async () => {
          const ids: string[] = [];
          // Distinct answers per run: otherwise the request dedupes onto the previous run's open valuation.
          for (const a of assets.slice(0, singles)) ids.push((await requestValuation(actor, { assetIds: [a.id], purpose: "pledge", locale: "zh-CN", questionnaire: { annualRevenueFen: 1_000_000_000n + BigInt(run), maturity: 4 } })).id);
          run++;
          return ids;
        });
        return { "valuations/s": n / ((performance.now() - t0) / 1000) };
      },
    });
    await noopWorker.close();
    await events.close();
    await producer.close();
  } finally {
    await worker.close();
    await closeDb().catch(() => {});
    noopConn.disconnect();
    if (dropDb) {
      // Our own database and queue prefix: remove both.
      const { Redis } = await import("ioredis");
      const redis = new Redis(process.env.REDIS_URL!);
      const keys = await redis.keys(`${process.env.QUEUE_PREFIX}:*`);
      for (let i = 0; i < keys.length; i += 1000) await redis.del(...keys.slice(i, i + 1000));
      await redis.quit();
    }
    await dropDb?.();
    fs.rmSync(reportDir, { recursive: true, force: true });
  }
}
