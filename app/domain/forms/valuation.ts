import { z } from "zod";
import { PURPOSES } from "../valuation/parameters";
import { parsePercentBp, parseYuan } from "../money";
import type { Questionnaire } from "../valuation/types";

/**
 * The valuation request form, shared by the page and the action. Money is typed in 元, rates in %,
 * and parsed to 分 and basis points here; every questionnaire answer is optional.
 */
const list = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(item));

const yuan = z.string().trim().optional().transform((v, ctx) => {
  if (!v) return undefined;
  const fen = parseYuan(v);
  if (fen === null) {
    ctx.addIssue({ code: "custom", message: "valuation.errors.money" });
    return z.NEVER;
  }
  return fen;
});

const percent = (min: number, max: number) => z.string().trim().optional().transform((v, ctx) => {
  if (!v) return undefined;
  const bp = parsePercentBp(v);
  if (bp === null || bp < min * 100 || bp > max * 100) {
    ctx.addIssue({ code: "custom", message: "valuation.errors.percent" });
    return z.NEVER;
  }
  return bp;
});

const int = (min: number, max: number) =>
  z.number({ error: "errors.number" }).int({ error: "errors.number" }).min(min, { error: "errors.invalid" }).max(max, { error: "errors.invalid" }).optional();

export const MAX_ASSETS_PER_VALUATION = 20;

export const ValuationRequestSchema = z.object({
  assetIds: list(z.uuid({ error: "errors.invalid" }))
    .refine((v) => v.length > 0, { error: "valuation.errors.pickAsset" })
    .refine((v) => v.length <= MAX_ASSETS_PER_VALUATION, { error: "valuation.errors.tooManyAssets" }),
  purpose: z.enum(PURPOSES, { error: "errors.required" }),
  locale: z.enum(["zh-CN", "en"], { error: "errors.invalid" }).optional().default("zh-CN"),
  annualRevenue: yuan,
  revenueGrowth: percent(-30, 50),
  marketSize: yuan,
  marketShare: percent(0, 100),
  maturity: int(1, 5),
  substitutability: int(1, 5),
  economicLifeYears: int(1, 30),
  rdCost: yuan,
  rdCostYear: int(1980, 2100),
});

export type ValuationRequestForm = z.output<typeof ValuationRequestSchema>;

export function questionnaireFromForm(v: ValuationRequestForm): Questionnaire {
  return {
    annualRevenueFen: v.annualRevenue ?? null,
    revenueGrowthBp: v.revenueGrowth ?? null,
    marketSizeFen: v.marketSize ?? null,
    marketShareBp: v.marketShare ?? null,
    maturity: v.maturity ?? null,
    substitutability: v.substitutability ?? null,
    economicLifeYears: v.economicLifeYears ?? null,
    rdCostFen: v.rdCost ?? null,
    rdCostYear: v.rdCostYear ?? null,
  };
}

export const ValuationActionSchema = z.discriminatedUnion("intent", [
  // The attempt the page showed: a second submission of the same retry changes nothing.
  z.object({ intent: z.literal("retry"), attempt: z.coerce.number({ error: "errors.number" }).int().positive().optional() }),
  z.object({ intent: z.literal("revalue") }),
  // The inputs a valuation waiting in `needs_input` asked for (at least one of the two amounts: the service says so).
  z.object({
    intent: z.literal("answer"),
    attempt: z.coerce.number({ error: "errors.number" }).int().positive().optional(),
    annualRevenue: yuan,
    rdCost: yuan,
    rdCostYear: int(1980, 2100),
  }),
]);
