import { describe, expect, it } from "vitest";
import { isUuid } from "./ids";

describe("ids", () => {
  it("takes a canonical UUID and nothing else that PostgreSQL's uuid parser would refuse", () => {
    expect(isUuid("3206be30-3c64-4df4-86a7-83daedea9af7")).toBe(true);
    expect(isUuid("3206BE30-3C64-4DF4-86A7-83DAEDEA9AF7")).toBe(true);
    expect(isUuid("-".repeat(36))).toBe(false);
    expect(isUuid("3206be303c644df486a783daedea9af7abcd")).toBe(false);
    expect(isUuid("not-a-uuid")).toBe(false);
    expect(isUuid(undefined)).toBe(false);
  });
});
