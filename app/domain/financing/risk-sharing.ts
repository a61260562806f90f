import { apportionFen } from "../money";

/**
 * Loss sharing on a defaulted IP loan among the bank, a government risk-compensation fund, a
 * guarantor, an insurer (and, in some schemes, the appraiser). A scheme gives each party a weight,
 * optional caps (a share of the loss in basis points and/or an amount in 分) and a bonus for a
 * first loan; whatever a capped party cannot take falls back to the bank, which bears the residue.
 * Parts are integers in 分 that sum to the loss exactly (largest remainder).
 *
 * The schemes below are CONFIGURABLE DEFAULTS taken from the examples in DOMAIN.md; the platform
 * stores its schemes in `risk_sharing_schemes` and can change them without a release.
 */
export const PARTIES = ["bank", "fund", "guarantor", "insurer", "appraiser"] as const;
export type Party = (typeof PARTIES)[number];

export type RiskScheme = {
  code: string;
  weights: Partial<Record<Party, number>>;
  /** Maximum share of the loss per party, in basis points. */
  capBp?: Partial<Record<Party, number>>;
  /** Maximum amount per party, in 分 (as a decimal string so that it can live in JSON). */
  capFen?: Partial<Record<Party, string>>;
  /** Extra share of the loss, in bp, moved from the bank to `party` for an enterprise's first loan. */
  firstLoanBonus?: { party: Party; bp: number };
  /** Schemes that may not be combined with this one. */
  excludes?: string[];
};

export const DEFAULT_RISK_SCHEMES: RiskScheme[] = [
  // Shanghai policy guarantee fund: covers at most 80 %; the bank keeps at least 20 %.
  { code: "sh-policy-guarantee", weights: { guarantor: 80, bank: 20 }, capBp: { guarantor: 8000 }, excludes: ["sh-credit-compensation"] },
  // Shanghai credit compensation: 55 % (+5 % for a first loan); not combined with the policy guarantee.
  { code: "sh-credit-compensation", weights: { fund: 55, bank: 45 }, capBp: { fund: 6000 }, firstLoanBonus: { party: "fund", bp: 500 }, excludes: ["sh-policy-guarantee"] },
  // Zhongshan: fund : bank : insurer : appraiser = 54 : 26 : 16 : 4.
  { code: "zhongshan", weights: { fund: 54, bank: 26, insurer: 16, appraiser: 4 } },
  // Shenzhen: fund : bank = 1 : 1.
  { code: "shenzhen", weights: { fund: 1, bank: 1 } },
];

export class RiskSchemeError extends Error {
  constructor(readonly reason: "combination" | "invalid", message: string) {
    super(message);
    this.name = "RiskSchemeError";
  }
}

/** Refuses schemes that exclude each other (e.g. Shanghai's credit compensation with its policy guarantee). */
export function assertCombinable(schemes: readonly RiskScheme[]) {
  for (const a of schemes) for (const b of schemes) {
    if (a !== b && a.excludes?.includes(b.code)) throw new RiskSchemeError("combination", `${a.code} cannot be combined with ${b.code}`);
  }
}

export type LossPart = { party: Party; amountFen: bigint; shareBp: number };

/** Integer parts of `total` in proportion to `weights` (largest remainder; ties to the earlier party). */
function apportion(total: bigint, weights: Array<[Party, bigint]>): Map<Party, bigint> {
  const parts = apportionFen(total, weights.map(([, w]) => w));
  return new Map(weights.map(([p], i) => [p, parts[i]!]));
}

export function splitLoss(lossFen: bigint, scheme: RiskScheme, opts: { firstLoan?: boolean } = {}): LossPart[] {
  if (lossFen < 0n) throw new RangeError("loss cannot be negative");
  const entries = PARTIES.filter((p) => (scheme.weights[p] ?? 0) > 0).map((p) => [p, scheme.weights[p]!] as const);
  if (!entries.length) throw new RiskSchemeError("invalid", `${scheme.code} has no weights`);
  // Work in parts per million of the loss so a first-loan bonus can move a share exactly.
  const totalWeight = entries.reduce((a, [, w]) => a + w, 0);
  const ppm = new Map<Party, bigint>(entries.map(([p, w]) => [p, BigInt(Math.round((w / totalWeight) * 1_000_000))]));
  const drift = 1_000_000n - [...ppm.values()].reduce((a, v) => a + v, 0n);
  ppm.set(entries[0]![0], ppm.get(entries[0]![0])! + drift);
  if (opts.firstLoan && scheme.firstLoanBonus) {
    const { party, bp } = scheme.firstLoanBonus;
    const move = BigInt(bp) * 100n;
    const fromBank = ppm.get("bank") ?? 0n;
    const moved = move < fromBank ? move : fromBank;
    ppm.set("bank", fromBank - moved);
    ppm.set(party, (ppm.get(party) ?? 0n) + moved);
  }
  const parts = apportion(lossFen, [...ppm.entries()]);
  // Caps: what a party may not carry goes to the bank.
  let toBank = 0n;
  for (const [party, amount] of parts) {
    if (party === "bank") continue;
    let cap = amount;
    const bp = scheme.capBp?.[party];
    if (bp !== undefined) {
      const c = (lossFen * BigInt(bp)) / 10_000n;
      if (c < cap) cap = c;
    }
    const f = scheme.capFen?.[party];
    if (f !== undefined && BigInt(f) < cap) cap = BigInt(f);
    if (cap < amount) {
      parts.set(party, cap);
      toBank += amount - cap;
    }
  }
  parts.set("bank", (parts.get("bank") ?? 0n) + toBank);
  return PARTIES.filter((p) => parts.has(p)).map((p) => {
    const amountFen = parts.get(p)!;
    return { party: p, amountFen, shareBp: lossFen === 0n ? 0 : Number((amountFen * 10_000n) / lossFen) };
  });
}

export const findScheme = (code: string, schemes: readonly RiskScheme[] = DEFAULT_RISK_SCHEMES) => schemes.find((s) => s.code === code) ?? null;

/** The loss on a defaulted loan: what is still owed (principal and accrued interest) less what was recovered. */
export function lossAmount(outstandingFen: bigint, recoveredFen: bigint) {
  const loss = outstandingFen - recoveredFen;
  return loss > 0n ? loss : 0n;
}
