import { describe, expect, it } from "vitest";
import { canonicalQuery, isDue } from "./saved-search";

describe("saved searches", () => {
  it("keep the market's filters in one order, without the cursor, page size, sort or blanks", () => {
    const a = canonicalQuery(new URLSearchParams("mode=transfer&q=%E8%8A%AF%E7%89%87&cursor=abc&limit=5&kind=&sort=price_asc&minYuan=100"));
    const b = canonicalQuery(new URLSearchParams("minYuan=100&q=芯片&mode=transfer"));
    expect(a).toBe(b);
    expect(a).toBe("minYuan=100&mode=transfer&q=%E8%8A%AF%E7%89%87");
    expect(canonicalQuery(new URLSearchParams("evil=1&q=+ "))).toBe("");
  });

  it("are due by their frequency", () => {
    const t0 = new Date("2026-12-01T08:00:00Z");
    expect(isDue("instant", t0, t0)).toBe(true);
    expect(isDue("daily", t0, new Date("2026-12-02T07:59:59Z"))).toBe(false);
    expect(isDue("daily", t0, new Date("2026-12-02T08:00:00Z"))).toBe(true);
    expect(isDue("weekly", t0, new Date("2026-12-07T08:00:00Z"))).toBe(false);
    expect(isDue("weekly", t0, new Date("2026-12-08T08:00:00Z"))).toBe(true);
  });
});
