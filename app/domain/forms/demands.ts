import { z } from "zod";
import { isoDate } from "./fields";
import { listField, yuanField } from "./market";
import { INDUSTRIES } from "../industries";
import { normaliseIpc } from "../market/assets";
import { DEMAND_VISIBILITIES, PROPOSAL_FEEDBACK } from "../market/demand";

/** Demand forms: the page and the action share these; messages are dictionary keys. */
const required = (max: number) => z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).max(max, { error: "errors.tooLong" });
const optText = (max: number) => z.string().trim().max(max, { error: "errors.tooLong" }).optional().transform((v) => v || null);
export const MAX_KEYWORDS = 10;

export const DemandFormSchema = z.object({
  title: required(120),
  titleEn: optText(240),
  problem: required(4000),
  problemEn: optText(6000),
  industry: z.enum(INDUSTRIES, { error: "errors.invalid" }).default("other"),
  ipcClasses: listField(normaliseIpc, "market.errors.ipc").transform((v) => v ?? []),
  keywords: listField((s) => (s.length <= 30 ? s : null), "demand.errors.keyword").transform((v, ctx) => {
    const list = v ?? [];
    if (list.length === 0) ctx.addIssue({ code: "custom", message: "demand.errors.keywordsRequired" });
    if (list.length > MAX_KEYWORDS) ctx.addIssue({ code: "custom", message: "demand.errors.tooManyKeywords" });
    return list;
  }),
  /** Empty: to be negotiated. */
  budget: z.string().optional().transform((v) => (v && v.trim() ? v.trim() : undefined)).pipe(yuanField.optional()).transform((v) => v ?? null),
  deadline: isoDate,
  visibility: z.enum(DEMAND_VISIBILITIES, { error: "errors.invalid" }).default("public"),
});
export type DemandInput = z.output<typeof DemandFormSchema>;

const emptyAsUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** The demand list's filters (a query string): a keyword and an industry. */
export const DemandListQuerySchema = z.object({
  q: z.preprocess(emptyAsUndefined, z.string().trim().max(60, { error: "errors.tooLong" }).optional()),
  industry: z.preprocess(emptyAsUndefined, z.enum(INDUSTRIES, { error: "errors.invalid" }).optional()),
});
export type DemandListQuery = z.output<typeof DemandListQuerySchema>;

/** The demand page's forms, told apart by `intent`. */
export const DemandPageIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("publish") }),
  z.object({ intent: z.literal("close") }),
  z.object({ intent: z.literal("feedback"), proposalId: z.uuid({ error: "errors.invalid" }), feedback: z.enum(PROPOSAL_FEEDBACK, { error: "errors.invalid" }) }),
  z.object({
    intent: z.literal("answer"),
    listingId: z.string().optional().transform((v) => v || null).pipe(z.uuid({ error: "errors.invalid" }).nullable()),
    message: z.string().trim().max(2000, { error: "errors.tooLong" }).default(""),
  }),
  z.object({ intent: z.literal("challenge"), campaignId: z.uuid({ error: "errors.required" }), challengeDeadline: isoDate }),
  z.object({ intent: z.literal("solver"), answerId: z.uuid({ error: "errors.invalid" }) }),
]);
export type DemandPageIntent = z.output<typeof DemandPageIntentSchema>;
