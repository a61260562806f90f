import { describe, expect, it } from "vitest";
import { eventsFrom, transition, TransitionError } from "../state-machine";
import { applicationLifecycle, bankReviewLifecycle, loanLifecycle } from "./lifecycle";

describe("pledge application lifecycle", () => {
  it("follows the happy path from draft to settled", () => {
    const path = ["submit", "startValuation", "valuationReady", "matched", "startReview", "requestInfo", "answerInfo", "offer", "accept", "startRegistration", "register", "disburse", "settle"] as const;
    let s: keyof typeof applicationLifecycle = "draft";
    for (const e of path) s = transition("application", applicationLifecycle, s, e);
    expect(s).toBe("settled");
  });

  it("goes from disbursed through default and disposal to closed", () => {
    let s = transition("application", applicationLifecycle, "disbursed", "default");
    s = transition("application", applicationLifecycle, s, "startDisposal");
    expect(transition("application", applicationLifecycle, s, "close")).toBe("closed");
  });

  it("refuses skipping registration: an accepted application cannot be disbursed", () => {
    expect(() => transition("application", applicationLifecycle, "accepted", "disburse")).toThrow(TransitionError);
    expect(() => transition("application", applicationLifecycle, "settled", "withdraw")).toThrow(TransitionError);
  });

  it("cannot be withdrawn once registration started", () => {
    expect(eventsFrom(applicationLifecycle, "registering")).not.toContain("withdraw");
  });

  it("a bank's review closes when another bank's offer is accepted", () => {
    expect(transition("review", bankReviewLifecycle, "offered", "close")).toBe("closed");
    expect(() => transition("review", bankReviewLifecycle, "rejected", "offer")).toThrow(TransitionError);
  });

  it("a loan falls overdue, is cured, and settles", () => {
    let s = transition("loan", loanLifecycle, "pending", "disburse");
    s = transition("loan", loanLifecycle, s, "fallOverdue");
    s = transition("loan", loanLifecycle, s, "cure");
    expect(transition("loan", loanLifecycle, s, "settle")).toBe("settled");
  });
});
