import { parsePatentNumber } from "../patent-number";
import type { AssetKind, LegalStatus } from "../terms";
import { toHalfWidth } from "../text";
import { effectiveLegalStatus } from "../legal-status";
import type { IsoDate } from "../dates";
import { highValueCriteria, type HighValueCriterion } from "../valuation/flags";
import { PARAMETERS } from "../valuation/parameters";

export {
  ASSET_KINDS, DESIGN_TERM_CHANGE, expiryDate, isAssetKind, isPatentKind, LEGAL_STATUSES, PATENT_KINDS, termYears, type AssetKind, type LegalStatus,
} from "../terms";

/** Awards that count towards the high-value criterion are the first two (DOMAIN.md, criterion 5). */
export const AWARDS = ["national_sti_award", "china_patent_award", "shanghai_patent_award", "other_award"] as const;
export type Award = (typeof AWARDS)[number];

export { effectiveLegalStatus, isDeadStatus } from "../legal-status";

/**
 * 高价值发明专利: the criteria (DOMAIN.md) a live, granted invention patent meets, by the platform's
 * current valuation parameters; empty when it is not high-value.
 */
export function highValueReasons(
  a: {
    kind: AssetKind; industry: string; overseasFamilyCount: number; filingDate: IsoDate; legalStatus: LegalStatus;
    expiryDate: IsoDate; annuityPaidThrough?: IsoDate | null; awards: readonly string[]; pledgeFinancedFen?: bigint | null;
  },
  today: IsoDate,
): HighValueCriterion[] {
  if (effectiveLegalStatus(a, today) !== "valid") return [];
  return highValueCriteria(a, today, PARAMETERS.highValue);
}


export type NumberCheck = { ok: true; value: string } | { ok: false; error: string };

/**
 * An asset's number for its kind: patents by check character and a type digit that agrees with the
 * kind chosen (a PCT invention counts as an invention), trademarks as digits. Errors are dictionary keys.
 */
export function checkAssetNumber(kind: AssetKind, input: string): NumberCheck {
  if (kind === "trademark") {
    const v = toHalfWidth(input).replace(/\s+/g, "");
    if (!/^\d{1,12}$/.test(v)) return { ok: false, error: "market.errors.trademarkNumber" };
    return { ok: true, value: v.replace(/^0+(?=\d)/, "") };
  }
  const r = parsePatentNumber(input);
  if (!r.ok) return { ok: false, error: r.reason === "check" ? "market.errors.patentCheck" : r.reason === "type" ? "market.errors.patentType" : "market.errors.patentFormat" };
  if (r.kind !== kind) return { ok: false, error: "market.errors.patentKindMismatch" };
  return { ok: true, value: r.value };
}

/** Nice classification: 45 classes (1–34 goods, 35–45 services). */
export const isNiceClass = (n: number) => Number.isInteger(n) && n >= 1 && n <= 45;

/** IPC symbols such as `H01L 21/762` or a subclass `G06N`; returned upper case with one space. */
export function normaliseIpc(input: string): string | null {
  const s = toHalfWidth(input).toUpperCase().replace(/\s+/g, "");
  const m = /^([A-H]\d{2}[A-Z])(?:(\d{1,4})\/(\d{1,6}))?$/.exec(s);
  if (!m) return null;
  return m[2] ? `${m[1]} ${m[2]}/${m[3]}` : m[1]!;
}

/** The distinct subclasses (the first four characters, "H01M") of normalised IPC codes, sorted. */
export const ipcSubclassesOf = (codes: readonly string[]) => [...new Set(codes.map((c) => c.slice(0, 4)))].sort();

/** Splits a list typed with commas, semicolons, Chinese punctuation or new lines. */
export function splitList(input: string | null | undefined): string[] {
  if (!input) return [];
  return toHalfWidth(input).split(/[,;，；、\n]+/).map((s) => s.trim()).filter(Boolean);
}
