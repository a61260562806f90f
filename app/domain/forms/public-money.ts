import { z } from "zod";
import { isoDate, optionalIsoDate } from "./fields";
import { parsePercentBp, parseYuan } from "../money";
import { INSURANCE_KINDS } from "../public-money/insurance";
import { SUBSIDY_BASES, SUBSIDY_CONDITIONS, SUBSIDY_DOCUMENTS, SUBSIDY_KINDS } from "../public-money/subsidy";
import { LOSS_BASES, FUND_MODELS } from "../public-money/claims";
import { optionalText, text, yuanField } from "./financing";

/** Form schemas of the public-money pages (subsidies, funds and claims, insurance, royalties). Messages are dictionary keys. */
export { isoDate };
const optionalDate = optionalIsoDate;
const percentBp = z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).transform((v, ctx) => {
  const bp = parsePercentBp(v);
  if (bp === null || bp < 0 || bp > 10_000) {
    ctx.addIssue({ code: "custom", message: "subsidy.errors.percent" });
    return z.NEVER;
  }
  return bp;
});
const optionalPercentBp = z.string().trim().optional().transform((v, ctx) => {
  if (!v) return null;
  const bp = parsePercentBp(v);
  if (bp === null || bp < 0 || bp > 10_000) {
    ctx.addIssue({ code: "custom", message: "subsidy.errors.percent" });
    return z.NEVER;
  }
  return bp;
});
/** 元 that may be zero (a budget of nothing yet, an amount approved in part down to zero is a rejection instead). */
const yuanOrZero = z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).transform((v, ctx) => {
  const fen = parseYuan(v);
  if (fen === null) {
    ctx.addIssue({ code: "custom", message: "financing.errors.money" });
    return z.NEVER;
  }
  return fen;
});
const int = (min: number, max: number) => z.number({ error: "errors.number" }).int({ error: "errors.number" }).min(min, { error: "errors.invalid" }).max(max, { error: "errors.invalid" });
const list = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(item));
const reason = z.string({ error: "errors.reasonRequired" }).trim().min(2, { error: "errors.reasonRequired" }).max(1000, { error: "errors.tooLong" });
const uuid = z.uuid({ error: "errors.invalid" });

export const ProgrammeSchema = z
  .object({
    code: z.string({ error: "errors.required" }).trim().regex(/^[a-z0-9][a-z0-9-]{1,59}$/, { error: "subsidy.errors.code" }),
    nameZh: text(120),
    nameEn: text(200),
    issuer: text(120),
    district: optionalText(60),
    kind: z.enum(SUBSIDY_KINDS, { error: "errors.invalid" }),
    basis: z.enum(SUBSIDY_BASES, { error: "errors.invalid" }),
    share: percentBp,
    boostedShare: optionalPercentBp,
    ceilingMarkup: optionalPercentBp,
    cap: yuanField,
    maxMonths: int(1, 120).optional(),
    conditions: list(z.enum(SUBSIDY_CONDITIONS, { error: "errors.invalid" })),
    parkIds: list(uuid),
    whitelist: z.string().optional().transform((v) => (v ?? "").split(/[\s,，、;；]+/).map((s) => s.trim().toUpperCase()).filter(Boolean)),
    documents: list(z.enum(SUBSIDY_DOCUMENTS, { error: "errors.invalid" })),
    periodStart: isoDate,
    periodEnd: isoDate,
    opensOn: isoDate,
    closesOn: isoDate,
    budget: yuanOrZero,
  })
  .refine((v) => v.periodEnd >= v.periodStart, { path: ["periodEnd"], message: "subsidy.errors.dateOrder" })
  .refine((v) => v.closesOn >= v.opensOn, { path: ["closesOn"], message: "subsidy.errors.dateOrder" })
  .refine((v) => (v.kind === "interest") === (v.basis !== "fee_paid"), { path: ["basis"], message: "subsidy.errors.basisForKind" });
export type ProgrammeInput = z.output<typeof ProgrammeSchema>;

export const SubsidyDecisionSchema = z.discriminatedUnion("intent", [
  /** Approve in full (amount = requested) or in part (a smaller amount, with a reason). */
  z.object({ intent: z.literal("approve"), applicationId: uuid, amount: yuanField, reason: optionalText(1000) }),
  z.object({ intent: z.literal("reject"), applicationId: uuid, reason }),
  z.object({ intent: z.literal("pay"), applicationId: uuid, paidOn: isoDate, reference: text(100) }),
]);

export const ValuationFeeSchema = z.object({ payee: text(120), invoiceNumber: text(60), amount: yuanField, paidOn: isoDate });

export const FundSchema = z.object({
  code: z.string({ error: "errors.required" }).trim().regex(/^[a-z0-9][a-z0-9-]{1,59}$/, { error: "subsidy.errors.code" }),
  nameZh: text(120),
  nameEn: text(200),
  schemeCode: text(60),
  adminOrgId: uuid.optional(),
  party: z.enum(["fund", "guarantor"], { error: "errors.invalid" }),
  model: z.enum(FUND_MODELS, { error: "errors.invalid" }),
  triggerOverdueMonths: int(0, 36),
  covers: z.enum(LOSS_BASES, { error: "errors.invalid" }),
  capPerLoan: yuanField.optional(),
  size: yuanField.optional(),
});
export type FundInput = z.output<typeof FundSchema>;

/** A bank files a claim on one payer: a fund (by code) or an insurance policy. */
export const ClaimFileSchema = z.union([z.object({ fundCode: text(60) }), z.object({ policyId: uuid })], { error: "fund.errors.pickPayer" });
export const ClaimDecisionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("pay"), amount: yuanField, paidOn: isoDate, reference: text(100), reason: optionalText(1000) }),
  z.object({ intent: z.literal("reject"), reason }),
]);
export const RecoverySchema = z.object({ amount: yuanField, receivedOn: isoDate, reference: text(100) });

export const InsuranceProductSchema = z.object({
  kind: z.enum(INSURANCE_KINDS, { error: "errors.invalid" }),
  name: text(120),
  description: optionalText(1000),
  premiumRate: percentBp,
  share: percentBp,
  maxCover: yuanField,
});
export type InsuranceProductInput = z.output<typeof InsuranceProductSchema>;

export const PolicyRequestSchema = z.object({
  productId: uuid,
  subject: z.string({ error: "errors.required" }).regex(/^(loan|deal):[0-9a-f-]{36}$/, { error: "errors.invalid" }),
  cover: yuanField,
});
export const PolicyIssueSchema = z.object({
  policyNumber: z.string({ error: "errors.required" }).trim().min(4, { error: "errors.required" }).max(60, { error: "errors.tooLong" }),
  cover: yuanField,
  startsOn: isoDate,
  endsOn: isoDate,
  premiumPaidOn: isoDate,
}).refine((v) => v.endsOn > v.startsOn, { path: ["endsOn"], message: "subsidy.errors.dateOrder" });
export type PolicyIssueInput = z.output<typeof PolicyIssueSchema>;
export const PolicyDeclineSchema = z.object({ reason });

export const ReceiptSchema = z.object({ amount: yuanField, receivedOn: isoDate, reference: text(100) });
export const RegistryRecordSchema = z.object({ registryNumber: z.string({ error: "errors.required" }).trim().min(4, { error: "errors.required" }).max(60, { error: "errors.tooLong" }), registeredOn: isoDate });

export { optionalDate };
