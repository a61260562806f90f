import { describe, expect, it } from "vitest";
import { formatFenShort } from "./charts";

describe("short amounts on dashboards", () => {
  it("shows 万元 and 亿元 in Chinese, rounded to two decimals without floating point", () => {
    expect(formatFenShort(200_000_00n, "zh-CN")).toBe("20 万元");
    expect(formatFenShort(1_000_000_000_000n, "zh-CN")).toBe("100 亿元");
    expect(formatFenShort(12_345_678_900n, "zh-CN")).toBe("1.23 亿元");
    expect(formatFenShort(999n, "zh-CN")).toBe("9.99 元");
  });
  it("shows millions in English", () => {
    expect(formatFenShort(1_000_000_000_000n, "en")).toBe("CNY 10,000m");
    expect(formatFenShort(200_000_00n, "en")).toBe("CNY 200,000");
  });
});
