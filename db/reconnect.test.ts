import { describe, expect, it } from "vitest";
import { reconnectBackoff } from "./reconnect";

describe("reconnectBackoff", () => {
  it("doubles from 50 ms after the first failure and stops at its cap, whatever the failures", () => {
    const wait = reconnectBackoff(1_000, () => 0.5);
    expect([1, 2, 3, 4, 5].map(wait)).toEqual([0.05, 0.1, 0.2, 0.4, 0.8]);
    expect(wait(6)).toBe(1);
    expect(wait(40)).toBe(1);
  });

  it("spreads each wait by ±25 %, so processes do not reconnect in step", () => {
    expect(reconnectBackoff(1_000, () => 0)(40)).toBe(0.75);
    expect(reconnectBackoff(1_000, () => 1)(40)).toBe(1.25);
  });
});
