import { termLastDay, type IsoDate } from "./dates";
import type { PatentKind } from "./patent-number";

/**
 * The kinds of right the platform holds and how long each is protected. A base module: the annuity
 * rules, the market's asset rules and the valuation all read it, and it reads none of them.
 */
export const ASSET_KINDS = ["invention", "utility_model", "design", "trademark"] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];
export const PATENT_KINDS = ["invention", "utility_model", "design"] as const satisfies readonly PatentKind[];
export const isPatentKind = (k: AssetKind): k is PatentKind => k !== "trademark";
export const isAssetKind = (v: unknown): v is AssetKind => typeof v === "string" && (ASSET_KINDS as readonly string[]).includes(v);

export const LEGAL_STATUSES = ["pending", "valid", "lapsed", "expired", "invalidated"] as const;
export type LegalStatus = (typeof LEGAL_STATUSES)[number];

/** Designs filed before this date keep the old 10-year term (Patent Law as amended 2020, in force 2021-06-01). */
export const DESIGN_TERM_CHANGE: IsoDate = "2021-06-01";

/** Years of protection; a trademark's run from registration, a patent's from filing. */
export function termYears(kind: AssetKind, filingDate: IsoDate): number {
  switch (kind) {
    case "invention": return 20;
    case "utility_model": return 10;
    case "design": return filingDate < DESIGN_TERM_CHANGE ? 10 : 15;
    case "trademark": return 10;
  }
}

/**
 * The last day of protection: the day before the anniversary (a patent filed 2010-03-15 is in force
 * through 2030-03-14; a trademark registered 2015-06-07 through 2025-06-06). Trademarks count from the
 * registration date, which they must have.
 */
export function expiryDate(input: { kind: AssetKind; filingDate: IsoDate; registrationDate?: IsoDate | null; renewals?: number }): IsoDate | null {
  const start = input.kind === "trademark" ? input.registrationDate : input.filingDate;
  if (!start) return null;
  // Each renewal of a trademark adds another term.
  const terms = input.kind === "trademark" ? 1 + (input.renewals ?? 0) : 1;
  return termLastDay(start, termYears(input.kind, input.filingDate) * terms);
}
