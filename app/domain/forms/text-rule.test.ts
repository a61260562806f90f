import { describe, expect, it } from "vitest";
import { jsonTextProblems, MAX_TEXT_CHARS, normalizeJson, textProblem } from "./text-rule";

describe("the text rule", () => {
  it.each(["张江高科技园区", "line one\nline two", "a\ttab", "crlf\r\n", "emoji 😀 pairs are fine", ""])("accepts %j", (v) => {
    expect(textProblem(v)).toBeNull();
  });

  it.each([
    ["a NUL", "a\u0000b", "control"],
    ["a bell", "\u0007", "control"],
    ["an escape", "\u001b[31m", "control"],
    ["DEL", "\u007f", "control"],
    ["a C1 control", "\u0085", "control"],
    ["a non-character", "\uffff", "control"],
    ["a lone high surrogate", "x\ud800", "encoding"],
    ["a lone low surrogate", "\udc00x", "encoding"],
    ["reversed surrogates", "\udc00\ud800", "encoding"],
  ])("refuses %s", (_why, v, problem) => {
    expect(textProblem(v)).toBe(problem);
  });

  it("refuses a value over the ceiling, and keeps one at it", () => {
    expect(textProblem("字".repeat(MAX_TEXT_CHARS))).toBeNull();
    expect(textProblem("字".repeat(MAX_TEXT_CHARS + 1))).toBe("tooLong");
  });

  it("finds problems anywhere in a JSON body, keys included, by path", () => {
    expect(jsonTextProblems({ a: "ok", b: { c: ["fine", "bad\u0000"] }, "k\u0001": 1 })).toEqual({ "b.c.1": "control", "k\u0001": "control" });
    expect(jsonTextProblems("\ud800")).toEqual({ body: "encoding" });
    expect(jsonTextProblems({ n: 1, t: true, z: null })).toEqual({});
  });

  it("normalises JSON strings to NFC", () => {
    expect(normalizeJson({ name: "Cafe\u0301", list: ["e\u0301"] })).toEqual({ name: "Caf\u00e9", list: ["\u00e9"] });
  });
});
