/**
 * The 1-year loan prime rate (LPR) that product rates are quoted against, in basis points.
 * CONFIGURABLE DEFAULT: 3.00 % (the published 1-year LPR since May 2025; unverified here). The
 * rate of an offer is fixed when it is made (`loan_offers.lpr_bp`), so a later change of this
 * value does not alter existing loans.
 */
export const DEFAULT_LPR_1Y_BP = 300;

export const rateOf = (lprBp: number, spreadBp: number) => lprBp + spreadBp;
