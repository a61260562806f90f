import { describe, expect, it } from "vitest";
import { bandOf, bandRange, exactReadTooLong, facetsFromSample, facetsOf, roundEstimate, tallyFacets, type FacetRow } from "./facets";

const row = (o: Partial<FacetRow> = {}): FacetRow => ({ kinds: ["invention"], mode: "transfer", industry: "biomedicine", parkId: "p1", priceFen: 20_000_000n, highValue: false, ...o });

describe("price bands", () => {
  it("put a price in the band whose lower bound it reaches and whose upper bound it stays under", () => {
    expect(bandOf(null)).toBe("negotiable");
    expect(bandOf(0n)).toBe("under_100k");
    expect(bandOf(9_999_999n)).toBe("under_100k");
    expect(bandOf(10_000_000n)).toBe("100k_500k"); // 100,000 元 exactly
    expect(bandOf(50_000_000n)).toBe("500k_1m");
    expect(bandOf(100_000_000n)).toBe("1m_5m");
    expect(bandOf(500_000_000n)).toBe("over_5m");
  });
  it("give each band's range in 分 for the filter, the same bounds bandOf uses", () => {
    expect(bandRange("negotiable")).toEqual({ negotiable: true });
    expect(bandRange("100k_500k")).toEqual({ negotiable: false, min: 10_000_000n, max: 50_000_000n });
    expect(bandRange("over_5m")).toEqual({ negotiable: false, min: 500_000_000n, max: null });
  });
});

describe("facet counts", () => {
  it("count every facet exactly; a bundle counts once under each of its kinds; no park is not a park", () => {
    const c = tallyFacets([
      row(), row({ kinds: ["invention", "trademark", "invention"], mode: "open_licence", priceFen: null, highValue: true }), row({ parkId: null, industry: "automotive" }),
    ]);
    expect(c.kind).toEqual({ invention: 3, trademark: 1 });
    expect(c.mode).toEqual({ transfer: 2, open_licence: 1 });
    expect(c.industry).toEqual({ biomedicine: 2, automotive: 1 });
    expect(c.park).toEqual({ p1: 2 });
    expect(c.band).toEqual({ "100k_500k": 2, negotiable: 1 });
    expect(c.highValue).toBe(1);
  });

  it("are exact while every match was read (the limit or fewer rows), whatever the planner guessed", () => {
    const f = facetsOf([row(), row()], 5_000, 3);
    expect(f).toMatchObject({ total: 2, estimated: false, facets: { mode: { transfer: 2 } } });
    expect(facetsOf(Array.from({ length: 3 }, () => row()), 9, 3).estimated).toBe(false);
  });

  it("from a sample: its matches' share of the listings sampled, scaled to all published ones", () => {
    const rows = [...Array.from({ length: 30 }, () => row()), ...Array.from({ length: 10 }, () => row({ mode: "open_licence" }))];
    const f = facetsFromSample(rows, 4_000, 772_514);
    expect(f).toMatchObject({ total: 7_700, estimated: true });
    expect(f.facets.mode).toEqual({ transfer: 5_800, open_licence: 1_900 });
    expect(facetsFromSample([], 4_000, 772_514)).toMatchObject({ total: 0, estimated: true });
  });

  it("are estimated above the limit: the planner's total (never under the rows read), each facet its share scaled and rounded", () => {
    const rows = [...Array.from({ length: 3 }, () => row()), row({ mode: "open_licence", highValue: true })];
    const f = facetsOf(rows, 41_234, 3);
    expect(f.estimated).toBe(true);
    expect(f.total).toBe(41_000);
    expect(f.facets.mode).toEqual({ transfer: 31_000, open_licence: 10_000 });
    expect(f.facets.highValue).toBe(10_000);
    // A planner that guesses fewer than were read is overruled by what was read.
    expect(facetsOf(rows, 2, 3).total).toBe(4);
  });

  it("round estimates to two significant figures, keeping a seen value at least 1", () => {
    expect(roundEstimate(12_345)).toBe(12_000);
    expect(roundEstimate(1_250)).toBe(1_300);
    expect(roundEstimate(987)).toBe(990);
    expect(roundEstimate(42.4)).toBe(42);
    expect(roundEstimate(0.3)).toBe(1);
    expect(roundEstimate(0)).toBe(0);
  });

  it("give up the exact read of a text whose index entry is too long to read quickly", () => {
    // 芯片 at 1,000,000 listings: 49 of the newest 1,000, about 38,000 matches in all.
    expect(exactReadTooLong(49, 1_000, 772_000)).toBe(true);
    // The same share of a small market, or a rare text in a large one, is read exactly.
    expect(exactReadTooLong(49, 1_000, 3_500)).toBe(false);
    expect(exactReadTooLong(3, 1_000, 772_000)).toBe(false);
    expect(exactReadTooLong(0, 1_000, 10_000_000)).toBe(false);
    expect(exactReadTooLong(10, 1_000, 600_000, 5_000)).toBe(true);
    expect(exactReadTooLong(10, 1_000, 400_000, 5_000)).toBe(false);
  });
});
