/**
 * Shanghai's leading (集成电路, 生物医药, 人工智能) and key industries from the seed plans.
 * Stored as keys; labels live in the dictionaries (`industry.<key>`).
 */
export const INDUSTRIES = [
  "integrated_circuits", "biomedicine", "artificial_intelligence", "electronic_information", "life_health",
  "automotive", "high_end_equipment", "advanced_materials", "fashion_consumer", "other",
] as const;
export type Industry = (typeof INDUSTRIES)[number];

/** Strategic emerging industries (a high-value patent criterion, DOMAIN.md). */
export const STRATEGIC_EMERGING: ReadonlySet<Industry> = new Set([
  "integrated_circuits", "biomedicine", "artificial_intelligence", "electronic_information", "life_health",
  "automotive", "high_end_equipment", "advanced_materials",
]);

export const isIndustry = (v: unknown): v is Industry => typeof v === "string" && (INDUSTRIES as readonly string[]).includes(v);
