import type { IsoDate } from "../dates";
import type { DealStatus } from "./deal";
import { licencePeriod, overlaps, type ListingMode, type Period } from "./listing";

/**
 * Whether a published listing still takes offers. A listing is not sold by being accepted: the
 * seller's acceptance only reserves the asset until the platform approves the deal, and a rejected
 * or withdrawn deal gives it back. Once the platform has approved an exclusive or sole licence for a
 * period, or a transfer, nobody else can obtain that right on the market, so offering it would only
 * collect offers the seller cannot honour (issue 13, Part B item 8).
 */

/** A reservation or grant on one of the listing's assets, with the status of the deal that holds it (null: not a deal). */
export type Commitment = {
  assetId: string;
  kind: "exclusive_licence" | "sole_licence" | "transfer";
  /** `active` once the licence is recorded; `pending` while its deal is under approval or awaiting payment. */
  status: "pending" | "active";
  period: Period;
  dealStatus: DealStatus | null;
};

/** Deal statuses the platform has approved: the right is sold, whether or not the money has arrived yet. */
export const APPROVED_DEAL_STATUSES: readonly DealStatus[] = ["approved", "paid", "completed"];

export const isApproved = (c: Commitment) => c.status === "active" || (c.dealStatus !== null && APPROVED_DEAL_STATUSES.includes(c.dealStatus));

export type SoldReason = "market.errors.exclusiveSold" | "market.errors.transferSold";

/** The period an offer in this mode asks for: a licence's term from its start, or the title from the start on. */
export function offerPeriod(mode: ListingMode, start: IsoDate, termMonths: number | null | undefined): Period {
  return mode === "transfer" ? { start, end: null } : licencePeriod(start, termMonths);
}

/**
 * Why an offer for `period` (see `offerPeriod`) can no longer be taken, or null if it can:
 * - an approved transfer of any of the assets ends every listing of them (the title is going);
 * - an approved exclusive or sole licence whose period overlaps the one asked for ends licences and a
 *   transfer alike for that period (a transfer asks for the title from its start on, so any licence not
 *   yet ended overlaps it). A licence for a period that does not overlap leaves the listing open.
 * Commitments still awaiting approval do not count: the seller may yet lose that deal.
 */
export function soldReason(period: Period, commitments: readonly Commitment[]): SoldReason | null {
  const approved = commitments.filter(isApproved);
  if (approved.some((c) => c.kind === "transfer")) return "market.errors.transferSold";
  if (approved.some((c) => c.kind !== "transfer" && overlaps(c.period, period))) return "market.errors.exclusiveSold";
  return null;
}
