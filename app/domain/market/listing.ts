import type { TransitionTable } from "../state-machine";
import { effectiveLegalStatus, isDeadStatus, type AssetKind, type LegalStatus } from "./assets";
import { addMonths, type IsoDate } from "../dates";

export const LISTING_MODES = ["exclusive_licence", "sole_licence", "non_exclusive_licence", "open_licence", "transfer"] as const;
export type ListingMode = (typeof LISTING_MODES)[number];
export const isExclusiveMode = (m: string) => m === "exclusive_licence" || m === "sole_licence";
export const isLicenceMode = (m: string) => m !== "transfer";

export const LISTING_STATUSES = ["draft", "pending_review", "published", "paused", "closed", "rejected", "withdrawn"] as const;
export type ListingStatus = (typeof LISTING_STATUSES)[number];
export type ListingEvent = "submit" | "approve" | "reject" | "pause" | "resume" | "close" | "withdraw";

/** DESIGN.md: draft → pending_review → published ⇄ paused → closed; pending_review → rejected; any → withdrawn. */
export const listingLifecycle: TransitionTable<ListingStatus, ListingEvent> = {
  draft: { submit: "pending_review", withdraw: "withdrawn" },
  pending_review: { approve: "published", reject: "rejected", withdraw: "withdrawn" },
  published: { pause: "paused", close: "closed", withdraw: "withdrawn" },
  paused: { resume: "published", close: "closed", withdraw: "withdrawn" },
  rejected: { withdraw: "withdrawn" },
  closed: {},
  withdrawn: {},
};

/** Statuses in which a listing still stands in the way of a conflicting one. */
export const LIVE_LISTING_STATUSES: readonly ListingStatus[] = ["pending_review", "published", "paused"];

export type Period = { start: IsoDate; end: IsoDate | null };

export const overlaps = (a: Period, b: Period) => a.start < (b.end ?? "9999-12-31") && b.start < (a.end ?? "9999-12-31");

/** A licence period of `termMonths` from `start` (open ended without a term), half-open [start, end). */
export function licencePeriod(start: IsoDate, termMonths: number | null | undefined): Period {
  return { start, end: termMonths ? addMonths(start, termMonths) : null };
}

export type ListingAssetFacts = {
  id: string; title: string; kind: AssetKind; ownerOrgId: string; legalStatus: LegalStatus; filingDate: IsoDate; expiryDate: IsoDate;
  annuityPaidThrough?: IsoDate | null;
  coOwners?: ReadonlyArray<{ consentRecorded: boolean }>;
};
export type EncumbranceFacts = {
  assetId: string; kind: "pledge" | "exclusive_licence" | "sole_licence" | "transfer"; status: "pending" | "active";
  holderOrgId: string | null; period: Period;
};
export type Problem = { key: string; params?: Record<string, string | number> };

/**
 * Whether these assets may be offered in this mode, and why not. The database constraints on
 * encumbrances are the last guard; this gives the seller the reason in words.
 *
 * - a lapsed, expired or invalidated right cannot be offered at all;
 * - an exclusive or sole licence excludes any other licence over the same period (an open licence, once
 *   declared, excludes new exclusive or sole licences: Patent Law art. 50);
 * - an asset under an exclusive licence, pledged, or already being transferred cannot be offered for
 *   transfer, except by the bank that holds the pledge and disposes of it;
 * - a co-owned right needs every co-owner's recorded consent for anything but a non-exclusive licence
 *   (Patent Law art. 14: a co-owner alone may only grant ordinary licences).
 */
export function listingProblems(input: {
  mode: ListingMode;
  assets: ListingAssetFacts[];
  encumbrances: EncumbranceFacts[];
  /** Live open-licence listings of these assets (other than this one). */
  openLicenceAssetIds?: readonly string[];
  /** Live exclusive or sole licence listings of these assets whose periods overlap this one. */
  exclusiveListingAssetIds?: readonly string[];
  period: Period;
  sellerOrgId: string;
  disposingOrgId?: string | null;
  evaluationReport?: boolean;
  today: IsoDate;
}): Problem[] {
  const problems: Problem[] = [];
  const { mode, period } = input;
  if (input.assets.length === 0) return [{ key: "market.errors.noAssets" }];
  const owners = new Set(input.assets.map((a) => a.ownerOrgId));
  if (owners.size > 1) problems.push({ key: "market.errors.bundleOwners" });
  for (const a of input.assets) {
    if (!input.disposingOrgId && a.ownerOrgId !== input.sellerOrgId) problems.push({ key: "market.errors.notOwner", params: { title: a.title } });
    const status = effectiveLegalStatus(a, input.today);
    if (isDeadStatus(status)) {
      problems.push({ key: "market.errors.assetNotListable", params: { title: a.title, status } });
      continue;
    }
    if (mode !== "non_exclusive_licence" && !input.disposingOrgId && a.coOwners?.some((c) => !c.consentRecorded)) {
      problems.push({ key: "market.errors.coOwnerConsent", params: { title: a.title } });
    }
    const enc = input.encumbrances.filter((e) => e.assetId === a.id);
    const exclusiveNow = enc.filter((e) => (e.kind === "exclusive_licence" || e.kind === "sole_licence") && overlaps(e.period, period));
    if (mode === "open_licence") {
      if (a.kind === "trademark") problems.push({ key: "market.errors.openLicencePatentsOnly", params: { title: a.title } });
      else if (a.kind !== "invention" && !input.evaluationReport) problems.push({ key: "market.errors.evaluationReportRequired", params: { title: a.title } });
    }
    if (mode === "transfer") {
      if (enc.some((e) => e.kind === "exclusive_licence" || e.kind === "sole_licence")) {
        problems.push({ key: "market.errors.underExclusiveLicence", params: { title: a.title } });
      }
      const lock = enc.find((e) => e.kind === "pledge" || e.kind === "transfer");
      if (lock && !(lock.kind === "pledge" && input.disposingOrgId && lock.holderOrgId === input.disposingOrgId)) {
        problems.push({ key: lock.kind === "pledge" ? "market.errors.pledged" : "market.errors.beingTransferred", params: { title: a.title } });
      }
    } else {
      if (exclusiveNow.length) problems.push({ key: "market.errors.exclusiveOverlap", params: { title: a.title } });
      if (isExclusiveMode(mode) && input.openLicenceAssetIds?.includes(a.id)) {
        problems.push({ key: "market.errors.openLicenceDeclared", params: { title: a.title } });
      }
      if (isExclusiveMode(mode) && input.exclusiveListingAssetIds?.includes(a.id)) {
        problems.push({ key: "market.errors.exclusiveListingExists", params: { title: a.title } });
      }
    }
  }
  return problems;
}

export type OpenLicenceTerms = { feeFen: bigint | null; royaltyBp: number | null; termMonths: number; territory: string };
