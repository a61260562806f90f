import { describe, expect, it } from "vitest";
import { parseTargetFigure, PolicyTargetSchema, targetFigureInput } from "./forms/campaigns";
import { averageGrowthBp, per10k, reachedBp, TARGET_UNIT } from "./targets";

describe("policy target figures", () => {
  it("counts high-value invention patents per 10,000 people in hundredths: 20 → 30 for Shanghai's 24.8 million", () => {
    expect(per10k(49_605, 24_802_600)).toBe(2_000n); // 20.00 per 10,000
    expect(per10k(74_408, 24_802_600)).toBe(3_000n);
    expect(per10k(7, 24_802_600)).toBe(0n);
    expect(per10k(1_000, null)).toBeNull();
  });

  it("reads 年均增幅 as the average yearly growth: +20 % a year for 3 years is 1.728×", () => {
    expect(averageGrowthBp(1_000_000n, 1_728_000n, 3)).toBe(2_000);
    expect(averageGrowthBp(1_000_000n, 1_727_999n, 3)).toBe(1_999);
    expect(averageGrowthBp(1_000_000n, 900_000n, 1)).toBe(-1_000);
    expect(averageGrowthBp(0n, 5n, 2)).toBeNull();
  });

  it("takes money in 亿元, counts whole, ratios with two decimals and growth in %", () => {
    expect(parseTargetFigure("fen", "100")).toBe(1_000_000_000_000n);
    expect(parseTargetFigure("count", "1200")).toBe(1_200n);
    expect(parseTargetFigure("count", "12.5")).toBeNull();
    expect(parseTargetFigure("per10k", "30")).toBe(3_000n);
    expect(parseTargetFigure("per10k", "30.125")).toBeNull();
    expect(parseTargetFigure("growthBp", "20")).toBe(2_000n);
    expect(targetFigureInput("per10k", 2_050n)).toBe("20.5");
    expect(targetFigureInput("fen", 325_000_000_000n)).toBe("32.5");
    expect(reachedBp(1_500n, 3_000n)).toBe(5_000);
  });

  it("stores a money target as an amount and any other target as a value in its unit", () => {
    const base = { code: "t-1", scope: "city", scopeKey: "上海市", labelZh: "甲", labelEn: "A", period: "annual", fromYear: 2025, toYear: 2025 };
    expect(PolicyTargetSchema.parse({ ...base, metric: "ip_trading", target: "100" })).toMatchObject({ targetAmount: 1_000_000_000_000n, targetValue: null });
    expect(PolicyTargetSchema.parse({ ...base, metric: "high_value_per_10k", target: "30", baselineYear: 2020, baseline: "20" }))
      .toMatchObject({ targetAmount: null, targetValue: 3_000n, baselineYear: 2020, baselineValue: 2_000n });
    expect(PolicyTargetSchema.safeParse({ ...base, metric: "high_value_patents", target: "1.5" }).success).toBe(false);
    expect(PolicyTargetSchema.safeParse({ ...base, metric: "ip_insurance", target: "20", baseline: "5" }).success).toBe(false);
    expect(TARGET_UNIT.ip_insurance).toBe("growthBp");
  });
});
