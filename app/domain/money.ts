import { toHalfWidth } from "./text";

/**
 * Money and rates as people type them and as forms show them. Amounts are integer 分 (bigint) and
 * rates integer basis points everywhere; no floating point touches a value.
 */

/**
 * 元 typed with up to two decimals, half- or full-width, with thousands separators, ¥ or 元 allowed,
 * to 分: "12,345.6" → 1234560n. Null when the text is not a non-negative amount.
 */
export function parseYuan(input: string | null | undefined): bigint | null {
  const s = toHalfWidth(String(input ?? "")).replace(/[,\s¥￥元]/g, "");
  const m = /^(\d{1,14})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return BigInt(m[1]!) * 100n + BigInt((m[2] ?? "").padEnd(2, "0"));
}

/** A percentage with up to two decimals, possibly negative (a growth rate), to basis points: "3.5" → 350, "-2" → -200. */
export function parsePercentBp(input: string | null | undefined): number | null {
  const s = toHalfWidth(String(input ?? "")).replace(/[\s%]/g, "");
  const m = /^(-?)(\d{1,5})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const bp = Number(m[2]) * 100 + Number((m[3] ?? "").padEnd(2, "0"));
  return m[1] ? -bp : bp;
}

/** 分 to a plain 元 string for form fields and exports: 1234560n → "12345.60", -5n → "-0.05"; empty for no amount. */
export function fenToYuanInput(fen: bigint | string | null | undefined): string {
  if (fen === null || fen === undefined || fen === "") return "";
  const v = BigInt(fen);
  const abs = v < 0n ? -v : v;
  return `${v < 0n ? "-" : ""}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
}

/**
 * 分 as a ¥ figure with thousands separators, readable in both languages: for texts stored before
 * anyone reads them (notices). Pages format money in the reader's locale instead.
 */
export const yuanText = (fen: bigint) => `¥${fenToYuanInput(fen).replace(/\B(?=(\d{3})+(?!\d))(?=\d*\.)/g, ",")}`;

/** Basis points to a plain percentage for form fields and text: 350 → "3.5"; empty for none. */
export const bpToPercent = (bp: number | null | undefined) => (bp == null ? "" : (bp / 100).toFixed(2).replace(/\.?0+$/, ""));

/**
 * Splits `total` 分 in proportion to `weights` by the largest remainder (ties to the earlier part),
 * so the parts always sum to `total` exactly. Every split of money in the project goes through here.
 */
export function apportionFen(total: bigint, weights: readonly bigint[]): bigint[] {
  const sum = weights.reduce((a, w) => a + w, 0n);
  if (sum === 0n) return weights.map(() => 0n);
  const parts = weights.map((w) => (total * w) / sum);
  let given = parts.reduce((a, p) => a + p, 0n);
  const order = weights.map((w, i) => ({ i, rem: (total * w) % sum })).sort((a, b) => (b.rem > a.rem ? 1 : b.rem < a.rem ? -1 : 0));
  for (let k = 0; given < total; k++, given++) parts[order[k % order.length]!.i]! += 1n;
  return parts;
}

/** `amount × numerator / denominator`, rounded down (what a payer owes is never rounded up). */
export const mulDivFloor = (amount: bigint, numerator: bigint, denominator: bigint) => (denominator === 0n ? 0n : (amount * numerator) / denominator);

export const minFen = (...xs: bigint[]) => xs.reduce((a, b) => (b < a ? b : a));
export const maxFen = (...xs: bigint[]) => xs.reduce((a, b) => (b > a ? b : a));
