import { toHalfWidth } from "./text";

/**
 * Chinese patent application numbers. Since 2003: 12 digits, a dot and a check character
 * (`202110123456.7`); before 2003: 8 digits and a check character. Check = Σ dᵢ·wᵢ mod 11 with
 * weights 2,3,4,5,6,7,8,9,2,3,4,5 (the first 8 for the old form); 10 is written X.
 * Digit 5 (post-2003) or 3 (pre-2003) is the type: 1 invention, 2 utility model, 3 design,
 * 8 PCT invention, 9 PCT utility model.
 */
const WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];

export type PatentKind = "invention" | "utility_model" | "design";

export function patentCheckCharacter(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * WEIGHTS[i]!;
  const c = sum % 11;
  return c === 10 ? "X" : String(c);
}

export type PatentNumberCheck =
  | { ok: true; value: string; kind: PatentKind; pct: boolean; filingYear: number }
  | { ok: false; reason: "format" | "check" | "type" };

const TYPE: Record<string, { kind: PatentKind; pct: boolean }> = {
  "1": { kind: "invention", pct: false },
  "2": { kind: "utility_model", pct: false },
  "3": { kind: "design", pct: false },
  "8": { kind: "invention", pct: true },
  "9": { kind: "utility_model", pct: true },
};

/** Accepts `ZL`/`CN` prefixes, spaces, full-width digits and dots; returns the normal form `digits.check`. */
export function parsePatentNumber(input: string): PatentNumberCheck {
  const s = toHalfWidth(input).toUpperCase().replace(/\s+/g, "").replace(/^(ZL|CN)/, "");
  const m = /^(\d{12}|\d{8})\.?([0-9X])$/.exec(s);
  if (!m) return { ok: false, reason: "format" };
  const digits = m[1]!;
  const check = m[2]!;
  if (patentCheckCharacter(digits) !== check) return { ok: false, reason: "check" };
  const modern = digits.length === 12;
  const type = TYPE[modern ? digits[4]! : digits[2]!];
  if (!type) return { ok: false, reason: "type" };
  const yy = Number(digits.slice(0, 2));
  const filingYear = modern ? Number(digits.slice(0, 4)) : yy >= 85 ? 1900 + yy : 2000 + yy;
  return { ok: true, value: `${digits}.${check}`, kind: type.kind, pct: type.pct, filingYear };
}
