import { isIndustry } from "#app/domain/industries";
import type { Translate } from "./index";

/**
 * Labels of values that arrive as plain strings from SQL aggregations or stored JSON: the label when
 * the value is one the domain knows (the template key is then checked against the dictionaries), else
 * the value itself, so an unexpected one stays visible.
 */
export const industryLabel = (t: Translate, v: string | null | undefined) => (v == null || v === "" ? "—" : isIndustry(v) ? t(`industry.${v}`) : v);

export type SchemeName = { code: string; nameZh: string; nameEn: string };
/** A risk-sharing scheme's name in the reader's language (the code itself when the platform no longer lists it). */
export const schemeLabel = (schemes: readonly SchemeName[], code: string | null | undefined, locale: string) => {
  if (!code) return "—";
  const s = schemes.find((x) => x.code === code);
  return s ? (locale === "en" ? s.nameEn : s.nameZh) : code;
};
