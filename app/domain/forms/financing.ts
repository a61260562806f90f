import { z } from "zod";
import { isoDate } from "./fields";
import { INDUSTRIES } from "../industries";
import { AGREEABLE_RULES } from "../financing/precheck";
import { DAY_COUNTS, REPAYMENT_METHODS, type DayCount } from "../financing/schedule";
import { BANK_REVIEW_STATUSES } from "../financing/lifecycle";
import { parseYuan } from "../money";

/**
 * Form schemas of the financing pages, shared by the client and the actions. Messages are
 * dictionary keys. Money is typed in 元 and parsed to 分 (bigint) here.
 */
export const text = (max: number, min = 1) => z.string({ error: "errors.required" }).trim().min(min, { error: "errors.required" }).max(max, { error: "errors.tooLong" });
export const optionalText = (max: number) => z.string().trim().max(max, { error: "errors.tooLong" }).optional();
const list = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(item));

export const yuanField = z
  .string({ error: "errors.required" })
  .trim()
  .min(1, { error: "errors.required" })
  .transform((v, ctx) => {
    const fen = parseYuan(v);
    if (fen === null) {
      ctx.addIssue({ code: "custom", message: "financing.errors.money" });
      return z.NEVER;
    }
    if (fen <= 0n) {
      ctx.addIssue({ code: "custom", message: "errors.positive" });
      return z.NEVER;
    }
    return fen;
  });

const months = z.number({ error: "errors.number" }).int({ error: "errors.number" }).min(1, { error: "errors.positive" }).max(360, { error: "financing.errors.termTooLong" });
const bp = (min: number, max: number) => z.number({ error: "errors.number" }).int({ error: "errors.number" }).min(min, { error: "errors.invalid" }).max(max, { error: "errors.invalid" });

export const ASSET_KINDS = ["invention", "utility_model", "design", "trademark"] as const;

export const ProductSchema = z
  .object({
    name: text(120),
    description: optionalText(1000),
    minAmount: yuanField,
    maxAmount: yuanField,
    minTermMonths: months,
    maxTermMonths: months,
    spreadBp: bp(-300, 2000),
    ltvInvention: bp(0, 10_000).optional(),
    ltvUtilityModel: bp(0, 10_000).optional(),
    ltvDesign: bp(0, 10_000).optional(),
    ltvTrademark: bp(0, 10_000).optional(),
    receivableLtvBp: bp(0, 10_000).optional(),
    eligibleIndustries: list(z.enum(INDUSTRIES, { error: "errors.invalid" })),
    eligibleParkIds: list(z.uuid({ error: "errors.invalid" })),
    acceptsPlatformValuation: z.boolean().optional().default(false),
    insuranceRequired: z.boolean().optional().default(false),
    riskSchemes: list(z.string().max(60)),
    repaymentMethods: list(z.enum(REPAYMENT_METHODS, { error: "errors.invalid" })).refine((v) => v.length > 0, { error: "financing.errors.pickMethod" }),
  })
  .refine((v) => v.minAmount <= v.maxAmount, { path: ["maxAmount"], message: "financing.errors.rangeOrder" })
  .refine((v) => v.minTermMonths <= v.maxTermMonths, { path: ["maxTermMonths"], message: "financing.errors.rangeOrder" })
  .refine((v) => [v.ltvInvention, v.ltvUtilityModel, v.ltvDesign, v.ltvTrademark, v.receivableLtvBp].some((x) => x !== undefined && x > 0), {
    path: ["ltvInvention"], message: "financing.errors.pickKind",
  });
export type ProductInput = z.output<typeof ProductSchema>;

export const ApplicationSchema = z.object({
  assetIds: list(z.uuid({ error: "errors.invalid" })).refine((v) => v.length <= 20, { error: "errors.tooLong" }),
  /** Licence-royalty receivables pledged beside the assets, or alone. */
  receivableIds: list(z.uuid({ error: "errors.invalid" })).refine((v) => v.length <= 20, { error: "errors.tooLong" }),
  amount: yuanField,
  termMonths: months,
  purpose: text(500, 2),
  campaignId: z.uuid({ error: "errors.invalid" }).optional(),
}).refine((v) => (Array.isArray(v.assetIds) ? v.assetIds.length : 0) + (Array.isArray(v.receivableIds) ? v.receivableIds.length : 0) > 0, {
  path: ["assetIds"], message: "financing.errors.pickAsset",
  // Say so even while another field (the amount) is still wrong.
  when: () => true,
});
export type ApplicationInput = z.output<typeof ApplicationSchema>;

