/**
 * Valuation throughput, per worker (one process, one core for the engine).
 *
 *   npx tsx bench/valuation.ts                 engine alone
 *   eval "$(bash scripts/services.sh)" && npx tsx bench/valuation.ts --e2e   (or --e2e-only)
 *                                              also end to end (bench/valuation-e2e.ts): a batch
 *                                              request → outbox → chunk flows → completed, beside
 *                                              BullMQ no-op flows; and one valuation at a time
 *
 * The end-to-end part needs PostgreSQL and Redis: DATABASE_URL/REDIS_URL, or TEST_PG_ADMIN_URL/
 * TEST_REDIS_URL (as scripts/services.sh prints), in which case it makes and drops its own database.
 */
import { canonicalJson } from "#app/domain/valuation/arithmetic";
import { valuate } from "#app/domain/valuation/engine";
import { baseFacts, inventionExample, trademarkExample, utilityModelExample } from "#app/domain/valuation/examples";
import { e2eBench } from "./valuation-e2e";

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

if (!process.argv.includes("--e2e-only")) {
  engineBench();
  await reportBench();
}
if (process.argv.includes("--e2e") || process.argv.includes("--e2e-only")) await e2eBench();
process.exit(0);
