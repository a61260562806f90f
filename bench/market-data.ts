/**
 * Market benchmark data: N IP assets (default 1,000,000) with one listing each, realistic Chinese and
 * English titles and abstracts, loaded with COPY into the database named by DATABASE_URL (migrated
 * first). The market's GIN and keyset indexes are dropped for the load and rebuilt afterwards from
 * their own definitions (pg_get_indexdef), then the table is analysed.
 *
 *   eval "$(bash scripts/services.sh)"
 *   node -e '…create database ipm_bench_market template template0 lc_ctype "C.UTF-8"…'   (see bench/market-search.ts)
 *   DATABASE_URL=postgres://…/ipm_bench_market npx tsx bench/market-data.ts 1000000
 */
import crypto from "node:crypto";
import { performance } from "node:perf_hooks";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import postgres from "postgres";
import { patentCheckCharacter } from "../app/domain/patent-number";
import { expiryDate, highValueReasons } from "../app/domain/market/assets";
import { documentLexemes, normaliseDocument, tsvectorLiteral } from "../app/domain/market/search";
import { EFFECT, OBJECT, PROCESS, STEP, TECH, TRADEMARK, type Pair } from "./market-vocabulary";

const N = Number(process.argv[2] ?? 1_000_000);
const url = process.env.DATABASE_URL;
if (!url) throw new Error("Set DATABASE_URL to the benchmark database (created with LC_CTYPE C.UTF-8)");
process.env.SESSION_SECRET ??= "bench-secret-0123456789abcdef";
process.env.REDIS_URL = "";

