import { describe, expect, it } from "vitest";
import { reconnectBackoff } from "./reconnect";

describe("reconnectBackoff", () => {
  it("doubles from 50 ms and never waits past its cap, whatever the failures", () => {
    const wait = reconnectBackoff(1_000, () => 1);
    expect([0, 1, 2, 3, 4].map(wait)).toEqual([0.05, 0.1, 0.2, 0.4, 0.8]);
    expect(wait(5)).toBe(1);
    expect(wait(40)).toBe(1);
  });

  it("takes half to all of the delay, so processes do not reconnect in step", () => {
    expect(reconnectBackoff(1_000, () => 0)(10)).toBe(0.5);
    expect(reconnectBackoff(1_000, () => 0.5)(10)).toBe(0.75);
  });
});
