/**
 * The figures of a `npm run bench` run ($BENCH_RESULTS, JSON lines written by `figure()`), as the
 * Markdown table kept in bench/README.md: now and the anchor (min/median/max), the ratio, the load.
 */
import fs from "node:fs";
import type { FigureResult } from "./support";

const file = process.argv[2];
if (!file || !fs.existsSync(file)) process.exit(0);
const rows = fs.readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as FigureResult);
const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
// A run with no response has no percentiles (NaN, stored as null): left out, shown as "–" if none is left.
const mmm = (raw: Array<number | null> | undefined) => {
  const xs = (raw ?? []).filter((x): x is number => x !== null && !Number.isNaN(x));
  return xs.length ? `${fmt(Math.min(...xs))} / ${fmt(median(xs))} / ${fmt(Math.max(...xs))}` : "–";
};
console.log("| figure | now (min / median / max of 3) | anchor or floor, same run | ratio | target | load |");
console.log("| --- | --- | --- | --- | --- | --- |");
for (const r of rows) {
  const now = Object.entries(r.subject).map(([k, v]) => `${k} ${mmm(v)}`).join("; ");
  const anchor = r.anchor ? `${r.anchorName}: ${Object.entries(r.anchor).map(([k, v]) => `${k} ${mmm(v)}`).join("; ")}` : "–";
  const targets = [
    r.ratioTarget !== undefined ? `ratio ${r.better === "lower" ? "≤" : "≥"} ${r.ratioTarget}×` : "",
    ...Object.entries(r.limits ?? {}).map(([k, l]) => `${k} ${l.max !== undefined ? `≤ ${l.max}` : `≥ ${l.min}`}`),
  ].filter(Boolean).join(", ") || "–";
  console.log(`| ${r.name} | ${now} | ${anchor} | ${r.ratio === undefined ? "–" : `${r.ratio.toFixed(2)}×`} | ${targets} ${r.pass ? "✓" : "✗"} | ${r.load.min.toFixed(1)}–${r.load.max.toFixed(1)} |`);
}
