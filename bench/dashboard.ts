/**
 * Campaign and platform dashboards over 120,000 pledge applications (100,000 of them in one
 * campaign, the worst case, and 5,000 in a campaign of usual size), 72,000 loans and registrations,
 * 160,000 bank reviews, 50,000 patents; then a 100,000-row export of the big campaign's applications
 * as CSV and as XLSX, streamed, with time and peak memory (RSS sampled every 20 ms).
 * Target: dashboard p95 ≤ 200 ms. Runs against PostgreSQL in a database of its own (dropped at the end):
 *   npx tsx bench/dashboard.ts                    (uses scripts/services.sh's PostgreSQL)
 *   BENCH_PG_ADMIN_URL=postgres://…/postgres npx tsx bench/dashboard.ts [iterations]
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { benchDatabase, figure } from "./support";

const ITER = Number(process.argv[2] ?? 30);
const APPS = 120_000;
const IN_CAMPAIGN = 100_000;
/** A campaign of a usual size beside the worst case. */
const TYPICAL = 5_000;

// BENCH_DB=<name> reuses (and keeps) a database a previous run generated with BENCH_KEEP=1.
const reuse = process.env.BENCH_DB;
const database = await benchDatabase("ipm_bench_dashboard", { reuse, keep: Boolean(reuse) || process.env.BENCH_KEEP === "1" });

const ms = (t: number) => `${t.toFixed(1)} ms`;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

