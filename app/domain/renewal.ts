import { addDays, addMonths, type IsoDate } from "./dates";

/**
 * Trademark renewal (DOMAIN.md): a registration lasts 10 years; it is renewed in the 12 months before
 * it expires, or in a 6-month grace period after, each renewal adding 10 years. CONFIGURABLE DEFAULTS.
 */
export const RENEWAL_WINDOW_MONTHS = 12;
export const RENEWAL_GRACE_MONTHS = 6;

/** When a registration expiring on `expiry` may be renewed: from 12 months before, to the end of the 6-month grace period. */
export function renewalWindow(expiry: IsoDate): { opens: IsoDate; graceEnds: IsoDate } {
  const next = addDays(expiry, 1);
  return { opens: addMonths(next, -RENEWAL_WINDOW_MONTHS), graceEnds: addDays(addMonths(next, RENEWAL_GRACE_MONTHS), -1) };
}

export type RenewalPhase = "later" | "open" | "grace" | "pastGrace";

/** Where a registration expiring on `expiry` stands on `today`: before its window, in it, in the grace period, or past it. */
export function renewalPhase(expiry: IsoDate, today: IsoDate): { phase: RenewalPhase; opens: IsoDate; graceEnds: IsoDate } {
  const w = renewalWindow(expiry);
  const phase: RenewalPhase = today < w.opens ? "later" : today <= expiry ? "open" : today <= w.graceEnds ? "grace" : "pastGrace";
  return { phase, ...w };
}

/** A trademark may be renewed on `today` only within its window (the owner records the renewal CNIPA granted). */
export const canRenew = (asset: { kind: string; expiryDate: IsoDate }, today: IsoDate) => {
  if (asset.kind !== "trademark") return false;
  const { phase } = renewalPhase(asset.expiryDate, today);
  return phase === "open" || phase === "grace";
};

export const RENEWAL_ALERT_KINDS = ["renewalOpen", "renewalDue", "renewalGrace", "renewalLapsed"] as const;
export type RenewalAlert = { kind: (typeof RENEWAL_ALERT_KINDS)[number]; key: string; params: Record<string, string | number> };

/**
 * The renewal alert a trademark deserves on `asOf`, if any: when the renewal window opens, when expiry
 * is within `horizonDays`, in the grace period, and once the grace period is over. The key names the
 * phase and the expiry date, so a sweep that runs again alerts nobody twice, and a renewed trademark
 * (a new expiry date) starts afresh.
 */
export function renewalAlert(
  asset: { id: string; number: string; kind: string; expiryDate: IsoDate },
  asOf: IsoDate,
  horizonDays: number,
): RenewalAlert | null {
  if (asset.kind !== "trademark") return null;
  const expiry = asset.expiryDate;
  const { phase, opens, graceEnds } = renewalPhase(expiry, asOf);
  const params = { number: asset.number, expiryDate: expiry, windowOpens: opens, graceEnds };
  const key = (name: string) => `renewal-${name}:${asset.id}:${expiry}`;
  switch (phase) {
    case "pastGrace": return { kind: "renewalLapsed", key: key("lapsed"), params };
    case "grace": return { kind: "renewalGrace", key: key("grace"), params };
    case "open": return asOf >= addDays(expiry, -horizonDays) ? { kind: "renewalDue", key: key("due"), params } : { kind: "renewalOpen", key: key("open"), params };
    case "later": return null;
  }
}
