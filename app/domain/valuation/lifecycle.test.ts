import { describe, expect, it } from "vitest";
import { canTransition, transition, TransitionError } from "../state-machine";
import { valuationLifecycle } from "./lifecycle";

describe("the valuation lifecycle", () => {
  it("runs queued → running → completed → expired", () => {
    let s = transition("valuation", valuationLifecycle, "queued", "start");
    s = transition("valuation", valuationLifecycle, s, "complete");
    expect(transition("valuation", valuationLifecycle, s, "expire")).toBe("expired");
  });
  it("lets only a failed valuation be retried, back to queued", () => {
    expect(transition("valuation", valuationLifecycle, "failed", "retry")).toBe("queued");
    for (const from of ["queued", "running", "completed", "expired", "invalidated"] as const) {
      expect(canTransition(valuationLifecycle, from, "retry")).toBe(false);
    }
  });
  it("invalidates every open valuation, but never an expired or already invalidated one", () => {
    for (const from of ["queued", "running", "completed", "failed"] as const) {
      expect(transition("valuation", valuationLifecycle, from, "invalidate")).toBe("invalidated");
    }
    expect(() => transition("valuation", valuationLifecycle, "expired", "invalidate")).toThrow(TransitionError);
  });
  it("never completes a valuation that has not started", () => {
    expect(canTransition(valuationLifecycle, "queued", "complete")).toBe(false);
  });
});
