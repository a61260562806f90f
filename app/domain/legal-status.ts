import { annuityLapsed } from "./annuity";
import type { IsoDate } from "./dates";
import { renewalPhase } from "./renewal";
import { isPatentKind, type AssetKind, type LegalStatus } from "./terms";

/**
 * The status that counts on `today`, whatever the record still says — the one answer the market,
 * the valuation, the pre-check and the monitoring share:
 * - a patent past its term has expired; one whose annuity is unpaid past the late-payment period has
 *   lapsed (`annuityState`: due on the anniversary, six months to pay late);
 * - a trademark past its term stays registered through the 6-month renewal grace period (宽展期) and
 *   has expired once that is over (`renewalPhase`).
 */
export function effectiveLegalStatus(
  a: { kind: AssetKind; legalStatus: LegalStatus; filingDate: IsoDate; expiryDate: IsoDate; annuityPaidThrough?: IsoDate | null },
  today: IsoDate,
): LegalStatus {
  if (a.legalStatus !== "valid" && a.legalStatus !== "pending") return a.legalStatus;
  if (!isPatentKind(a.kind)) return renewalPhase(a.expiryDate, today).phase === "pastGrace" ? "expired" : a.legalStatus;
  if (a.expiryDate < today) return "expired";
  if (a.legalStatus === "valid" && annuityLapsed(a, today)) return "lapsed";
  return a.legalStatus;
}

/** Lapsed, expired and invalidated rights cannot be licensed, transferred or pledged. */
export const isDeadStatus = (s: LegalStatus) => s === "lapsed" || s === "expired" || s === "invalidated";
