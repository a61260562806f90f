/**
 * Market search latency against PostgreSQL: p50 / p95 of a page (20 listings, newest first) for each
 * query kind (1-, 2-, 4-character Chinese, English, filters, park, next page, rare and absent terms),
 * through the market service itself (the same SQL the page and the API run), with 8 clients at once;
 * beside it, the floor of 8 clients reading a page of 20 listings by primary key. Target: p95 ≤ 20 ms
 * at 1,000,000 listings. BENCH_EXPLAIN=1 also prints the plans of each step.
 *
 *   eval "$(bash scripts/services.sh)"
 *   node -e 'const p=require("postgres")(process.env.TEST_PG_ADMIN_URL);p.unsafe(`create database ipm_bench_market template template0 encoding UTF8 lc_ctype \x27C.UTF-8\x27 lc_collate \x27C.UTF-8\x27`).then(()=>p.end())'
 *   export DATABASE_URL="${TEST_PG_ADMIN_URL%/*}/ipm_bench_market"
 *   npx tsx bench/market-data.ts 1000000        # once
 *   npx tsx bench/market-search.ts [iterations per query]
 *   node -e '…drop database ipm_bench_market…'
 */
import { performance } from "node:perf_hooks";
import { figure, percentile } from "./support";

if (!process.env.DATABASE_URL) throw new Error("Set DATABASE_URL to the database bench/market-data.ts loaded");
process.env.SESSION_SECRET ??= "bench-secret-0123456789abcdef";
process.env.REDIS_URL = "";
process.env.DATABASE_POOL_SIZE ??= "8";

const ITER = Number(process.argv[2] ?? 25);
const { getDb, closeDb, queryRows } = await import("../db/client.server");
const { sql } = await import("drizzle-orm");
const { MarketQuerySchema } = await import("../app/domain/forms/market");
const { marketSearchSql, marketTextProbeSql, marketWindowSql, runIndexedSearch, searchListings } = await import("../app/services/market.server");
const { marketFacets } = await import("../app/services/market-facets.server");

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

const CLIENTS = 8;
/** The query of each term of a kind, parsed once (page 2 starts from page 1's cursor). */
async function queriesOf(name: string, terms: string[]) {
  const out = [];
  for (const term of terms) {
    let params: Record<string, string> = { q: term };
    if (name.includes("filters")) params = { ...params, mode: "non_exclusive_licence", industry: "advanced_materials", minPrice: "10000000" };
    if (name.includes("park")) params = { ...params, park: parkId };
    if (name.includes("page 2")) {
      const first = await searchListings(MarketQuerySchema.parse(params));
      if (first.nextCursor) params = { ...params, cursor: first.nextCursor };
    }
    out.push(MarketQuerySchema.parse(params));
  }
  return out;
}
/** CLIENTS clients at once, each running `perClient` calls of `run` back to back; latency of every call. */
async function concurrently(perClient: number, run: (i: number) => Promise<number>) {
  const times: number[] = [];
  let rows = 0;
  await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => {
    for (let i = 0; i < perClient; i++) {
      const t = performance.now();
      const got = await run(c * perClient + i);
      rows += got;
      times.push(performance.now() - t);
    }
  }));
  return { "p50 ms": percentile(times, 50), "p95 ms": percentile(times, 95), "rows/page": rows / times.length };
}
const ids = (await queryRows<{ id: string }>(db, sql`select id from listings where status = 'published' order by random() limit 2000`)).map((r) => r.id);
const floor = {
  name: `floor: a page of 20 listings by primary key, ${CLIENTS} clients`,
  run: () => concurrently(ITER, async (i) => (await queryRows(db, sql`select id, title, title_en, mode, kinds::text, industry, published_at from listings
    where id = any(${`{${ids.slice((i * 20) % 1980, ((i * 20) % 1980) + 20).join(",")}}`}::uuid[]) order by published_at desc`)).length),
};
for (const [name, terms] of Object.entries(CASES)) {
  const queries = await queriesOf(name, terms);
  for (const q of queries) await searchListings(q); // warm
  // What the market page and the API run: the page and its counts and facets, side by side.
  await figure("search", {
    name: `market search with facets at ${n.toLocaleString("en")} published listings, ${name}, ${CLIENTS} clients`,
    metric: "p95 ms", better: "lower", limits: { "p95 ms": { max: 20 } },
    subject: () => concurrently(ITER, async (i) => {
      const q = queries[i % queries.length]!;
      const [page] = await Promise.all([searchListings(q), marketFacets(q)]);
      return page.items.length;
    }),
    anchor: floor,
  });
  await figure("search", {
    name: `market search at ${n.toLocaleString("en")} published listings, ${name} (${terms.join(", ")}), ${CLIENTS} clients`,
    metric: "p95 ms", better: "lower", limits: { "p95 ms": { max: 20 } },
    subject: () => concurrently(ITER, async (i) => (await searchListings(queries[i % queries.length]!)).items.length),
    anchor: {
      name: `floor: a page of 20 listings by primary key, ${CLIENTS} clients`,
      run: () => concurrently(ITER, async (i) => (await queryRows(db, sql`select id, title, title_en, mode, kinds::text, industry, published_at from listings
        where id = any(${`{${ids.slice((i * 20) % 1980, ((i * 20) % 1980) + 20).join(",")}}`}::uuid[]) order by published_at desc`)).length),
    },
  });
}

if (process.env.BENCH_EXPLAIN) {
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
}
await closeDb();
