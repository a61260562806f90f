import { allocateLowValue, loanToValueCap, type MatchProduct } from "./matching";
import type { AssetKind } from "../market/assets";

/**
 * The loan cap an application can expect before it is submitted: the valuation's LOW value split
 * over the assets (`allocateLowValue`), times each active product's pledge rate (maximum LTV) for
 * their kinds; the best product's cap. `null` when no product lends on every kind pledged.
 */
export function bestLoanCap(
  lowFen: bigint,
  assets: ReadonlyArray<{ kind: AssetKind; ownLowFen?: bigint | null }>,
  products: ReadonlyArray<Pick<MatchProduct, "id" | "maxLtvBp" | "acceptedKinds">>,
): { capFen: bigint; productId: string; products: number } | null {
  const collateral = allocateLowValue(lowFen, assets);
  let best: { capFen: bigint; productId: string } | null = null;
  let count = 0;
  for (const p of products) {
    if (!assets.every((a) => p.acceptedKinds.includes(a.kind))) continue;
    const cap = loanToValueCap(collateral, p.maxLtvBp);
    if (cap === null) continue;
    count++;
    if (!best || cap > best.capFen || (cap === best.capFen && p.id < best.productId)) best = { capFen: cap, productId: p.id };
  }
  return best ? { ...best, products: count } : null;
}
