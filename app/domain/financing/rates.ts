/**
 * The 1-year loan prime rate (LPR) that product rates are quoted against, in basis points.
 * CONFIGURABLE DEFAULT: 3.00 % (the published 1-year LPR since May 2025; unverified here). The
 * rate of an offer is fixed when it is made (`loan_offers.lpr_bp`), so a later change of this
 * value does not alter existing loans.
 */
export const DEFAULT_LPR_1Y_BP = 300;

export const rateOf = (lprBp: number, spreadBp: number) => lprBp + spreadBp;

/** 元 as typed by people ("1,234.5", "１２３") → 分; null when it is not an amount. */
export function yuanToFen(input: string): bigint | null {
  const s = input.normalize("NFKC").replace(/[,\s，]/g, "");
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return BigInt(m[1]!) * 100n + BigInt((m[2] ?? "").padEnd(2, "0"));
}

/** 分 → 元 as a plain decimal for form fields ("1234.50"). */
export const fenToYuanInput = (fen: bigint) => `${fen / 100n}.${(fen % 100n).toString().padStart(2, "0")}`;
