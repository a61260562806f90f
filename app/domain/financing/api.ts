import { z } from "zod";
import { isoDate } from "../forms/fields";
import { APPLICATION_STATUSES, BANK_REVIEW_STATUSES, LOAN_STATUSES } from "./lifecycle";
import { DAY_COUNTS, REPAYMENT_METHODS } from "./schedule";

/**
 * The bank API's request and response shapes (one source for validation and for the OpenAPI
 * document). Money is in 分: requests accept an integer or a string of digits, responses always
 * give a string, so amounts beyond 2^53 survive any JSON parser. Messages are dictionary keys.
 */
const fenIn = z.union([z.int().positive({ error: "errors.positive" }), z.string().regex(/^[1-9]\d{0,17}$/, { error: "financing.errors.money" })], { error: "financing.errors.money" })
  .meta({ description: "Amount in 分 (fen): an integer or a string of digits" });
const fenOut = z.string().regex(/^-?\d+$/).meta({ description: "Amount in 分 (fen) as a string of digits" });
const date = isoDate;

export const toFen = (v: number | string) => BigInt(v);

export const ApiDecisionSchema = z.discriminatedUnion("decision", [
  z.object({
    decision: z.literal("approve"),
    amountFen: fenIn,
    termMonths: z.int({ error: "errors.number" }).min(1, { error: "errors.positive" }).max(360, { error: "financing.errors.termTooLong" }),
    spreadBp: z.int({ error: "errors.number" }).min(-300, { error: "errors.invalid" }).max(2000, { error: "errors.invalid" }),
    repaymentMethod: z.enum(REPAYMENT_METHODS, { error: "errors.invalid" }),
    dayCount: z.enum(DAY_COUNTS, { error: "errors.invalid" }).default("monthly")
      .meta({ description: "How interest accrues: `monthly` (annual rate / 12 a month) or `actual_360` (annual rate / 360 an actual day)" }),
    riskSchemeCode: z.string().max(60).optional(),
    conditions: z.string().max(2000, { error: "errors.tooLong" }).optional(),
  }),
  z.object({ decision: z.literal("reject"), reason: z.string({ error: "errors.reasonRequired" }).trim().min(2, { error: "errors.reasonRequired" }).max(1000, { error: "errors.tooLong" }) }),
  z.object({ decision: z.literal("request_info"), message: z.string({ error: "errors.required" }).trim().min(2, { error: "errors.required" }).max(2000, { error: "errors.tooLong" }) }),
], { error: "financing.errors.decision" }).meta({ title: "Decision" });

export const ApiDisbursementSchema = z.object({
  amountFen: fenIn.optional(),
  disbursedOn: date,
  reference: z.string().max(100, { error: "errors.tooLong" }).optional(),
}).meta({ title: "DisbursementRequest" });

export const ApiRegistrationSchema = z.object({
  cnipaNumber: z.string({ error: "errors.required" }).trim().min(4, { error: "errors.required" }).max(60, { error: "errors.tooLong" })
    .meta({ description: "CNIPA's pledge registration number" }),
  registeredOn: date,
}).meta({ title: "RegistrationRequest" });

export const ApiRepaymentSchema = z.object({
  amountFen: fenIn,
  paidOn: date,
  reference: z.string().max(100, { error: "errors.tooLong" }).optional(),
}).meta({ title: "RepaymentRequest" });

export const ApiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.array(z.string())).optional(),
  }),
}).meta({ title: "Error" });

export const ApiValuationSummarySchema = z.object({
  id: z.string(),
  status: z.string(),
  lowFen: fenOut.nullable(),
  baseFen: fenOut.nullable(),
  highFen: fenOut.nullable(),
  validUntil: z.string().nullable(),
  reportUrl: z.string().nullable(),
}).meta({ title: "ValuationSummary" });

export const ApiApplicationSummarySchema = z.object({
  id: z.uuid(),
  status: z.enum(APPLICATION_STATUSES),
  reviewStatus: z.enum(BANK_REVIEW_STATUSES),
  amountFen: fenOut,
  termMonths: z.int(),
  purpose: z.string(),
  enterpriseName: z.string(),
  productId: z.uuid(),
  score: z.int().nullable(),
  submittedAt: z.string().nullable(),
  routedAt: z.string(),
}).meta({ title: "ApplicationSummary" });

export const ApiApplicationSchema = ApiApplicationSummarySchema.extend({
  enterprise: z.object({ name: z.string(), uscc: z.string(), industry: z.string().nullable(), park: z.string().nullable() }),
  assets: z.array(z.object({ id: z.uuid(), kind: z.string(), number: z.string(), title: z.string(), expiryDate: z.string() })),
  /** Licence-royalty receivables pledged beside (or instead of) the assets; registered with the PBoC unified registry. */
  receivables: z.array(z.object({ id: z.uuid(), title: z.string(), licensee: z.string(), outstandingFen: fenOut, pledgeStatus: z.string().nullable(), registryNumber: z.string().nullable() })),
  valuation: ApiValuationSummarySchema.nullable(),
  match: z.object({ eligible: z.boolean(), score: z.int(), ltvCapFen: fenOut.nullable(), reasons: z.unknown() }).nullable(),
  offer: z.object({ id: z.uuid(), amountFen: fenOut, termMonths: z.int(), rateBp: z.int(), spreadBp: z.int(), repaymentMethod: z.enum(REPAYMENT_METHODS), dayCount: z.enum(DAY_COUNTS) }).nullable(),
  loan: z.object({ id: z.uuid(), status: z.enum(LOAN_STATUSES) }).nullable(),
}).meta({ title: "Application" });

export const ApiDecisionResultSchema = z.object({ applicationId: z.uuid(), status: z.enum(APPLICATION_STATUSES), reviewStatus: z.enum(BANK_REVIEW_STATUSES), offerId: z.uuid().optional() }).meta({ title: "DecisionResult" });
export const ApiRegistrationResultSchema = z.object({ applicationId: z.uuid(), status: z.enum(APPLICATION_STATUSES), loanId: z.uuid() }).meta({ title: "Registration" });
export const ApiDisbursementResultSchema = z.object({ loanId: z.uuid(), status: z.enum(LOAN_STATUSES), principalFen: fenOut, instalments: z.int(), maturityDate: z.string() }).meta({ title: "Disbursement" });
export const ApiRepaymentResultSchema = z.object({ id: z.uuid(), loanId: z.uuid(), amountFen: fenOut, paidOn: z.string(), loanStatus: z.enum(LOAN_STATUSES), outstandingFen: fenOut }).meta({ title: "Repayment" });

/** A claim on the loan's loss: name one payer — a fund of the loan's risk-sharing scheme by its code, or the loan's insurance policy. */
export const ApiClaimSchema = z.union([
  z.object({ fundCode: z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).max(60, { error: "errors.tooLong" }).meta({ description: "The fund's code, e.g. sh-guarantee-fund-ip" }) }).strict(),
  z.object({ policyId: z.uuid({ error: "errors.invalid" }).meta({ description: "The loan's pledge-loan guarantee insurance policy" }) }).strict(),
], { error: "fund.errors.pickPayer" }).meta({ title: "ClaimRequest" });

export const ApiClaimResultSchema = z.object({
  id: z.uuid(), loanId: z.uuid(), status: z.enum(["filed", "paid", "rejected", "withdrawn"]), payerKind: z.enum(["fund", "insurer"]),
  netLossFen: fenOut, claimedFen: fenOut, filedAt: z.string(),
}).meta({ title: "Claim" });
