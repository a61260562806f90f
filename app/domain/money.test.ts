import { describe, expect, it } from "vitest";
import { bpToPercent, fenToYuanInput, parsePercentBp, parseYuan } from "./money";

describe("money input", () => {
  it("reads 元 with up to two decimals into integer 分 without floating point", () => {
    expect(parseYuan("12,345.6")).toBe(1_234_560n);
    expect(parseYuan("０.０１")).toBe(1n);
    expect(parseYuan("１２，３４５．６７元")).toBe(1_234_567n);
    expect(parseYuan("¥ 1,000")).toBe(100_000n);
    expect(parseYuan("9999999999999.99")).toBe(999_999_999_999_999n);
    expect(parseYuan("1.005")).toBeNull();
    expect(parseYuan("-5")).toBeNull();
    expect(parseYuan("")).toBeNull();
    expect(parseYuan("1e5")).toBeNull();
  });

  it("reads percentages into basis points, negative ones too", () => {
    expect(parsePercentBp("3.5")).toBe(350);
    expect(parsePercentBp("100%")).toBe(10_000);
    expect(parsePercentBp("５．２５％")).toBe(525);
    expect(parsePercentBp("-2")).toBe(-200);
    expect(parsePercentBp("3.555")).toBeNull();
    expect(parsePercentBp("abc")).toBeNull();
  });

  it("writes 分 and basis points back as form values that read back to the same figure", () => {
    for (const fen of [0n, 1n, 99n, 100n, 1_234_560n]) expect(parseYuan(fenToYuanInput(fen))).toBe(fen);
    expect(fenToYuanInput(null)).toBe("");
    expect(fenToYuanInput("1234560")).toBe("12345.60");
    for (const bp of [0, 5, 350, 10_000]) expect(parsePercentBp(bpToPercent(bp))).toBe(bp);
    expect(bpToPercent(350)).toBe("3.5");
  });
});
