import type { TransitionTable } from "../state-machine";
import { isExclusiveMode, licencePeriod, type ListingMode, type Period } from "./listing";
import type { IsoDate } from "../dates";

export const DEAL_STATUSES = [
  "offered", "countered", "accepted", "pending_approval", "approved", "paid", "completed",
  "declined", "cancelled", "rejected", "refunded",
] as const;
export type DealStatus = (typeof DEAL_STATUSES)[number];
export type DealEvent = "counter" | "accept" | "decline" | "cancel" | "submit" | "approve" | "reject" | "pay" | "complete";

/**
 * DESIGN.md: offered ⇄ countered → accepted → pending_approval → approved → paid → completed;
 * declined / cancelled / rejected / refunded. A deal rejected after payment is refunded.
 */
export const dealLifecycle: TransitionTable<DealStatus, DealEvent> = {
  offered: { counter: "countered", accept: "accepted", decline: "declined", cancel: "cancelled" },
  countered: { counter: "offered", accept: "accepted", decline: "declined", cancel: "cancelled" },
  accepted: { submit: "pending_approval", cancel: "cancelled" },
  pending_approval: { approve: "approved", reject: "rejected", cancel: "cancelled" },
  approved: { pay: "paid", reject: "rejected", cancel: "cancelled" },
  paid: { complete: "completed", reject: "refunded" },
  completed: {},
  declined: {},
  cancelled: {},
  rejected: {},
  refunded: {},
};

/** While a deal is in one of these, it holds its reservation on the asset (if its mode needs one). */
export const RESERVING_STATUSES: readonly DealStatus[] = ["accepted", "pending_approval", "approved", "paid"];
export const OPEN_NEGOTIATION: readonly DealStatus[] = ["offered", "countered"];
export const isTerminal = (s: DealStatus) => Object.keys(dealLifecycle[s]).length === 0;

export type Side = "buyer" | "seller";

/**
 * What each party may do now. Negotiation alternates: whoever did not make the latest offer may
 * accept or counter it; the seller may decline, the buyer may withdraw (cancel) until payment.
 */
export function partyEvents(deal: { status: DealStatus; lastOfferBy: Side }, side: Side): DealEvent[] {
  const out: DealEvent[] = [];
  if (deal.status === "offered" || deal.status === "countered") {
    if (deal.lastOfferBy !== side) out.push("accept", "counter");
    if (side === "seller") out.push("decline");
    if (side === "buyer") out.push("cancel");
  } else if (side === "buyer" && (deal.status === "pending_approval" || deal.status === "approved")) {
    out.push("cancel");
  }
  return out;
}

/** The encumbrance a deal reserves when accepted: a period for exclusive or sole licences, the title for a transfer. */
export function reservationFor(mode: ListingMode, start: IsoDate, termMonths: number | null): { kind: "exclusive_licence" | "sole_licence" | "transfer"; period: Period } | null {
  if (mode === "transfer") return { kind: "transfer", period: { start, end: null } };
  if (isExclusiveMode(mode)) return { kind: mode as "exclusive_licence" | "sole_licence", period: licencePeriod(start, termMonths) };
  return null;
}

/** The licence kind a completed deal records (open licences are non-exclusive by law). */
export function licenceKindFor(mode: ListingMode): "exclusive" | "sole" | "non_exclusive" | null {
  if (mode === "transfer") return null;
  if (mode === "exclusive_licence") return "exclusive";
  if (mode === "sole_licence") return "sole";
  return "non_exclusive";
}

/** The platform's fee in 分, rounded half up; fees are basis points of the deal amount. */
export function platformFee(amountFen: bigint, bps: number): bigint {
  if (amountFen <= 0n || bps <= 0) return 0n;
  return (amountFen * BigInt(bps) + 5_000n) / 10_000n;
}

/** A PostgreSQL daterange literal for a half-open period. */
export const toDateRange = (p: Period) => `[${p.start},${p.end ?? ""})`;

/** Parses `[2026-01-01,2027-01-01)` (as PostgreSQL prints a daterange). */
export function fromDateRange(r: string): Period {
  const m = /^[[(]([^,]*),([^)\]]*)[)\]]$/.exec(r.trim());
  if (!m) throw new Error(`not a daterange: ${r}`);
  return { start: m[1]!.replace(/"/g, ""), end: m[2] ? m[2].replace(/"/g, "") : null };
}
