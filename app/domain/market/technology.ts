/**
 * A listing's plain-language technology description, beside the claims: what problem it solves, how,
 * why it is better, where it applies, how mature it is (TRL 1–9) and what a buyer gets besides the
 * right. Each text in Chinese and, where the seller gives it, in English.
 */
export const TECH_SECTIONS = ["problem", "solution", "advantages", "applications"] as const;
export type TechSection = (typeof TECH_SECTIONS)[number];
export const TECH_INCLUDES = ["know_how", "prototype", "technical_support", "training", "documents"] as const;
export type TechInclude = (typeof TECH_INCLUDES)[number];
export const TRL_LEVELS = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;

export type Technology = {
  zh: Partial<Record<TechSection, string>>;
  en: Partial<Record<TechSection, string>>;
  trl: number | null;
  includes: TechInclude[];
};

export const emptyTechnology = (): Technology => ({ zh: {}, en: {}, trl: null, includes: [] });

export function hasTechnology(t: Technology | null | undefined): t is Technology {
  return !!t && (Object.keys(t.zh).length > 0 || Object.keys(t.en).length > 0 || t.trl !== null || t.includes.length > 0);
}

/** The sections in the reader's language, falling back to Chinese section by section. */
export function techSectionsFor(t: Technology, locale: "zh-CN" | "en"): Array<{ section: TechSection; text: string }> {
  return TECH_SECTIONS.flatMap((section) => {
    const text = (locale === "en" ? t.en[section] : undefined) ?? t.zh[section] ?? t.en[section];
    return text ? [{ section, text }] : [];
  });
}

/** Every text of the description, for the listing's search document. */
export const techTexts = (t: Technology | null | undefined): string[] =>
  t ? TECH_SECTIONS.flatMap((s) => [t.zh[s], t.en[s]]).filter((x): x is string => !!x) : [];
