import { describe, expect, it } from "vitest";
import { formatDate, formatFen, formatYuan } from "./react";

describe("money and date formats", () => {
  it("shows an estimate in whole yuan, half up, and a paid amount to the fen", () => {
    expect(formatYuan(227_502_179n, "zh-CN")).toBe("¥2,275,022");
    expect(formatYuan(355_619_637n, "en")).toBe("CNY 3,556,196");
    expect(formatYuan(149n, "zh-CN")).toBe("¥1");
    expect(formatFen(227_502_179n, "zh-CN")).toBe("¥2,275,021.79");
  });
  it("writes one date format in both languages, the stored ISO one, in Shanghai time", () => {
    const at = new Date("2026-06-02T16:30:00Z"); // 00:30 on 3 June in Shanghai
    expect(formatDate(at, "en")).toBe("2026-06-03");
    expect(formatDate(at, "zh-CN")).toBe("2026-06-03");
    expect(formatDate(at, "en", true)).toBe("2026-06-03 00:30");
    expect(formatDate("2026-06-03", "en")).toBe("2026-06-03");
  });
});
