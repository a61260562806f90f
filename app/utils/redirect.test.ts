import { describe, expect, it } from "vitest";
import { safeRedirect } from "./redirect";

describe("safeRedirect", () => {
  it.each([
    "/dashboard", "/market?q=%E4%B8%93%E5%88%A9&sort=new", "/bank/applications/0f8fad5b-d9cb-469f-a165-70867728950e", "/a/b#section", "/market?q=a%20b",
  ])("keeps the same-site path %s", (to) => {
    expect(safeRedirect(to, "/home")).toBe(to);
  });

  it.each([
    ["a tab after the slash", "/\t/evil.example"],
    ["a percent-encoded tab", "/%09/evil.example"],
    ["a newline", "/\n/evil.example"],
    ["an encoded newline", "/%0a/evil.example"],
    ["a carriage return", "/\r/evil.example"],
    ["an encoded carriage return", "/%0D/evil.example"],
    ["a NUL", "/\u0000/evil.example"],
    ["a backslash", "/\\evil.example"],
    ["two backslashes", "\\\\evil.example"],
    ["an encoded backslash", "/%5Cevil.example"],
    ["a protocol-relative URL", "//evil.example"],
    ["an encoded double slash", "/%2F/evil.example"],
    ["an encoded double slash, lower case", "/%2f%2fevil.example"],
    ["an absolute URL", "https://evil.example/"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["a relative path", "evil.example"],
    ["a space before the slashes", " //evil.example"],
    ["a leading space inside", "/ /evil.example"],
    ["a Unicode line separator", "/\u2028/evil.example"],
    ["an ideographic space", "/\u3000/evil.example"],
    ["an encoded DEL", "/%7F/evil.example"],
    ["a mixed slash and backslash", "/\\/evil.example"],
    ["a value far too long", `/${"a".repeat(3000)}`],
  ])("refuses %s", (_why, to) => {
    expect(safeRedirect(to, "/home")).toBe("/home");
  });

  it("falls back on nothing", () => {
    expect(safeRedirect(null, "/home")).toBe("/home");
    expect(safeRedirect("", "/home")).toBe("/home");
    expect(safeRedirect(undefined)).toBe("/");
  });

  it("answers the parsed path, not the raw text", () => {
    expect(safeRedirect("/a/../b", "/home")).toBe("/b");
  });
});
