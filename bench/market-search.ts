/**
 * Market search latency against PostgreSQL: p50 / p95 of the first page (20 listings, newest first)
 * for 1-, 2- and 4-character Chinese queries and English queries, through the market service itself
 * (the same SQL the page and the API run). Target: p95 ≤ 20 ms at 1,000,000 listings.
 *
 *   eval "$(bash scripts/services.sh)"
 *   node -e 'const p=require("postgres")(process.env.TEST_PG_ADMIN_URL);p.unsafe(`create database ipm_bench_market template template0 encoding UTF8 lc_ctype \x27C.UTF-8\x27 lc_collate \x27C.UTF-8\x27`).then(()=>p.end())'
 *   export DATABASE_URL="${TEST_PG_ADMIN_URL%/*}/ipm_bench_market"
 *   npx tsx bench/market-data.ts 1000000        # once
 *   npx tsx bench/market-search.ts [iterations per query]
 *   node -e '…drop database ipm_bench_market…'
 */
import { performance } from "node:perf_hooks";

if (!process.env.DATABASE_URL) throw new Error("Set DATABASE_URL to the database bench/market-data.ts loaded");
process.env.SESSION_SECRET ??= "bench-secret-0123456789abcdef";
process.env.REDIS_URL = "";
process.env.DATABASE_POOL_SIZE ??= "4";

const ITER = Number(process.argv[2] ?? 40);
const { getDb, closeDb, queryRows } = await import("../db/client.server");
const { sql } = await import("drizzle-orm");
const { MarketQuerySchema } = await import("../app/domain/forms/market");
const { marketSearchSql, marketTextProbeSql, marketWindowSql, runIndexedSearch, searchListings } = await import("../app/services/market.server");

const CASES: Record<string, string[]> = {
  "1-char Chinese": ["锂", "芯", "药", "氢", "疫"],
  "2-char Chinese": ["电池", "芯片", "抗体", "雷达", "纺织"],
  "4-char Chinese": ["深度学习", "功率器件", "单克隆抗", "燃料电池", "射频前端"],
  English: ["battery", "antibody", "lidar", "perovskite", "speech recognition"],
  "2-char Chinese + filters": ["电池", "芯片"],
  "2-char Chinese + park": ["电池", "芯片"],
  "English, page 2 (cursor)": ["battery", "sensor"],
  // The hard case for "newest first": few or no matches, so the index on the sort key would read everything.
  "rare/absent (zh, en, number)": ["量子退火", "石墨烯", "quantum", "NUMBER"],
};

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const db = await getDb();
const [{ n }] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from listings where status = 'published'`);
console.log(`published listings: ${n.toLocaleString("en")}; ${ITER} runs per query term`);

const [sample] = await queryRows<{ number: string }>(db, sql`select number from ip_assets where kind = 'invention' order by number offset 777 limit 1`);
CASES["rare/absent (zh, en, number)"] = CASES["rare/absent (zh, en, number)"]!.map((t) => (t === "NUMBER" ? (sample?.number ?? "201810452316").slice(0, 12) : t));

const [park] = await queryRows<{ id: string }>(db, sql`select park_id as id from listings where status = 'published' and park_id is not null limit 1`);
const parkId = park?.id ?? "";

const results: Array<{ name: string; p50: number; p95: number; max: number; rows: number }> = [];
for (const [name, terms] of Object.entries(CASES)) {
  const times: number[] = [];
  let rows = 0;
  for (const term of terms) {
    let params: Record<string, string> = { q: term };
    if (name.includes("filters")) params = { ...params, mode: "non_exclusive_licence", industry: "advanced_materials", minPrice: "10000000" };
    if (name.includes("park")) params = { ...params, park: parkId };
    if (name.includes("page 2")) {
      const first = await searchListings(MarketQuerySchema.parse(params));
      if (first.nextCursor) params = { ...params, cursor: first.nextCursor };
    }
    const query = MarketQuerySchema.parse(params);
    await searchListings(query); // warm
    for (let i = 0; i < ITER; i++) {
      const t = performance.now();
      const page = await searchListings(query);
      times.push(performance.now() - t);
      rows += page.items.length;
    }
  }
  results.push({ name, p50: pct(times, 50), p95: pct(times, 95), max: Math.max(...times), rows: Math.round(rows / times.length) });
}
console.table(results.map((r) => ({ query: r.name, "p50 ms": r.p50.toFixed(2), "p95 ms": r.p95.toFixed(2), "max ms": r.max.toFixed(2), "rows/page": r.rows })));

// Which step answers, and how: the window (newest listings by the btree index), the planner, or the GIN indexes.
const show = (plan: Array<{ "QUERY PLAN": string }>) => plan.map((r) => r["QUERY PLAN"]).filter((l) => /Scan|Execution|Sort|Limit/.test(l)).map((l) => `  ${l.trim().slice(0, 150)}`).join("\n");
for (const params of [{ q: "锂" }, { q: "药" }, { q: "电池" }, { q: "深度学习" }, { q: "battery" }, { q: "speech recognition" }, { q: "量子退火" }, { q: "quantum" },
  { q: "电池", mode: "non_exclusive_licence", industry: "advanced_materials", minPrice: "10000000" }]) {
  const query = MarketQuerySchema.parse(params);
  const filtered = Object.keys(params).length > 1;
  let step2: "scan" | "gin" | null;
  if (!filtered) {
    const found = (await queryRows(db, marketWindowSql(query, 21))).length;
    console.log(`\n${JSON.stringify(params)}: step 1 (window of the newest listings) found ${found}`);
    console.log(show(await queryRows(db, sql`explain (analyze) ${marketWindowSql(query, 21)}`)));
    step2 = found < 21 ? "gin" : null;
  } else {
    const [probe] = await queryRows<{ hits: number }>(db, marketTextProbeSql(query, 21));
    console.log(`\n${JSON.stringify(params)}: step 1 (text probe) ${probe!.hits} of 21`);
    console.log(show(await queryRows(db, sql`explain (analyze) ${marketTextProbeSql(query, 21)}`)));
    step2 = probe!.hits >= 21 ? "scan" : "gin";
  }
  if (step2) {
    console.log(`  → step 2 (${step2 === "scan" ? "planner, index order" : "GIN"}):`);
    const q2 = sql`explain (analyze) ${marketSearchSql(query, 21, step2 === "scan" ? "scan" : "indexed")}`;
    console.log(show(step2 === "scan" ? await queryRows(db, q2) : await runIndexedSearch(db, q2)));
  }
}
const target = results.filter((r) => ["1-char Chinese", "2-char Chinese", "4-char Chinese", "English"].includes(r.name));
console.log(`\nworst p95 of the target queries (1-, 2-, 4-character Chinese, English): ${Math.max(...target.map((r) => r.p95)).toFixed(2)} ms (target ≤ 20 ms)`);
console.log(`worst p95 overall (incl. filters, page 2, rare terms): ${Math.max(...results.map((r) => r.p95)).toFixed(2)} ms`);
await closeDb();
