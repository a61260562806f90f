import { execSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import postgres from "postgres";
import { dropDatabase } from "../scripts/drop-database.mjs";

/** The PostgreSQL URL (a role with CREATEDB) a benchmark may create databases with (scripts/services.sh's, unless given). */
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
    url: url.toString(),
    async drop() {
      if (opts.keep) console.log(`kept database ${name} (BENCH_DB=${name} to reuse it)`);
      else await dropDatabase(root, name);
      await root.end();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Figures: every measurement beside its anchor (or floor), 3 runs each, alternating, with the load

/** A run's measurements by name, e.g. `{ "req/s": 812, "p95 ms": 74 }`. */
export type Metrics = Record<string, number>;

export type FigureSpec = {
  /** What is measured, as the issue names it. */
  name: string;
  /** The metric the ratio and the target are about. */
  metric: string;
  /** Whether more of `metric` is better (throughput) or less (time). */
  better: "higher" | "lower";
  subject: () => Promise<Metrics> | Metrics;
  /** The anchor or floor, run alternately with the subject in the same process. */
  anchor?: { name: string; run: () => Promise<Metrics> | Metrics };
  /** Target for subject ÷ anchor of `metric` (≤ for "lower", ≥ for "higher"). */
  ratioTarget?: number;
  /** Absolute targets, e.g. `{ "p95 ms": { max: 100 } }`. */
  limits?: Record<string, { max?: number; min?: number }>;
  runs?: number;
};

export type FigureResult = {
  bench: string;
  name: string;
  metric: string;
  better: "higher" | "lower";
  subject: Record<string, number[]>;
  anchorName?: string;
  anchor?: Record<string, number[]>;
  ratio?: number;
  ratioTarget?: number;
  limits?: FigureSpec["limits"];
  pass: boolean;
  load: { min: number; max: number };
  at: string;
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
export const percentile = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};
const fmt = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? "–" : Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));
const spread = (xs: number[]) => `${fmt(Math.min(...xs))}/${fmt(median(xs))}/${fmt(Math.max(...xs))}`;

/** Samples the 1-minute load average every second while a figure is measured. */
function loadSampler() {
  const samples = [os.loadavg()[0]!];
  const timer = setInterval(() => samples.push(os.loadavg()[0]!), 1000);
  timer.unref();
  return () => {
    clearInterval(timer);
    samples.push(os.loadavg()[0]!);
    return { min: Math.min(...samples), max: Math.max(...samples) };
  };
}

const collect = (into: Record<string, number[]>, m: Metrics) => {
  for (const [k, v] of Object.entries(m)) (into[k] ??= []).push(v);
};

/**
 * Measures a figure: `runs` (3) repetitions of the subject and of its anchor, alternating (subject,
 * anchor, subject, …) so both see the same machine; prints min/median/max of each metric, the ratio
 * of the medians and the load average while it ran, and appends the result to `$BENCH_RESULTS`
 * (JSON lines) for `bench/summary.ts`.
 */
export async function figure(bench: string, spec: FigureSpec): Promise<FigureResult> {
  const stop = loadSampler();
  const subject: Record<string, number[]> = {};
  const anchor: Record<string, number[]> = {};
  for (let i = 0; i < (spec.runs ?? 3); i++) {
    collect(subject, await spec.subject());
    if (spec.anchor) collect(anchor, await spec.anchor.run());
  }
  const load = stop();
  const s = median(subject[spec.metric] ?? [NaN]);
  const a = spec.anchor ? median(anchor[spec.metric] ?? [NaN]) : undefined;
  const ratio = a === undefined ? undefined : s / a;
  let pass = true;
  if (ratio !== undefined && spec.ratioTarget !== undefined) pass &&= spec.better === "lower" ? ratio <= spec.ratioTarget : ratio >= spec.ratioTarget;
  for (const [k, lim] of Object.entries(spec.limits ?? {})) {
    const m = median(subject[k] ?? [NaN]);
    if (lim.max !== undefined) pass &&= m <= lim.max;
    if (lim.min !== undefined) pass &&= m >= lim.min;
  }
  const result: FigureResult = {
    bench, name: spec.name, metric: spec.metric, better: spec.better, subject, anchorName: spec.anchor?.name, anchor: spec.anchor ? anchor : undefined,
    ratio, ratioTarget: spec.ratioTarget, limits: spec.limits, pass, load, at: new Date().toISOString(),
  };
  console.log(describeFigure(result));
  if (process.env.BENCH_RESULTS) fs.appendFileSync(process.env.BENCH_RESULTS, `${JSON.stringify(result)}\n`);
  return result;
}

export function describeFigure(r: FigureResult): string {
  const lines = [`• ${r.name}  [${r.pass ? "meets target" : "MISSES target"}]  load ${r.load.min.toFixed(2)}–${r.load.max.toFixed(2)} (${os.cpus().length} cores)`];
  lines.push(`    now     ${Object.entries(r.subject).map(([k, v]) => `${k} ${spread(v)}`).join(", ")}   (min/median/max of ${r.subject[r.metric]?.length ?? 0})`);
  if (r.anchor) lines.push(`    anchor  ${r.anchorName}: ${Object.entries(r.anchor).map(([k, v]) => `${k} ${spread(v)}`).join(", ")}`);
  const targets: string[] = [];
  if (r.ratio !== undefined) targets.push(`ratio ${r.ratio.toFixed(2)}× of ${r.metric}${r.ratioTarget !== undefined ? ` (target ${r.better === "lower" ? "≤" : "≥"} ${r.ratioTarget}×)` : ""}`);
  for (const [k, lim] of Object.entries(r.limits ?? {})) targets.push(`${k} ${lim.max !== undefined ? `≤ ${lim.max}` : ""}${lim.min !== undefined ? `≥ ${lim.min}` : ""}`);
  if (targets.length) lines.push(`    ${targets.join("; ")}`);
  return lines.join("\n");
}

export { median };
