import type { TransitionTable } from "../state-machine";

export const AUCTION_KINDS = ["ascending", "sealed"] as const;
export type AuctionKind = (typeof AUCTION_KINDS)[number];
export const AUCTION_STATUSES = ["scheduled", "open", "closed", "settled", "failed_reserve", "unsold", "cancelled"] as const;
export type AuctionStatus = (typeof AUCTION_STATUSES)[number];
export type AuctionEvent = "open" | "close" | "award" | "fail" | "cancel" | "reoffer" | "abandon";

/**
 * scheduled → open → closed → settled (the winning bid became a deal) / failed_reserve / cancelled.
 * When the deal of a settled auction dies before payment (the admin rejects it, or the buyer cancels),
 * the seller either offers the lot to the runner-up (`reoffer`: still settled, with the runner-up's
 * deal) or ends it unsold (`abandon`). Whether the deal is dead is the service's guard, not a state.
 */
export const auctionLifecycle: TransitionTable<AuctionStatus, AuctionEvent> = {
  scheduled: { open: "open", cancel: "cancelled" },
  open: { close: "closed", cancel: "cancelled" },
  closed: { award: "settled", fail: "failed_reserve", cancel: "cancelled" },
  settled: { reoffer: "settled", abandon: "unsold" },
  unsold: {},
  failed_reserve: {},
  cancelled: {},
};

/** The rules a bidder accepts when registering; a change of wording gets a new version (v2: one sealed bid per bidder). */
export const AUCTION_RULES_VERSION = "2026-12-v2";

export type AuctionTerms = {
  kind: AuctionKind; reservePriceFen: bigint; startPriceFen: bigint; incrementFen: bigint;
  startsAt: Date; endsAt: Date; extensionMinutes: number;
};

/** Field errors of an auction's terms (message keys), empty when they are sound. */
export function auctionTermErrors(t: AuctionTerms, now: Date): Record<string, string[]> {
  const e: Record<string, string[]> = {};
  if (t.reservePriceFen <= 0n) e.reservePrice = ["auction.errors.reservePositive"];
  if (t.startPriceFen <= 0n) e.startPrice = ["auction.errors.startPositive"];
  if (t.kind === "ascending" && t.incrementFen <= 0n) e.increment = ["auction.errors.incrementPositive"];
  if (t.endsAt.getTime() <= t.startsAt.getTime()) e.endsAt = ["auction.errors.endAfterStart"];
  if (t.endsAt.getTime() <= now.getTime()) e.endsAt = ["auction.errors.endInFuture"];
  if (t.extensionMinutes < 0 || t.extensionMinutes > 120) e.extensionMinutes = ["auction.errors.extensionRange"];
  return e;
}

/** Whether bids are taken at `now` (the stored status may still say scheduled until the first bid or sweep). */
export const isBiddable = (a: { status: AuctionStatus; startsAt: Date; endsAt: Date }, now: Date) =>
  (a.status === "open" || a.status === "scheduled") && a.startsAt.getTime() <= now.getTime() && a.endsAt.getTime() > now.getTime();

/**
 * The lowest admissible bid. Ascending: the opening price, then the highest bid plus the increment.
 * Sealed: bids are hidden, so only the opening price binds.
 */
export function minimumBid(a: { kind: AuctionKind; startPriceFen: bigint; incrementFen: bigint; highestBidFen: bigint | null }): bigint {
  if (a.kind === "sealed" || a.highestBidFen === null) return a.startPriceFen;
  const next = a.highestBidFen + a.incrementFen;
  return next > a.startPriceFen ? next : a.startPriceFen;
}

/**
 * Anti-sniping (soft close): a bid in the last N minutes moves the end to N minutes after the bid,
 * so every bidder always has N minutes to answer. Sealed bids never extend (nobody sees a bid to answer).
 */
export function extendedEnd(a: { kind: AuctionKind; endsAt: Date; extensionMinutes: number }, bidAt: Date): Date | null {
  if (a.kind === "sealed" || a.extensionMinutes <= 0) return null;
  const window = a.extensionMinutes * 60_000;
  if (a.endsAt.getTime() - bidAt.getTime() >= window) return null;
  return new Date(bidAt.getTime() + window);
}

/** The winner: the highest bid (the earliest of equal ones), if it reaches the reserve. */
export function winningBid<B extends { amountFen: bigint; seq: number }>(bids: B[], reservePriceFen: bigint): B | null {
  let best: B | null = null;
  for (const b of bids) if (!best || b.amountFen > best.amountFen || (b.amountFen === best.amountFen && b.seq < best.seq)) best = b;
  return best && best.amountFen >= reservePriceFen ? best : null;
}

/** Deal statuses in which an auction's award has fallen through (the lot may go to the runner-up). */
export const LAPSED_DEAL_STATUSES = ["rejected", "cancelled", "refunded"] as const;
export const awardLapsed = (dealStatus: string) => (LAPSED_DEAL_STATUSES as readonly string[]).includes(dealStatus);

/**
 * The runner-up: each remaining organisation's best bid (highest, then earliest), and of those the
 * best at or above the reserve. Organisations already awarded the lot (the winner, an earlier
 * runner-up) are left out.
 */
export function runnerUpBid<B extends { amountFen: bigint; seq: number; bidderOrgId: string }>(bids: B[], reservePriceFen: bigint, awardedOrgIds: readonly string[]): B | null {
  return winningBid(bids.filter((b) => !awardedOrgIds.includes(b.bidderOrgId)), reservePriceFen);
}

/** The data room's documents of each asset. */
export const DATA_ROOM_SECTIONS = ["history", "title", "licences", "encumbrances", "valuation"] as const;
export type DataRoomSection = (typeof DATA_ROOM_SECTIONS)[number];
export const documentKey = (assetId: string, section: DataRoomSection) => `${assetId}:${section}`;
export function parseDocumentKey(key: string): { assetId: string; section: DataRoomSection } | null {
  const m = /^([0-9a-f-]{36}):([a-z]+)$/.exec(key);
  if (!m || !(DATA_ROOM_SECTIONS as readonly string[]).includes(m[2]!)) return null;
  return { assetId: m[1]!, section: m[2] as DataRoomSection };
}

/** The log's key of a document the seller uploaded (beside the platform's own `<asset>:<section>`). */
export const fileDocumentKey = (fileId: string) => `file:${fileId}`;
export const parseFileDocumentKey = (key: string): string | null => /^file:([0-9a-f-]{36})$/.exec(key)?.[1] ?? null;

/** The time left as the page's countdown shows it: `MM:SS`, or `H:MM:SS` from an hour (hours keep counting past a day). */
export function countdownText(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const two = (n: number) => String(n).padStart(2, "0");
  const h = Math.floor(s / 3600);
  const rest = `${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
  return h > 0 ? `${h}:${rest}` : rest;
}