try {
  const { getDb, closeDb } = await import("../db/client.server");
  const { sql } = await import("drizzle-orm");
  const db = await getDb(); // migrates
  const t0 = performance.now();
  const q = (s: string) => db.execute(sql.raw(s));
  const SYNCED = ["pledge_applications", "bank_reviews", "loan_offers", "pledge_registrations", "loans", "loan_instalments"];
  if (!reuse) {
  // Bulk load with the read-model triggers off, then rebuild the read model in one go (as an operator would).
  for (const t of SYNCED) await q(`alter table ${t} disable trigger pledge_facts_sync`);
  await q(`insert into parks (code, name_zh, name_en, district)
    select 'bp' || g, '基准园区' || g, 'Bench park ' || g, (array['浦东新区','徐汇区','闵行区','杨浦区','嘉定区','松江区'])[1 + g % 6] from generate_series(1, 12) g`);
  await q(`insert into organizations (kind, name, uscc, status, verified_at) values ('platform', '基准平台', 'BENCHPLATFORM00001', 'verified', now())`);
  await q(`insert into organizations (kind, name, uscc, status, verified_at)
    select 'bank', '基准银行' || lpad(g::text, 2, '0'), 'BENCHBANK' || lpad(g::text, 9, '0'), 'verified', now() from generate_series(1, 60) g`);
  await q(`insert into organizations (kind, name, uscc, status, verified_at, park_id, industry)
    select 'enterprise', '基准企业' || g, 'BENCHENT' || lpad(g::text, 10, '0'), 'verified', now(),
      (select ids[1 + g % 12] from (select array_agg(id order by code) ids from parks where code like 'bp%') p),
      (array['integrated_circuits','biomedicine','artificial_intelligence','electronic_information','life_health','automotive','high_end_equipment','advanced_materials','other'])[1 + g % 9]
    from generate_series(1, 20000) g`);
  await q(`create table bench_banks as select row_number() over (order by name) as n, id from organizations where kind = 'bank' and name like '基准银行%'`);
  await q(`create table bench_ents as select row_number() over (order by uscc) as n, id from organizations where kind = 'enterprise' and uscc like 'BENCHENT%'`);
  await q(`insert into bank_products (bank_org_id, name, min_amount_fen, max_amount_fen, min_term_months, max_term_months, spread_bp, max_ltv_bp, accepted_kinds)
    select id, '基准产品', 1000000, 5000000000, 6, 36, 80, '{"invention":3000}'::jsonb, '{invention}'::asset_kind[] from bench_banks`);
  await q(`insert into campaigns (name, starts_on, ends_on, target_amount, target_enterprises, status) values
    ('基准活动', '2022-01-01', '2025-12-31', 5000000000000, 10000, 'active'), ('基准活动（常规规模）', '2022-01-01', '2025-12-31', 300000000000, 500, 'active')`);
  await q(`insert into campaign_parks (campaign_id, park_id) select c.id, p.id from campaigns c, parks p where c.name = '基准活动' and p.code in ('bp1', 'bp2')`);
  await q(`insert into campaign_banks (campaign_id, bank_org_id) select c.id, b.id from campaigns c, bench_banks b where c.name like '基准活动%' and b.n <= 8`);
  await q(`insert into campaign_enrolments (campaign_id, enterprise_name, uscc, org_id, need_amount)
    select c.id, '基准企业' || e.n, 'BENCHENT' || lpad(e.n::text, 10, '0'), e.id, 100000000 + e.n * 1000 from campaigns c, bench_ents e where c.name = '基准活动'`);
  await q(`create table bench_apps as
    select g, gen_random_uuid() as id, (select id from bench_ents where n = 1 + g % 20000) as ent,
      case when g <= ${IN_CAMPAIGN} then (select id from campaigns where name = '基准活动')
           when g <= ${IN_CAMPAIGN + TYPICAL} then (select id from campaigns where name = '基准活动（常规规模）') end as campaign_id,
      ((10 + (g * 7919) % 500)::bigint * 1000000) as amount,
      timestamptz '2022-01-01 10:00+08' + ((g % 1400) || ' days')::interval as submitted_at
    from generate_series(1, ${APPS}) g`);
  await q(`insert into pledge_applications (id, enterprise_org_id, amount_fen, term_months, purpose, campaign_id, status, submitted_at)
    select id, ent, amount, 12, '基准', campaign_id, (case g % 5 when 0 then 'under_review' when 4 then 'rejected' else 'disbursed' end)::pledge_application_status, submitted_at from bench_apps`);
  await q(`create table bench_reviews as
    select a.g, gen_random_uuid() as id, a.id as app, (select id from bench_banks where n = 1 + a.g % 8) as bank,
      case a.g % 5 when 0 then 'under_review' when 4 then 'rejected' else 'accepted' end as status,
      case when a.g % 5 <> 0 then a.submitted_at + ((a.g % 30) || ' days')::interval + ((a.g % 17) || ' hours')::interval end as decided_at, a.submitted_at
    from bench_apps a`);
  await q(`insert into bank_reviews (id, application_id, bank_org_id, product_id, status, routed_at, decided_at)
    select r.id, r.app, r.bank, p.id, r.status::bank_review_status, r.submitted_at, r.decided_at from bench_reviews r join bank_products p on p.bank_org_id = r.bank`);
  // A second bank on every third application, rejected after a while.
  await q(`insert into bank_reviews (application_id, bank_org_id, product_id, status, routed_at, decided_at)
    select a.id, b.id, p.id, 'rejected', a.submitted_at, a.submitted_at + ((a.g % 41) || ' days')::interval
    from bench_apps a join bench_banks b on b.n = 9 + a.g % 52 join bank_products p on p.bank_org_id = b.id where a.g % 3 = 0`);
  await q(`create table bench_offers as select gen_random_uuid() as id, r.id as review, r.app, r.bank, r.g, (a.amount * 8 / 10) as amount
    from bench_reviews r join bench_apps a on a.id = r.app where r.status = 'accepted'`);
  await q(`insert into loan_offers (id, review_id, application_id, bank_org_id, product_id, amount_fen, term_months, lpr_bp, spread_bp, rate_bp, repayment_method)
    select o.id, o.review, o.app, o.bank, p.id, o.amount, 12, 310, 80, 390, 'equal_instalment' from bench_offers o join bank_products p on p.bank_org_id = o.bank`);
  await q(`update pledge_applications a set accepted_review_id = o.review from bench_offers o where o.app = a.id`);
  await q(`insert into pledge_registrations (application_id, bank_org_id, status, cnipa_number, registered_on)
    select o.app, o.bank, (case when o.g % 10 = 1 then 'released' else 'registered' end)::pledge_registration_status, 'BENCH' || o.g, (a.submitted_at + interval '20 days')::date
    from bench_offers o join bench_apps a on a.id = o.app`);
  await q(`create table bench_loans as
    select gen_random_uuid() as loan_id, o.id as offer_id, o.app, o.bank, o.g, o.amount, a.ent, (a.submitted_at + interval '23 days')::date as disbursed_on,
      (array['active','settled','defaulted','overdue'])[1 + o.g % 4] as st
    from bench_offers o join bench_apps a on a.id = o.app`);
  await q(`insert into loans (id, application_id, offer_id, bank_org_id, enterprise_org_id, status, principal_fen, rate_bp, term_months, repayment_method, disbursed_on, maturity_date, settled_at, defaulted_at)
    select loan_id, app, offer_id, bank, ent, st::loan_status, amount, 390, 12, 'equal_instalment', disbursed_on, disbursed_on + 365,
      case when st = 'settled' then disbursed_on + 200 end, case when st = 'defaulted' then disbursed_on + 300 end
    from bench_loans`);
  await q(`insert into loan_instalments (loan_id, seq, due_date, principal_fen, interest_fen, paid_principal_fen)
    select l.id, 1, l.maturity_date, l.principal_fen, 0, case l.status when 'settled' then l.principal_fen when 'active' then l.principal_fen / 4 else 0 end from loans l`);
  await q(`insert into ip_assets (owner_org_id, kind, number, title, filing_date, grant_date, expiry_date, legal_status, industry, overseas_family_count, awards)
    select e.id, 'invention', 'BENCH' || lpad(g::text, 8, '0'), '基准专利' || g, date '2008-01-01' + (g % 5000), date '2012-01-01', date '2030-01-01', 'valid',
      (array['integrated_circuits','other','biomedicine','fashion_consumer'])[1 + g % 4], case when g % 7 = 0 then 1 else 0 end,
      case when g % 50 = 0 then '{中国专利奖}'::text[] else '{}'::text[] end
    from generate_series(1, 50000) g join bench_ents e on e.n = 1 + g % 20000`);
  await q(`insert into application_assets (application_id, asset_id)
    select a.id, x.id from bench_apps a join lateral (select id from ip_assets where number = 'BENCH' || lpad((1 + a.g % 50000)::text, 8, '0')) x on true where a.g % 4 = 0`);
  for (const t of SYNCED) await q(`alter table ${t} enable trigger pledge_facts_sync`);
  const r0 = performance.now();
  await q("select pledge_facts_rebuild()");
  console.log(`read model rebuilt (pledge_facts_rebuild) in ${ms(performance.now() - r0)}`);
  }
  // What autovacuum keeps up in production: statistics and the visibility map (index-only scans). Every
  // table: the exports join ones the dashboards do not, and one planned before autovacuum had analyzed
  // them took 118-148 s instead of 2 (the first CSV export of two runs; autovacuum analyzed them mid-run).
  await q("vacuum analyze");
  const counts = (await db.execute(sql`select (select count(*) from pledge_applications)::int apps, (select count(*) from loans)::int loans,
    (select count(*) from pledge_registrations)::int regs, (select count(*) from bank_reviews)::int reviews, (select count(*) from ip_assets)::int assets`)) as unknown as Array<Record<string, number>>;
  console.log(`data: ${JSON.stringify(counts[0])} in ${ms(performance.now() - t0)}`);

  // What the triggers cost a write: 1,000 single-row repayments (each its own statement), with and without them.
  const writes = async () => {
    const s0 = performance.now();
    await db.transaction(async (tx) => {
      for (let i = 1; i <= 1000; i++) {
        await tx.execute(sql`update loan_instalments set paid_principal_fen = paid_principal_fen where loan_id = (select id from loans order by id offset ${i} limit 1)`);
      }
    });
    return (performance.now() - s0) / 1000;
  };
  const withTriggers = await writes();
  for (const t of SYNCED) await q(`alter table ${t} disable trigger pledge_facts_sync`);
  const withoutTriggers = await writes();
  for (const t of SYNCED) await q(`alter table ${t} enable trigger pledge_facts_sync`);
  console.log(`a repayment write: ${ms(withTriggers)} with the read-model trigger, ${ms(withoutTriggers)} without`);

  const { campaignProgress, platformProgress } = await import("../app/services/campaign-progress.server");
  const [adminOrg] = (await db.execute(sql`select id from organizations where kind = 'platform'`)) as unknown as Array<{ id: string }>;
  const [camp] = (await db.execute(sql`select id from campaigns where name = '基准活动'`)) as unknown as Array<{ id: string }>;
  const [typical] = (await db.execute(sql`select id from campaigns where name = '基准活动（常规规模）'`)) as unknown as Array<{ id: string }>;
  console.log(`load average while measuring: ${os.loadavg().map((x) => x.toFixed(2)).join(" ")} (2 cores)`);
  const actor = { type: "user", userId: "00000000-0000-4000-8000-000000000001", orgId: adminOrg!.id, orgKind: "platform", orgStatus: "verified", role: "owner" } as const;

  /** p50/p95 of ITER calls after 3 warm-ups. */
  const timed = async (fn: () => Promise<unknown>) => {
    for (let i = 0; i < 3; i++) await fn();
    const times: number[] = [];
    for (let i = 0; i < ITER; i++) {
      const s = performance.now();
      await fn();
      times.push(performance.now() - s);
    }
    return { "p50 ms": pct(times, 50), "p95 ms": pct(times, 95) };
  };
  const groupBy = (where: string) => () => q(`select industry, count(*), sum(applied_amount) from pledge_facts where ${where} group by industry`);
  for (const [label, run, where] of [
    ["campaign dashboard, worst case (one campaign of 100,000 applications)", () => campaignProgress(actor, camp!.id), `campaign_id = '${camp!.id}' and submitted_at is not null`],
    [`campaign dashboard, usual size (${TYPICAL.toLocaleString("en")} applications)`, () => campaignProgress(actor, typical!.id), `campaign_id = '${typical!.id}' and submitted_at is not null`],
    ["platform dashboard (120,000 applications, 50,000 patents; by year, district, park, bank, industry, park targets)", () => platformProgress(actor), "true"],
  ] as const) {
    await figure("dashboard", {
      name: label, metric: "p95 ms", better: "lower", ratioTarget: 1, limits: { "p95 ms": { max: 100 } },
      subject: () => timed(run),
      anchor: { name: "a plain GROUP BY (industry: count, sum) over the same fact rows", run: () => timed(groupBy(where)) },
    });
  }
  const sample = await campaignProgress(actor, camp!.id);
  console.log(`    applied ${sample.applied.count}, registered ${sample.registered.count}, disbursed ${sample.disbursed.count}, banks ${sample.banks.length}, medians ${sample.banks.slice(0, 3).map((b) => b.medianDays).join("/")}`);

  // Exports: the whole streamed download (CSV, XLSX) beside PostgreSQL's COPY of the same SELECT.
  const { buildExport, campaignApplicationsSql } = await import("../app/services/exports.server");
  const { exportResponse } = await import("../app/utils/export-stream.server");
  const { translator } = await import("../app/i18n/index");
  const { PgDialect } = await import("drizzle-orm/pg-core");
  const { default: postgres } = await import("postgres");
  const { sql: text, params } = new PgDialect().sqlToQuery(campaignApplicationsSql(camp!.id, null, null));
  // COPY takes no parameters: the only one is the campaign's id, a UUID this benchmark made.
  if (params.length !== 1 || !/^[0-9a-f-]{36}$/.test(String(params[0]))) throw new Error("unexpected parameters");
  const copySql = `copy (${text.replace("$1", `'${params[0]}'`)}) to stdout`;
  const raw = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  const { Writable } = await import("node:stream");
  const { pipeline } = await import("node:stream/promises");
  /** A stalled COPY would leave its backend writing forever (and block every DROP DATABASE on the server): give up after 2 minutes. */
  const watchdog = <T>(p: Promise<T>, what: string) => Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} stalled`)), 120_000).unref())]);
  const copy = async () => {
    const s = performance.now();
    let bytes = 0;
    const sink = new Writable({ write(chunk: Buffer, _enc, done) { bytes += chunk.byteLength; done(); } });
    await watchdog(raw.unsafe(copySql).readable().then((r) => pipeline(r, sink)), "COPY");
    return { s: (performance.now() - s) / 1000, MiB: bytes / 1048576 };
  };
  const download = async (format: "csv" | "xlsx") => {
    if (global.gc) global.gc();
    const base = process.memoryUsage().rss;
    let peak = base;
    const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
    const s = performance.now();
    const spec = await buildExport(actor, "campaign-applications", new URLSearchParams({ campaign: camp!.id }), translator("zh-CN"), "zh-CN");
    const reader = exportResponse({ format, ...spec }).body!.getReader();
    let bytes = 0;
    let firstByte = 0;
    for (;;) {
      const { value, done } = await watchdog(reader.read(), "export");
      if (done) break;
      if (!firstByte) firstByte = performance.now() - s;
      bytes += value.byteLength;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    clearInterval(timer);
    return { s: (performance.now() - s) / 1000, "first bytes ms": firstByte, MiB: bytes / 1048576, "peak RSS + MiB": (peak - base) / 1048576 };
  };
  for (const format of ["csv", "xlsx"] as const) {
    await figure("exports", {
      name: `export of ${IN_CAMPAIGN.toLocaleString("en")} applications as ${format.toUpperCase()}, streamed`,
      metric: "s", better: "lower", ratioTarget: 1.5, limits: { "peak RSS + MiB": { max: 64 } },
      subject: () => download(format),
      anchor: { name: "COPY (the same SELECT) TO STDOUT", run: copy },
    });
  }
  await raw.end();
  await closeDb();
} catch (e) {
  // Close every connection at once (a backend left writing to this process would outlive it).
  const { closeDb } = await import("../db/client.server");
  await closeDb().catch(() => {});
  setTimeout(() => process.exit(1), 5000).unref();
  throw e;
} finally {
  await database.drop();
}
