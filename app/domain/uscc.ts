import { toHalfWidth } from "./text";

/** GB 32100-2015 charset: digits and upper-case letters without I, O, S, V, Z. */
const CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function normalizeUscc(input: string): string {
  return toHalfWidth(input).replace(/[\s-]/g, "").toUpperCase();
}

export function usccCheckCharacter(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CHARSET.indexOf(first17[i] ?? "");
    if (v < 0) return null;
    sum += v * WEIGHTS[i]!;
  }
  return CHARSET[(31 - (sum % 31)) % 31]!;
}

export type UsccCheck = { ok: true; value: string } | { ok: false; reason: "length" | "charset" | "check" };

/** Validates a unified social credit code by its check character and returns its normal form. */
export function parseUscc(input: string): UsccCheck {
  const value = normalizeUscc(input);
  if (value.length !== 18) return { ok: false, reason: "length" };
  if ([...value].some((c) => !CHARSET.includes(c))) return { ok: false, reason: "charset" };
  if (usccCheckCharacter(value.slice(0, 17)) !== value[17]) return { ok: false, reason: "check" };
  return { ok: true, value };
}
