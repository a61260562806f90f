import { describe, expect, it } from "vitest";
import { transition, TransitionError } from "../state-machine";
import { auctionLifecycle, auctionTermErrors, awardLapsed, countdownText, documentKey, extendedEnd, isBiddable, minimumBid, parseDocumentKey, runnerUpBid, winningBid } from "./auction";

const at = (min: number) => new Date(Date.UTC(2026, 11, 1, 10, 0) + min * 60_000);

describe("auction lifecycle", () => {
  it("runs scheduled → open → closed → settled or failed_reserve, and cannot reopen", () => {
    let s = transition("auction", auctionLifecycle, "scheduled", "open");
    s = transition("auction", auctionLifecycle, s, "close");
    expect(transition("auction", auctionLifecycle, s, "award")).toBe("settled");
    expect(transition("auction", auctionLifecycle, s, "fail")).toBe("failed_reserve");
    expect(() => transition("auction", auctionLifecycle, "settled", "open")).toThrow(TransitionError);
    expect(() => transition("auction", auctionLifecycle, "failed_reserve", "cancel")).toThrow(TransitionError);
  });
  it("lets a settled auction go to the runner-up (still settled) or end unsold, and nothing after unsold", () => {
    expect(transition("auction", auctionLifecycle, "settled", "reoffer")).toBe("settled");
    expect(transition("auction", auctionLifecycle, "settled", "abandon")).toBe("unsold");
    expect(() => transition("auction", auctionLifecycle, "unsold", "reoffer")).toThrow(TransitionError);
    expect(() => transition("auction", auctionLifecycle, "failed_reserve", "reoffer")).toThrow(TransitionError);
    expect(() => transition("auction", auctionLifecycle, "open", "abandon")).toThrow(TransitionError);
  });
});

describe("runner-up", () => {
  const b = (seq: number, org: string, amountFen: bigint) => ({ seq, bidderOrgId: org, amountFen });
  const bids = [b(1, "c", 60n), b(2, "a", 120n), b(3, "d", 125n), b(4, "b", 130n), b(5, "a", 150n), b(6, "e", 130n)];
  it("is the best bid of an organisation not yet awarded, at or above the reserve, the earliest of equal ones", () => {
    expect(runnerUpBid(bids, 100n, ["a"])).toMatchObject({ seq: 4 });
    expect(runnerUpBid(bids, 100n, ["a", "b"])).toMatchObject({ seq: 6 });
    expect(runnerUpBid(bids, 100n, ["a", "b", "e", "d"])).toBeNull();
    expect(runnerUpBid(bids, 140n, ["a"])).toBeNull();
  });
  it("counts only a dead deal as a lapsed award", () => {
    expect(["rejected", "cancelled", "refunded"].every(awardLapsed)).toBe(true);
    expect(["pending_approval", "approved", "paid", "completed"].some(awardLapsed)).toBe(false);
  });
});

describe("bidding rules", () => {
  const a = { kind: "ascending" as const, startPriceFen: 1000n, incrementFen: 100n, highestBidFen: null as bigint | null };
  it("asks for the opening price first, then the highest bid plus the increment", () => {
    expect(minimumBid(a)).toBe(1000n);
    expect(minimumBid({ ...a, highestBidFen: 1500n })).toBe(1600n);
  });
  it("asks only for the opening price under sealed bids", () => {
    expect(minimumBid({ ...a, kind: "sealed", highestBidFen: 5000n })).toBe(1000n);
  });
  it("extends to N minutes after a bid inside the last N minutes, not before, and never for sealed bids", () => {
    const x = { kind: "ascending" as const, endsAt: at(60), extensionMinutes: 5 };
    expect(extendedEnd(x, at(50))).toBeNull();
    expect(extendedEnd(x, at(57))).toEqual(at(62));
    expect(extendedEnd({ ...x, extensionMinutes: 0 }, at(59))).toBeNull();
    expect(extendedEnd({ ...x, kind: "sealed" }, at(59))).toBeNull();
  });
  it("takes bids only between start and end", () => {
    const x = { status: "open" as const, startsAt: at(0), endsAt: at(60) };
    expect(isBiddable(x, at(30))).toBe(true);
    expect(isBiddable(x, at(60))).toBe(false);
    expect(isBiddable({ ...x, status: "scheduled" }, at(-1))).toBe(false);
    expect(isBiddable({ ...x, status: "closed" }, at(30))).toBe(false);
  });
  it("awards the highest bid (the earliest of equal ones) only at or above the reserve", () => {
    const bids = [{ seq: 1, amountFen: 900n }, { seq: 2, amountFen: 1200n }, { seq: 3, amountFen: 1200n }];
    expect(winningBid(bids, 1000n)).toEqual({ seq: 2, amountFen: 1200n });
    expect(winningBid(bids, 1200n)?.seq).toBe(2);
    expect(winningBid(bids, 1201n)).toBeNull();
    expect(winningBid([], 1n)).toBeNull();
  });
  it("refuses terms that cannot run", () => {
    const now = at(0);
    const ok = { kind: "ascending" as const, reservePriceFen: 1n, startPriceFen: 1n, incrementFen: 1n, startsAt: at(0), endsAt: at(60), extensionMinutes: 5 };
    expect(auctionTermErrors(ok, now)).toEqual({});
    expect(Object.keys(auctionTermErrors({ ...ok, incrementFen: 0n, endsAt: at(-1), extensionMinutes: 500 }, now)).sort()).toEqual(["endsAt", "extensionMinutes", "increment"]);
  });
});

describe("data room document keys", () => {
  it("round-trips and refuses unknown sections", () => {
    const id = "6f1c2d3e-0000-4000-8000-000000000001";
    expect(parseDocumentKey(documentKey(id, "title"))).toEqual({ assetId: id, section: "title" });
    expect(parseDocumentKey(`${id}:secrets`)).toBeNull();
    expect(parseDocumentKey("x")).toBeNull();
  });
});

describe("countdown", () => {
  it("shows minutes and seconds, hours from an hour, rounding up and never below zero", () => {
    expect(countdownText(61_000)).toBe("01:01");
    expect(countdownText(59_001)).toBe("01:00");
    expect(countdownText(3_600_000 + 5_000)).toBe("1:00:05");
    expect(countdownText(26 * 3_600_000)).toBe("26:00:00");
    expect(countdownText(-5)).toBe("00:00");
  });
});
