/**
 * Server-side rendering under load: the production build (`node build/server.js`, what `npm start`
 * runs) on PGlite and on PostgreSQL, demo data plus enough listings to fill the market's pages,
 * loaded by autocannon with 50 connections; beside it, in the same run and alternating with it, an
 * anchor server rendering the same markup with React `renderToString` on every request
 * (bench/ssr-anchor.ts). Pages: /market, /market?q=芯片, a listing page, the enterprise's dashboard
 * and the bank's application queue (both signed in). Needs a build (`npm run build`).
 *
 *   npx tsx bench/ssr.ts [pglite|postgres]      BENCH_SSR_SECONDS (5) per run, BENCH_SSR_PROFILE=dir for --cpu-prof,
 *                                              BENCH_SSR_ONLY=<part of a page's label> for one page
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { benchDatabase, figure, percentile } from "./support";
import { startAnchor } from "./ssr-anchor";

if (!fs.existsSync("build/server.js")) throw new Error("run `npm run build` first");
const SECONDS = Number(process.env.BENCH_SSR_SECONDS ?? 5);
const CONNECTIONS = 50;
const mode = process.argv[2] as "pglite" | "postgres" | undefined;
if (!mode) {
  // One process per mode: the seed goes through the app's services, which use the process-wide
  // database (db/client.server.ts), so each mode's database must be chosen before that is opened.
  for (const m of ["pglite", "postgres"]) {
    const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, m], { stdio: "inherit" });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  process.exit(0);
}
process.env.SESSION_SECRET ??= "bench-secret-0123456789abcdef";
process.env.REDIS_URL = "";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ipm-bench-ssr-"));
const database = mode === "postgres" ? await benchDatabase("ipm_bench_ssr") : null;
process.env.DATABASE_URL = database?.url ?? "";
process.env.PGLITE_DIR = path.join(dir, "pglite");
const { getDb, closeDb, queryRows } = await import("../db/client.server");
const { seedDemo, DEMO_PASSWORD } = await import("../db/seed-data");
const { sql } = await import("drizzle-orm");

/** Demo data, then copies of the published listings (newest first) until the market has several pages. */
async function prepare() {
  const db = await getDb();
  await seedDemo(db);
  await db.execute(sql`insert into listings (seller_org_id, created_by, mode, status, title, title_en, description, asking_price_fen, open_fee_fen, royalty_bp,
      term_months, territory, kinds, industry, park_id, high_value, price_fen, search_text, search_lexemes, submitted_at, published_at)
    select l.seller_org_id, l.created_by, l.mode, l.status, l.title || ' ' || g, l.title_en, l.description, l.asking_price_fen, l.open_fee_fen, l.royalty_bp,
      l.term_months, l.territory, l.kinds, l.industry, l.park_id, l.high_value, l.price_fen, l.search_text, l.search_lexemes, l.submitted_at, now() - make_interval(mins => g)
    from listings l, generate_series(1, 8) g where l.status = 'published'`);
  const [{ n }] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from listings where status = 'published'`);
  const [listing] = await queryRows<{ id: string }>(db, sql`select l.id from listings l join listing_assets la on la.listing_id = l.id
    where l.status = 'published' order by l.published_at limit 1`);
  await closeDb();
  return { published: n!, listingId: listing!.id };
}

async function waitFor(url: string, child: ChildProcess) {
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error("the server exited");
    try {
      if ((await fetch(url)).status === 200) return;
    } catch { /* starting */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never answered`);
}

async function signIn(base: string, email: string) {
  const res = await fetch(`${base}/login`, {
    method: "POST", redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD, redirectTo: "" }),
  });
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  if (res.status !== 302 || !cookie) throw new Error(`sign-in of ${email} failed: ${res.status}`);
  return cookie;
}

/** SIGTERM, then wait for the exit (the web process drains first). */
async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

/** One autocannon run: req/s and latency percentiles from every response's own time. */
async function load(url: string, headers: Record<string, string>) {
  const times: number[] = [];
  let bad = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers }, (err, r) => (err ? reject(err) : resolve(r)));
    instance.on("response", (_c, status, _b, ms) => {
      times.push(ms);
      if (status !== 200) bad++;
    });
  });
  if (bad || result.errors || result.timeouts) throw new Error(`${url}: ${bad} non-200, ${result.errors} errors, ${result.timeouts} timeouts`);
  return { "req/s": result.requests.average, "p50 ms": percentile(times, 50), "p95 ms": percentile(times, 95), "p99 ms": percentile(times, 99) };
}

