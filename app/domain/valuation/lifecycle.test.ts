import { describe, expect, it } from "vitest";
import { canTransition, transition, TransitionError } from "../state-machine";
import { mayRetry, valuationLifecycle } from "./lifecycle";

describe("the valuation lifecycle", () => {
  it("runs queued → running → completed → expired", () => {
    let s = transition("valuation", valuationLifecycle, "queued", "start");
    s = transition("valuation", valuationLifecycle, s, "complete");
    expect(transition("valuation", valuationLifecycle, s, "expire")).toBe("expired");
  });
  it("retries a failed, queued or running valuation back to queued, never a finished one", () => {
    for (const from of ["failed", "queued", "running"] as const) {
      expect(transition("valuation", valuationLifecycle, from, "retry")).toBe("queued");
    }
    for (const from of ["completed", "expired", "invalidated"] as const) {
      expect(canTransition(valuationLifecycle, from, "retry")).toBe(false);
    }
  });
  it("offers the owner a retry of a failed valuation at once, of one in progress only once it is stuck", () => {
    const now = new Date("2026-05-01T10:00:00Z");
    const ago = (ms: number) => new Date(now.getTime() - ms);
    expect(mayRetry({ status: "failed", updatedAt: now }, now, 60_000)).toBe(true);
    expect(mayRetry({ status: "running", updatedAt: ago(59_999) }, now, 60_000)).toBe(false);
    expect(mayRetry({ status: "running", updatedAt: ago(60_000) }, now, 60_000)).toBe(true);
    expect(mayRetry({ status: "queued", updatedAt: ago(3_600_000) }, now, 60_000)).toBe(true);
    expect(mayRetry({ status: "completed", updatedAt: ago(3_600_000) }, now, 60_000)).toBe(false);
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
