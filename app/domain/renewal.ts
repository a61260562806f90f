import { addDays, addMonths, type IsoDate } from "./dates";

/**
 * Trademark renewal (DOMAIN.md): a registration lasts 10 years; it is renewed in the 12 months before
 * it expires, or in a 6-month grace period after, each renewal adding 10 years. CONFIGURABLE DEFAULTS.
 */
export const RENEWAL_WINDOW_MONTHS = 12;
export const RENEWAL_GRACE_MONTHS = 6;

export type RenewalAlert = { kind: "renewalOpen" | "renewalDue" | "renewalGrace" | "renewalLapsed"; key: string; params: Record<string, string | number> };

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
  const opens = addMonths(addDays(expiry, 1), -RENEWAL_WINDOW_MONTHS);
  const graceEnds = addDays(addMonths(addDays(expiry, 1), RENEWAL_GRACE_MONTHS), -1);
  const params = { number: asset.number, expiryDate: expiry, windowOpens: opens, graceEnds };
  const key = (phase: string) => `renewal-${phase}:${asset.id}:${expiry}`;
  if (asOf > graceEnds) return { kind: "renewalLapsed", key: key("lapsed"), params };
  if (asOf > expiry) return { kind: "renewalGrace", key: key("grace"), params };
  if (asOf >= addDays(expiry, -horizonDays)) return { kind: "renewalDue", key: key("due"), params };
  if (asOf >= opens) return { kind: "renewalOpen", key: key("open"), params };
  return null;
}