{
  const url = database?.url;
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const base = `http://127.0.0.1:${port}`;
  let server: ChildProcess | null = null;
  let anchor: Awaited<ReturnType<typeof startAnchor>> | null = null;
  try {
    const { published, listingId } = await prepare();
    const profile = process.env.BENCH_SSR_PROFILE ? [`--cpu-prof`, `--cpu-prof-dir=${path.resolve(process.env.BENCH_SSR_PROFILE, mode)}`] : [];
    const start = (p: number, pageCache: "on" | "off") => spawn(process.execPath, [...profile, "build/server.js"], {
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env, NODE_ENV: "production", PORT: String(p), DATABASE_URL: url ?? "", PGLITE_DIR: path.join(dir, "pglite"), REDIS_URL: "",
        // As in production (a worker beside the web processes): the seed's queued jobs must not run in the measured process.
        INLINE_JOBS: "false",
        SEED_DEMO: "false", REPORT_DIR: path.join(dir, "reports"), UPLOAD_DIR: path.join(dir, "uploads"), PAGE_CACHE: pageCache,
      },
    });
    server = start(port, "on");
    await waitFor(`${base}/healthz`, server);
    const cookies = { enterprise: await signIn(base, "enterprise@demo.ipm"), bank: await signIn(base, "bank1@demo.ipm") };
    const pages: Array<{ label: string; path: string; cookie?: string }> = [
      { label: "/market", path: "/market" },
      { label: "/market?q=芯片", path: `/market?q=${encodeURIComponent("芯片")}` },
      { label: "a listing page", path: `/market/${listingId}` },
      { label: "enterprise dashboard (signed in)", path: "/dashboard", cookie: cookies.enterprise },
      { label: "bank application queue (signed in)", path: "/bank/applications", cookie: cookies.bank },
    ];
    const html: Record<string, string> = {};
    for (const p of pages) {
      const res = await fetch(base + p.path, { headers: p.cookie ? { cookie: p.cookie } : {} });
      if (res.status !== 200) throw new Error(`${p.path}: ${res.status}`);
      html[p.path] = await res.text();
    }
    anchor = await startAnchor(html, port + 1);
    console.log(`${mode}: ${published} published listings; pages ${pages.map((p) => `${p.path} ${(html[p.path]!.length / 1024).toFixed(0)} KiB (anchor ${(anchor!.size(p.path) / 1024).toFixed(0)} KiB)`).join(", ")}`);
    const measure = async (p: (typeof pages)[number], at: string, how: string) => {
      const headers: Record<string, string> = p.cookie ? { cookie: p.cookie } : {};
      // Warm both (JIT, caches) before measuring.
      await load(at + p.path, headers);
      await load(`http://127.0.0.1:${port + 1}${p.path}`, {});
      await figure("ssr", {
        name: `SSR ${p.label}${how}, ${mode === "pglite" ? "PGlite (embedded)" : "PostgreSQL"}, ${CONNECTIONS} connections`,
        metric: "req/s", better: "higher", ratioTarget: 0.5, limits: { "p95 ms": { max: 100 } },
        subject: () => load(at + p.path, headers),
        anchor: { name: "React renderToString of the same markup on a bare node:http server", run: () => load(`http://127.0.0.1:${port + 1}${p.path}`, {}) },
      });
    };
    const chosen = pages.filter((p) => !process.env.BENCH_SSR_ONLY || p.label.includes(process.env.BENCH_SSR_ONLY));
    for (const p of chosen) await measure(p, base, p.cookie ? "" : " (page cache on, npm start's default)");
    // The same anonymous pages rendered on every request: what a change costs the first visitor after it.
    if (chosen.some((p) => !p.cookie)) {
      await stop(server);
      server = start(port, "off");
      await waitFor(`${base}/healthz`, server);
      for (const p of chosen.filter((p) => !p.cookie)) await measure(p, base, " (PAGE_CACHE=off: rendered per request)");
    }
  } finally {
    await anchor?.close();
    if (server) await stop(server);
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