/** Editing an application until a bank reviews it: amount, term, assets, purpose (receivables and campaign stay). */
export const ApplicationEditSchema = z.object({
  assetIds: list(z.uuid({ error: "errors.invalid" })).refine((v) => v.length <= 20, { error: "errors.tooLong" }),
  amount: yuanField,
  termMonths: months,
  purpose: text(500, 2),
});

export const MessageSchema = z.object({ body: text(2000, 2) });

export const OfferSchema = z.object({
  amount: yuanField,
  termMonths: months,
  spreadBp: bp(-300, 2000),
  repaymentMethod: z.enum(REPAYMENT_METHODS, { error: "errors.invalid" }),
  dayCount: z.enum(DAY_COUNTS, { error: "errors.invalid" }).default("monthly"),
  riskSchemeCode: z.string().max(60).optional(),
  conditions: optionalText(2000),
});
/** Callers other than the form (the API, tests) may leave the day count out: interest then accrues monthly. */
export type OfferInput = Omit<z.output<typeof OfferSchema>, "dayCount"> & { dayCount?: DayCount };

/** A party's declaration that it agrees to register despite a waivable pre-check ground (10 or 11). */
export const AgreementSchema = z.object({
  intent: z.literal("agree"),
  assetId: z.uuid({ error: "errors.invalid" }),
  rule: z.enum(AGREEABLE_RULES, { error: "errors.invalid" }),
});

export const RejectSchema = z.object({ reason: z.string({ error: "errors.reasonRequired" }).trim().min(2, { error: "errors.reasonRequired" }).max(1000, { error: "errors.tooLong" }) });

export const RegistrationSchema = z.object({
  cnipaNumber: z.string({ error: "errors.required" }).trim().min(4, { error: "errors.required" }).max(60, { error: "errors.tooLong" }),
  registeredOn: isoDate,
});

export const DisbursementSchema = z.object({ amount: yuanField.optional(), disbursedOn: isoDate, reference: optionalText(100) });
export const RepaymentSchema = z.object({ amount: yuanField, paidOn: isoDate, reference: optionalText(100) });
export const DefaultSchema = z.object({ recovered: z.string().trim().optional().transform((v, ctx) => {
  if (!v) return 0n;
  const fen = parseYuan(v);
  if (fen === null) {
    ctx.addIssue({ code: "custom", message: "financing.errors.money" });
    return z.NEVER;
  }
  return fen;
}) });

export const ApiKeyCreateSchema = z.object({ name: text(60) });

/** The registration desk's statuses: from an accepted offer on, so that accepted applications stay findable. */
export const DESK_STATUSES = ["accepted", "registering", "registered", "disbursed", "settled", "defaulted", "in_disposal", "closed"] as const;
export const QUEUE_FILTER_KEYS = ["status", "q", "from", "to"] as const;

/**
 * The filters of the bank's queue and the registration desk (GET forms): a status ("open" by
 * default, "all", or one status), a text search, and a range of submission days.
 */
function queueFilterSchema<const S extends readonly string[]>(statuses: S) {
  return z.object({
    status: z.enum(["open", "all", ...statuses] as unknown as readonly [string, ...string[]], { error: "errors.invalid" }).default("open")
      .transform((v) => v as "open" | "all" | S[number]),
    q: optionalText(60),
    from: isoDate.optional(),
    to: isoDate.optional(),
  }).refine((f) => !f.from || !f.to || f.from <= f.to, { path: ["to"], message: "financing.queue.rangeInvalid" });
}
export const BankQueueFilterSchema = queueFilterSchema(BANK_REVIEW_STATUSES);
export const DeskFilterSchema = queueFilterSchema(DESK_STATUSES);
export type QueueFilter = { status: string; q?: string; from?: string; to?: string };

/** The filter from a query string: empty parameters count as absent. */
export function queueFilterFrom<S extends z.ZodType>(schema: S, params: URLSearchParams) {
  return schema.safeParse(Object.fromEntries(QUEUE_FILTER_KEYS.map((k) => [k, params.get(k)?.trim() || undefined])));
}
