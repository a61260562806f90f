import { rootFloor } from "./valuation/arithmetic";

/**
 * Policy targets (DOMAIN.md, the plans in `seeds/`) and how the platform measures each. A target names
 * a metric; the metric fixes its unit:
 * - `fen` money summed over the period (pledge financing registered, IP trading);
 * - `count` a stock on the day (high-value invention patents held in the scope);
 * - `per10k` a ratio per 10,000 people, in hundredths (30 per 10,000 → 3000), over an admin-entered population;
 * - `growthBp` an average yearly growth rate in basis points (+20 % a year → 2000), from the baseline year.
 */
export const TARGET_METRICS = ["pledge_registered", "ip_trading", "ip_insurance", "high_value_patents", "high_value_per_10k"] as const;
export type TargetMetric = (typeof TARGET_METRICS)[number];
export type TargetUnit = "fen" | "count" | "per10k" | "growthBp";

export const TARGET_UNIT: Record<TargetMetric, TargetUnit> = {
  pledge_registered: "fen",
  ip_trading: "fen",
  ip_insurance: "growthBp",
  high_value_patents: "count",
  high_value_per_10k: "per10k",
};
export const MONEY_METRICS = TARGET_METRICS.filter((m) => TARGET_UNIT[m] === "fen");
export const isMoneyMetric = (m: TargetMetric) => TARGET_UNIT[m] === "fen";

export const TARGET_SCOPES = ["city", "district", "park"] as const;
export type TargetScope = (typeof TARGET_SCOPES)[number];
export const TARGET_PERIODS = ["annual", "cumulative"] as const;
export type TargetPeriod = (typeof TARGET_PERIODS)[number];

/**
 * Holdings per 10,000 people in hundredths, rounded half up: 6,950 patents over 24,800,000 people →
 * 2.80 per 10,000 → 280. Null without a population.
 */
export function per10k(count: number, population: number | null): bigint | null {
  if (!population || population <= 0) return null;
  const num = BigInt(count) * 10_000n * 100n;
  const den = BigInt(population);
  return (2n * num + den) / (2n * den);
}

/**
 * Average yearly growth from `base` to `last` over `years` years, in basis points, rounded down:
 * (last / base)^(1/years) − 1 (年均增幅). Null when it cannot be computed (no base, no years).
 */
export function averageGrowthBp(base: bigint, last: bigint, years: number): number | null {
  if (base <= 0n || last < 0n || !Number.isInteger(years) || years < 1) return null;
  // (1 + g)^years = last / base, with g in 1/10,000: root of last·10^(4·years) / base.
  const scaled = rootFloor((last * 10_000n ** BigInt(years)) / base, years);
  return Number(scaled - 10_000n);
}

/** The share of a target reached, in basis points (capped at 10,000 only by the display). */
export function reachedBp(actual: bigint | null, target: bigint): number | null {
  if (actual === null || target <= 0n) return null;
  return Number((actual * 10_000n) / target);
}
