import { toHalfWidth } from "../text";

/**
 * Amounts typed in 元 (up to two decimals, thousands separators allowed) to integer 分, without
 * floating point: "12,345.6" → 1234560n. Null when the text is not an amount.
 */
export function parseYuan(input: string | null | undefined): bigint | null {
  const s = toHalfWidth(String(input ?? "")).replace(/[,\s¥￥元]/g, "");
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return BigInt(m[1]!) * 100n + BigInt((m[2] ?? "").padEnd(2, "0"));
}

/** A percentage with up to two decimals to basis points: "3.5" → 350. */
export function parsePercentBp(input: string | null | undefined): number | null {
  const s = toHalfWidth(String(input ?? "")).replace(/[\s%]/g, "");
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return bp <= 10_000 ? bp : null;
}

/** 分 to a plain 元 string for form fields ("1234560" → "12345.60"). */
export function fenToYuanInput(fen: bigint | string | null | undefined): string {
  if (fen === null || fen === undefined || fen === "") return "";
  const v = BigInt(fen);
  return `${v / 100n}.${(v % 100n).toString().padStart(2, "0")}`;
}

export const bpToPercent = (bp: number | null | undefined) => (bp == null ? "" : (bp / 100).toFixed(2).replace(/\.?0+$/, ""));
