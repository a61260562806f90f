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
