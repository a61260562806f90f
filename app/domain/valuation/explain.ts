import type { Flag, SensitivityDriver, ValuationResult } from "./types";

type Translate = (key: string, params?: Record<string, string | number>) => string;
type Money = (fen: bigint) => string;

/** Basis points as a percentage with two decimals ("5.72%"). */
export const formatBp = (bp: number) => `${(bp / 100).toFixed(2)}%`;

/** A sensitivity step in words: "±1.00 percentage points", "±12 months". */
export function driverStep(driver: SensitivityDriver, step: number, t: Translate) {
  return driver === "horizon" ? t("valuation.step.months", { n: step }) : t("valuation.step.points", { n: (step / 100).toFixed(2) });
}

/**
 * What drives the value, in plain sentences (the page and the PDF show the same): the range, how
 * each asset was valued and what limits it, its strongest and weakest indicators, and the input
 * the value is most sensitive to. Pure: the caller passes the translator and the money format.
 */
export function explain(r: ValuationResult, t: Translate, money: Money, titleOf: (assetId: string, fallback: string) => string = (_, f) => f): string[] {
  const out: string[] = [t("valuation.explain.range", { low: money(r.low), base: money(r.base), high: money(r.high) })];
  for (const a of r.assets) {
    const title = titleOf(a.assetId, a.title);
    if (a.effectiveStatus === "lapsed" || a.effectiveStatus === "expired" || a.effectiveStatus === "invalidated") {
      out.push(t("valuation.explain.hardStop", { title, status: t(`valuation.legal.${a.effectiveStatus}`) }));
      continue;
    }
    if (a.income.applicable) {
      out.push(t("valuation.explain.income", {
        title, revenue: money(a.income.revenueBaseFen), royalty: formatBp(a.income.royaltyBp),
        discount: formatBp(a.income.discountBp), horizon: a.income.horizonMonths,
      }));
      if (a.kind !== "trademark" && a.income.horizonMonths < a.income.economicLifeMonths) {
        out.push(t("valuation.explain.horizonCapped", { months: a.remainingMonths }));
      }
    }
    if (a.market.applicable) out.push(t("valuation.explain.market", { count: a.market.comparables.length, value: money(a.market.base) }));
    if (a.effectiveStatus === "pending") out.push(t("valuation.explain.pending", { title, probability: formatBp(a.income.grantProbabilityBp) }));
    if (!a.income.applicable && !a.market.applicable && !a.cost.applicable) out.push(t("valuation.explain.noBasis"));
    const given = a.scores.indicators.filter((i) => !i.defaulted);
    if (given.length) {
      const best = given.reduce((m, i) => (i.score * i.weight > m.score * m.weight ? i : m));
      const worst = given.reduce((m, i) => ((100 - i.score) * i.weight > (100 - m.score) * m.weight ? i : m));
      out.push(t("valuation.explain.strength", {
        best: t(`valuation.ind.${best.key}`), bestScore: best.score, worst: t(`valuation.ind.${worst.key}`), worstScore: worst.score,
      }));
    }
  }
  const top = r.sensitivity[0];
  if (top && top.spread > 0n) {
    out.push(t("valuation.explain.sensitivity", {
      driver: t(`valuation.driver.${top.driver}`), step: driverStep(top.driver, top.step, t),
      minus: money(top.minus < top.plus ? top.minus : top.plus), plus: money(top.minus < top.plus ? top.plus : top.minus),
    }));
  }
  return out;
}

/** A flag as a sentence: its code is the dictionary key, its parameters fill it in. */
export function flagText(f: Flag, t: Translate) {
  const params: Record<string, string | number> = { ...f.params };
  if (typeof params.probabilityBp === "number") params.probability = formatBp(params.probabilityBp);
  if (typeof params.status === "string") params.status = t(`valuation.legal.${params.status}`);
  if (typeof params.criteria === "string") params.criteria = params.criteria.split(",").map((c) => t(`valuation.hv.${c}`)).join(t("valuation.listSep"));
  return t(`valuation.flag.${f.code}`, params);
}
