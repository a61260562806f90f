import { describe, expect, it } from "vitest";
import { transition, TransitionError } from "../state-machine";
import { dealLifecycle, fromDateRange, partyEvents, platformFee, reservationFor, toDateRange } from "./deal";

describe("deal lifecycle", () => {
  it("negotiates back and forth, then goes through approval and payment to completion", () => {
    let s = transition("deal", dealLifecycle, "offered", "counter");
    expect(s).toBe("countered");
    s = transition("deal", dealLifecycle, s, "counter");
    expect(s).toBe("offered");
    for (const e of ["accept", "submit", "approve", "pay", "complete"] as const) s = transition("deal", dealLifecycle, s, e);
    expect(s).toBe("completed");
  });
  it("refunds a deal rejected after payment and refuses payment before approval", () => {
    expect(transition("deal", dealLifecycle, "paid", "reject")).toBe("refunded");
    expect(() => transition("deal", dealLifecycle, "pending_approval", "pay")).toThrow(TransitionError);
    expect(() => transition("deal", dealLifecycle, "completed", "cancel")).toThrow(TransitionError);
  });
});

describe("who may act", () => {
  it("lets only the party that did not make the latest offer accept or counter it", () => {
    expect(partyEvents({ status: "offered", lastOfferBy: "buyer" }, "seller")).toEqual(["accept", "counter", "decline"]);
    expect(partyEvents({ status: "offered", lastOfferBy: "buyer" }, "buyer")).toEqual(["cancel"]);
    expect(partyEvents({ status: "countered", lastOfferBy: "seller" }, "buyer")).toEqual(["accept", "counter", "cancel"]);
  });
  it("lets the buyer withdraw until it pays, and nobody after", () => {
    expect(partyEvents({ status: "approved", lastOfferBy: "buyer" }, "buyer")).toEqual(["cancel"]);
    expect(partyEvents({ status: "completed", lastOfferBy: "buyer" }, "buyer")).toEqual([]);
  });
});

describe("reservations and money", () => {
  it("reserves a period for exclusive and sole licences, the title for a transfer, nothing for other licences", () => {
    expect(reservationFor("exclusive_licence", "2026-01-01", 24)).toEqual({ kind: "exclusive_licence", period: { start: "2026-01-01", end: "2028-01-01" } });
    expect(reservationFor("transfer", "2026-01-01", null)).toEqual({ kind: "transfer", period: { start: "2026-01-01", end: null } });
    expect(reservationFor("open_licence", "2026-01-01", 12)).toBeNull();
  });
  it("charges the platform fee in basis points, rounded half up, in whole 分", () => {
    expect(platformFee(100_000_00n, 300)).toBe(3_000_00n);
    expect(platformFee(1_67n, 300)).toBe(5n); // 5.01 → 5
    expect(platformFee(50n, 100)).toBe(1n); // 0.5 → 1
    expect(platformFee(0n, 300)).toBe(0n);
  });
  it("round-trips date ranges as PostgreSQL prints them", () => {
    expect(fromDateRange(toDateRange({ start: "2026-01-01", end: "2027-01-01" }))).toEqual({ start: "2026-01-01", end: "2027-01-01" });
    expect(fromDateRange("[2026-01-01,)")).toEqual({ start: "2026-01-01", end: null });
  });
});
