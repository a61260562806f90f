import { annuityState } from "./annuity";
import type { IsoDate } from "./dates";
import type { AssetKind } from "./terms";
import { renewalPhase } from "./renewal";

/**
 * What keeps a right alive, on a date: a patent's next annuity (or the grace month it is in), a
 * trademark's renewal window. Shown beside every asset, so an owner of hundreds of dormant patents
 * sees which need paying before they lapse. `tone` says how urgent it is.
 */
export const UPKEEP_KINDS = [
  "annuityPaid", "annuityPaidToTerm", "annuityGrace", "annuityPastGrace", "annuityUnknown", "renewalLater", "renewalOpen", "renewalGrace", "renewalPastGrace",
] as const;

export type Upkeep =
  | { kind: "annuityPaid"; date: IsoDate; tone: "ok" }
  | { kind: "annuityPaidToTerm"; date: IsoDate; tone: "ok" }
  | { kind: "annuityGrace"; date: IsoDate; graceMonth: number; surchargePercent: number; tone: "warn" }
  | { kind: "annuityPastGrace"; date: IsoDate; tone: "bad" }
  | { kind: "annuityUnknown"; tone: "neutral" }
  | { kind: "renewalLater"; date: IsoDate; tone: "ok" }
  | { kind: "renewalOpen"; date: IsoDate; tone: "warn" }
  | { kind: "renewalGrace"; date: IsoDate; tone: "warn" }
  | { kind: "renewalPastGrace"; date: IsoDate; tone: "bad" };

export function upkeepOf(
  a: { kind: AssetKind; legalStatus: string; filingDate: IsoDate; expiryDate: IsoDate; annuityPaidThrough: IsoDate | null },
  today: IsoDate,
): Upkeep | null {
  // Only a live right (or a pending patent application) is kept up.
  if (a.legalStatus !== "valid" && a.legalStatus !== "pending") return null;
  if (a.kind === "trademark") {
    const r = renewalPhase(a.expiryDate, today);
    switch (r.phase) {
      case "later": return { kind: "renewalLater", date: r.opens, tone: "ok" };
      case "open": return { kind: "renewalOpen", date: a.expiryDate, tone: "warn" };
      case "grace": return { kind: "renewalGrace", date: r.graceEnds, tone: "warn" };
      case "pastGrace": return { kind: "renewalPastGrace", date: r.graceEnds, tone: "bad" };
    }
  }
  if (a.expiryDate < today) return null;
  const s = annuityState(a, today);
  switch (s.state) {
    case "paid": return { kind: "annuityPaid", date: s.nextDue, tone: "ok" };
    case "paid_to_term": return { kind: "annuityPaidToTerm", date: s.paidThrough, tone: "ok" };
    case "grace": return { kind: "annuityGrace", date: s.graceEnds, graceMonth: s.graceMonth, surchargePercent: s.surchargeBp / 100, tone: "warn" };
    case "past_grace": return { kind: "annuityPastGrace", date: s.graceEnded, tone: "bad" };
    default: return { kind: "annuityUnknown", tone: "neutral" };
  }
}