const INDUSTRIES = ["integrated_circuits", "biomedicine", "artificial_intelligence", "electronic_information", "life_health", "automotive", "high_end_equipment", "advanced_materials", "fashion_consumer", "other"];
const MODES = ["exclusive_licence", "sole_licence", "non_exclusive_licence", "non_exclusive_licence", "open_licence", "transfer", "transfer"];
const rnd = (n: number) => crypto.randomInt(n);
const pick = <T>(xs: readonly T[]) => xs[rnd(xs.length)]!;
/** COPY text format: backslash, tab, newline and carriage return escaped; null as \N. */
const cell = (v: string | number | boolean | null) => (v === null ? "\\N" : String(v).replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r"));
const line = (cells: Array<string | number | boolean | null>) => `${cells.map(cell).join("\t")}\n`;
const iso = (d: Date) => d.toISOString().slice(0, 10);

const { openDatabase } = await import("../db/client.server");
const handle = await openDatabase(url); // applies the migrations
await handle.close();
const sql = postgres(url, { max: 2, onnotice: () => {} });
const t0 = performance.now();
await sql`set maintenance_work_mem = '1GB'`;

const parks = await sql<{ id: string }[]>`insert into parks (code, name_zh, name_en, district)
  select 'mb' || g, '基准园区' || g, 'Bench park ' || g, '浦东新区' from generate_series(1, 12) g returning id`;
const orgs = await sql<{ id: string; park_id: string }[]>`insert into organizations (kind, name, uscc, status, verified_at, park_id)
  select (case when g % 5 = 0 then 'university' else 'enterprise' end)::org_kind, '基准机构' || g, 'MBENCH' || lpad(g::text, 12, '0'), 'verified', now(),
    (${parks.map((p) => p.id)}::uuid[])[1 + g % 12]
  from generate_series(1, 2000) g returning id, park_id`;

const saved = await sql<{ indexname: string; indexdef: string }[]>`select indexname, indexdef from pg_indexes
  where tablename in ('listings', 'ip_assets', 'listing_assets') and indexname not like '%pkey' and indexdef not ilike '%unique%'`;
for (const i of saved) await sql.unsafe(`drop index "${i.indexname}"`);

function title(kind: string): { zh: string; en: string } {
  if (kind === "trademark") {
    const [zh, en] = pick(TRADEMARK);
    return { zh: `${zh} ${en}`, en };
  }
  const tech = pick(TECH), obj = pick(OBJECT), proc = pick(PROCESS);
  switch (rnd(3)) {
    case 0: return { zh: `一种${tech[0]}${obj[0]}的${proc[0]}`, en: `A ${tech[1]} ${proc[1]} for ${obj[1]}` };
    case 1: return { zh: `${tech[0]}${obj[0]}及其${proc[0]}`, en: `${cap(tech[1])} ${obj[1]} and its ${proc[1]}` };
    default: return { zh: `一种用于${pick(OBJECT)[0]}的${obj[0]}`, en: `${cap(obj[1])} for ${pick(OBJECT)[1]}` };
  }
}
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
function abstract(t: { zh: string; en: string }): { zh: string; en: string } {
  const s1: Pair = pick(STEP), s2: Pair = pick(STEP), e1: Pair = pick(EFFECT), e2: Pair = pick(EFFECT);
  return {
    zh: `本发明公开了${t.zh}，包括${s1[0]}、${s2[0]}等步骤，通过优化关键工艺参数，${e1[0]}，并${e2[0]}，适用于园区企业产业化应用。`,
    en: `Disclosed is ${t.en.toLowerCase()}, comprising ${s1[1]} and ${s2[1]}; it ${e1[1]} and ${e2[1]}.`,
  };
}

const today = iso(new Date());
const now = Date.now();
const assetRows: string[] = [];
const listingRows: string[] = [];
const linkRows: string[] = [];
const BATCH = 50_000;

async function copy(table: string, columns: string, rows: string[]) {
  const writable = await sql.unsafe(`copy ${table} (${columns}) from stdin`).writable();
  await pipeline(Readable.from(rows), writable);
}

const ASSET_COLS = "id, owner_org_id, kind, number, title, title_en, abstract, abstract_en, filing_date, grant_date, expiry_date, legal_status, annuity_paid_through, ipc_classes, industry, overseas_family_count";
const LISTING_COLS = "id, seller_org_id, mode, status, title, title_en, asking_price_fen, open_fee_fen, royalty_bp, term_months, territory, kinds, industry, park_id, high_value, price_fen, search_text, search_lexemes, submitted_at, published_at, created_at";

for (let i = 0; i < N; i++) {
  const r = rnd(100);
  const kind = r < 60 ? "invention" : r < 85 ? "utility_model" : r < 93 ? "design" : "trademark";
  const year = 2008 + (i % 17);
  const filing = `${year}-${String(1 + rnd(12)).padStart(2, "0")}-${String(1 + rnd(28)).padStart(2, "0")}`;
  const grant = kind === "trademark" || rnd(10) > 0 ? `${year + 1 + rnd(2)}${filing.slice(4)}` : null;
  const number = kind === "trademark" ? String(10_000_000 + i) : (() => {
    const digits = `${year}${kind === "invention" ? 1 : kind === "utility_model" ? 2 : 3}${String(i).padStart(7, "0")}`;
    return `${digits}.${patentCheckCharacter(digits)}`;
  })();
  const expiry = expiryDate({ kind, filingDate: filing, registrationDate: grant })!;
  const t = title(kind);
  const a = abstract(t);
  const industry = pick(INDUSTRIES);
  const overseas = rnd(10) === 0 ? 1 + rnd(4) : 0;
  const org = orgs[i % orgs.length]!;
  const assetId = crypto.randomUUID();
  const status = expiry < today ? "expired" : "valid";
  assetRows.push(line([assetId, org.id, kind, number, t.zh, t.en, a.zh, a.en, filing, grant, expiry, status, kind === "trademark" ? null : `${new Date().getUTCFullYear()}${filing.slice(4)}`,
    kind === "trademark" ? "{}" : "{H01L}", industry, overseas]));

  const mode = kind === "trademark" ? pick(["non_exclusive_licence", "transfer"]) : kind === "invention" ? pick(MODES) : pick(MODES.filter((m) => m !== "open_licence"));
  const listingStatus = status === "expired" ? "withdrawn" : rnd(100) < 97 ? "published" : pick(["draft", "pending_review", "paused"]);
  const price = rnd(5) === 0 ? null : BigInt(1 + rnd(500)) * 1_000_000n;
  const fee = mode === "open_licence" ? BigInt(1 + rnd(20)) * 1_000_000n : null;
  const text = normaliseDocument(`${t.zh}\n${t.en}\n${a.zh}\n${a.en}\n${number}`);
  // Listings arrive in the order they are published, as in production, so the table's physical order
  // follows publication (give or take a day): over three years, oldest first.
  const published = new Date(now - Math.round(((N - i) / N) * 3 * 365 * 86_400_000) - rnd(86_400) * 1000);
  const high = highValueReasons({ kind, industry, overseasFamilyCount: overseas, filingDate: filing, legalStatus: status, expiryDate: expiry, annuityPaidThrough: null, awards: [] }, today).length > 0;
  const listingId = crypto.randomUUID();
  listingRows.push(line([listingId, org.id, mode, listingStatus, t.zh, t.en, mode === "open_licence" ? null : (price?.toString() ?? null), fee?.toString() ?? null,
    mode === "open_licence" ? 100 * (1 + rnd(5)) : null, mode === "transfer" ? null : 12 * (1 + rnd(5)), mode === "transfer" ? null : "中国大陆",
    `{${kind}}`, industry, org.park_id, high, (mode === "open_licence" ? fee : price)?.toString() ?? null, text, tsvectorLiteral(documentLexemes(text)),
    published.toISOString(), listingStatus === "draft" ? null : published.toISOString(), published.toISOString()]));
  linkRows.push(line([listingId, assetId]));

  if (assetRows.length === BATCH || i === N - 1) {
    await copy("ip_assets", ASSET_COLS, assetRows);
    await copy("listings", LISTING_COLS, listingRows);
    await copy("listing_assets", "listing_id, asset_id", linkRows);
    assetRows.length = listingRows.length = linkRows.length = 0;
    process.stdout.write(`\rloaded ${i + 1} / ${N} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
}
const tLoad = performance.now();
console.log(`\nrebuilding ${saved.length} indexes…`);
for (const i of saved) {
  const s = performance.now();
  await sql.unsafe(i.indexdef);
  console.log(`  ${i.indexname}: ${((performance.now() - s) / 1000).toFixed(1)} s`);
}
// What autovacuum does in production: statistics, hint bits and the visibility map.
await sql`vacuum (analyze) ip_assets`;
await sql`vacuum (analyze) listings`;
await sql`vacuum (analyze) listing_assets`;
const [{ size }] = await sql<{ size: string }[]>`select pg_size_pretty(pg_total_relation_size('listings')) as size`;
console.log(`done: ${N} assets and listings; load ${((tLoad - t0) / 1000).toFixed(0)} s, indexes ${((performance.now() - tLoad) / 1000).toFixed(0)} s; listings table with indexes ${size}`);
await sql.end();
