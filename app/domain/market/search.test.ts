import { describe, expect, it } from "vitest";
import { decodeCursor, documentLexemes, encodeCursor, escapeLike, lexemeQuery, normaliseDocument, planSearch } from "./search";

describe("search plans", () => {
  it("looks up 1- and 2-character Chinese queries as lexemes and 3+ characters as substrings", () => {
    expect(planSearch("芯")).toEqual({ likes: [], lexemes: ["芯"] });
    expect(planSearch("芯片")).toEqual({ likes: [], lexemes: ["芯片"] });
    expect(planSearch("芯片封装")).toEqual({ likes: ["芯片封装"], lexemes: [] });
  });
  it("splits mixed Chinese and Latin input and matches English case-insensitively", () => {
    expect(planSearch("AI芯片")).toEqual({ likes: [], lexemes: ["ai", "芯片"] });
    expect(planSearch("  Low-Power   Chip ")).toEqual({ likes: ["low-power", "chip"], lexemes: [] });
  });
  it("normalises full-width input", () => {
    expect(planSearch("ＣＨＩＰ")).toEqual({ likes: ["chip"], lexemes: [] });
  });
  it("keeps quotes and operators out of the tsquery", () => {
    expect(lexemeQuery(planSearch("a' | b").lexemes)).toBe("'a' & 'b'");
  });
});

describe("indexed lexemes", () => {
  it("holds every Chinese character and adjacent pair, and short Latin words only", () => {
    expect(documentLexemes("芯片封装 AI chip").sort()).toEqual(["ai", "封", "封装", "片", "片封", "芯", "芯片", "装"].sort());
  });
  it("does not pair characters across a break", () => {
    expect(documentLexemes("芯，片")).not.toContain("芯片");
  });
});

describe("the stored search text", () => {
  it("is half-width and lower-case, as queries are, so a plain LIKE matches regardless of case", () => {
    expect(normaliseDocument("ＬＯＷ-Power 芯片")).toBe("low-power 芯片");
    expect(planSearch("LOW-POWER").likes).toEqual(["low-power"]);
  });
});

describe("user input in LIKE patterns", () => {
  it("escapes %, _ and backslash", () => {
    expect(escapeLike("100%_a\\b")).toBe("100\\%\\_a\\\\b");
  });
});

describe("keyset cursors", () => {
  it("round-trip and refuse tampering", () => {
    const c = { k: "2026-05-01T10:00:00.000Z", id: "7d0c1f8e-7f5c-4e0b-9a43-2b8f7b9e1c11" };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(decodeCursor("not-a-cursor")).toBeNull();
    expect(decodeCursor(encodeCursor({ k: null, id: "x'; drop table" }))).toBeNull();
  });
});
