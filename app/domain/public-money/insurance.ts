import type { LossPart } from "../financing/risk-sharing";

/**
 * IP insurance (Shanghai since 2014): pledge-loan guarantee insurance, where the insurer shares the
 * bank's bad debt by a ratio up to the cover, and insurance of open-licence deals. Products are the
 * insurers' own data; these are the rules every product follows.
 */
export const INSURANCE_KINDS = ["pledge_loan_guarantee", "open_licence_deal"] as const;
export type InsuranceKind = (typeof INSURANCE_KINDS)[number];

/** The premium on a cover at a rate in bp, rounded half up to the 分 (as the platform fee is). */
export function premiumFor(coverFen: bigint, rateBp: number): bigint {
  if (coverFen <= 0n || rateBp <= 0) return 0n;
  return (coverFen * BigInt(rateBp) + 5_000n) / 10_000n;
}

export type PolicyShare = { shareBp: number; coverFen: bigint };

/**
 * Brings an insurance policy into a loss split. A scheme that names an insurer (Zhongshan 54:26:16:4)
 * already gives it a part: the policy caps that part at its cover. Otherwise the insurer takes its
 * ratio of the BANK's part (it insures the bank's bad debt), up to the cover; the funds' and the
 * guarantor's parts are untouched. What the insurer cannot carry stays with the bank; the parts
 * still sum to the loss exactly.
 */
export function withPolicy(parts: readonly LossPart[], lossFen: bigint, policy: PolicyShare | null): LossPart[] {
  if (!policy) return parts.map((p) => ({ ...p }));
  const out = parts.map((p) => ({ ...p }));
  const bank = out.find((p) => p.party === "bank");
  const named = out.find((p) => p.party === "insurer");
  if (named) {
    if (named.amountFen > policy.coverFen) {
      const excess = named.amountFen - policy.coverFen;
      named.amountFen = policy.coverFen;
      if (bank) bank.amountFen += excess;
      else out.unshift({ party: "bank", amountFen: excess, shareBp: 0 });
    }
  } else if (bank && bank.amountFen > 0n && policy.shareBp > 0) {
    let take = (bank.amountFen * BigInt(policy.shareBp)) / 10_000n;
    if (take > policy.coverFen) take = policy.coverFen;
    bank.amountFen -= take;
    out.push({ party: "insurer", amountFen: take, shareBp: 0 });
  }
  return out.map((p) => ({ ...p, shareBp: lossFen === 0n ? 0 : Number((p.amountFen * 10_000n) / lossFen) }));
}
