import { z } from "zod";
import { isoDate } from "./fields";
import { FEN_PER_WAN, parseDecimalToFen } from "../campaign-whitelist";
import { parsePercentBp } from "../money";
import { TARGET_METRICS, TARGET_PERIODS, TARGET_SCOPES, TARGET_UNIT, type TargetUnit } from "../targets";
import { usccField } from "./identity";

/** Form schemas of campaigns, events and policy targets (messages are dictionary keys). */
const required = (max = 200) => z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).max(max, { error: "errors.tooLong" });
const optionalText = (max: number) => z.string().trim().max(max, { error: "errors.tooLong" }).optional();
const uuid = z.uuid({ error: "errors.invalid" });
const day = isoDate;

export const FEN_PER_YI = 10_000_000_000n;

/** A decimal amount typed in 万元 (or 亿元) as exact 分. */
const amountIn = (fenPerUnit: bigint, opts: { allowZero?: boolean } = {}) =>
  z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).transform((v, ctx) => {
    const fen = parseDecimalToFen(v, fenPerUnit);
    if (fen === null) {
      ctx.addIssue({ code: "custom", message: "errors.number" });
      return z.NEVER;
    }
    if (fen === 0n && !opts.allowZero) {
      ctx.addIssue({ code: "custom", message: "errors.positive" });
      return z.NEVER;
    }
    return fen;
  });
export const wanAmount = (opts: { allowZero?: boolean } = {}) => amountIn(FEN_PER_WAN, opts);

const ids = z.array(uuid).default([]);

export const CampaignSchema = z
  .object({
    name: required(120),
    description: optionalText(2000),
    startsOn: day,
    endsOn: day,
    targetAmount: wanAmount(),
    targetEnterprises: z.number({ error: "errors.number" }).int({ error: "errors.number" }).min(1, { error: "errors.positive" }).max(100_000, { error: "errors.tooLong" }),
    parkIds: z.array(uuid, { error: "campaign.errors.parkRequired" }).min(1, { error: "campaign.errors.parkRequired" }),
    bankOrgIds: ids,
  })
  .refine((v) => v.endsOn >= v.startsOn, { path: ["endsOn"], message: "campaign.errors.periodInvalid" });
export type CampaignInput = z.output<typeof CampaignSchema>;

export const CampaignBankSchema = z.object({
  intent: z.literal("set-bank"),
  bankOrgId: uuid,
  productIds: ids,
  intendedCreditLine: wanAmount().optional(),
});

export const CampaignActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(["launch", "close", "reopen", "cancel"]) }),
  CampaignBankSchema,
  z.object({ intent: z.literal("remove-bank"), bankOrgId: uuid }),
  z.object({ intent: z.literal("remove-enrolment"), enrolmentId: uuid }),
  z.object({
    intent: z.literal("add-enrolment"),
    enterpriseName: required(120),
    uscc: usccField,
    needAmount: wanAmount(),
    purpose: optionalText(500),
    contactName: optionalText(60),
    contactPhone: z.string().trim().regex(/^[+\d][\d\s-]{5,19}$/, { error: "campaign.import.err.phone" }).optional(),
  }),
]);

export const WhitelistCommitSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("commit"), importId: uuid }),
  z.object({ intent: z.literal("discard"), importId: uuid }),
]);

/** `datetime-local` input (`YYYY-MM-DDTHH:mm`), understood as Shanghai time. */
const localDateTime = z.string({ error: "errors.required" }).trim().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { error: "errors.date" })
  .transform((v, ctx) => {
    const d = new Date(`${v}:00+08:00`);
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: "custom", message: "errors.date" });
      return z.NEVER;
    }
    return d;
  });

export const EventSchema = z.object({
  intent: z.literal("create-event"),
  title: required(120),
  heldAt: localDateTime,
  place: required(200),
  notes: optionalText(2000),
  bankOrgIds: z.array(uuid, { error: "campaign.errors.bankRequired" }).min(1, { error: "campaign.errors.bankRequired" }),
  enrolmentIds: ids,
});

export const MeetingSchema = z.object({
  intent: z.literal("record-meeting"),
  eventId: uuid,
  bankOrgId: uuid,
  enrolmentId: uuid,
  notes: optionalText(1000),
});

export const LetterSchema = z.object({
  intent: z.literal("record-letter"),
  eventId: uuid.optional(),
  bankOrgId: uuid,
  enrolmentId: uuid,
  intendedAmount: wanAmount(),
  signedOn: day,
  notes: optionalText(1000),
});

export const EventActionSchema = z.discriminatedUnion("intent", [EventSchema, MeetingSchema, LetterSchema]);

/**
 * A figure typed in a target metric's unit, to the integer the table stores: 亿元 → 分, a count, a
 * ratio per 10,000 people → hundredths, a yearly growth in % → basis points. Null when it does not parse.
 */
export function parseTargetFigure(unit: TargetUnit, input: string): bigint | null {
  switch (unit) {
    case "fen": return parseDecimalToFen(input, FEN_PER_YI);
    case "count": return /^\d{1,12}$/.test(input.trim()) ? BigInt(input.trim()) : null;
    case "per10k": return parseDecimalToFen(input, 100n);
    case "growthBp": {
      const bp = parsePercentBp(input);
      return bp === null ? null : BigInt(bp);
    }
  }
}

/** The stored integer back to what an admin types (the inverse of `parseTargetFigure`). */
export function targetFigureInput(unit: TargetUnit, v: bigint | null): string {
  if (v === null) return "";
  const decimal = (x: bigint, per: bigint) => {
    const digits = per.toString().length - 1;
    const frac = (x % per).toString().padStart(digits, "0").replace(/0+$/, "");
    return frac ? `${x / per}.${frac}` : String(x / per);
  };
  switch (unit) {
    case "fen": return decimal(v, FEN_PER_YI);
    case "count": return String(v);
    case "per10k": return decimal(v, 100n);
    case "growthBp": return decimal(v, 100n);
  }
}

const year = z.number({ error: "errors.number" }).int({ error: "errors.number" }).min(2000, { error: "errors.invalid" }).max(2100, { error: "errors.invalid" });

export const PolicyTargetSchema = z
  .object({
    id: uuid.optional(),
    code: z.string({ error: "errors.required" }).trim().regex(/^[a-z0-9-]{3,60}$/, { error: "progress.targets.codeInvalid" }),
    metric: z.enum(TARGET_METRICS, { error: "errors.invalid" }).default("pledge_registered"),
    scope: z.enum(TARGET_SCOPES, { error: "errors.invalid" }),
    scopeKey: required(60),
    labelZh: required(120),
    labelEn: required(120),
    period: z.enum(TARGET_PERIODS, { error: "errors.invalid" }),
    fromYear: year,
    toYear: year,
    target: required(30),
    baselineYear: year.optional(),
    baseline: optionalText(30),
    source: optionalText(500),
  })
  .refine((v) => v.toYear >= v.fromYear, { path: ["toYear"], message: "progress.targets.yearsInvalid" })
  .refine((v) => v.period === "cumulative" || v.fromYear === v.toYear, { path: ["toYear"], message: "progress.targets.annualOneYear" })
  .refine((v) => !v.baseline || v.baselineYear !== undefined, { path: ["baselineYear"], message: "errors.required" })
  .transform((v, ctx) => {
    const unit = TARGET_UNIT[v.metric];
    const target = parseTargetFigure(unit, v.target);
    if (target === null || target <= 0n) ctx.addIssue({ code: "custom", path: ["target"], message: target === null ? "errors.number" : "errors.positive" });
    const baseline = v.baseline ? parseTargetFigure(unit, v.baseline) : null;
    if (v.baseline && baseline === null) ctx.addIssue({ code: "custom", path: ["baseline"], message: "errors.number" });
    if (target === null || target <= 0n || (v.baseline && baseline === null)) return z.NEVER;
    const { target: _t, baseline: _b, ...rest } = v;
    return {
      ...rest,
      targetAmount: unit === "fen" ? target : null,
      targetValue: unit === "fen" ? null : target,
      baselineYear: baseline === null ? null : (v.baselineYear ?? null),
      baselineValue: baseline,
    };
  });
export type PolicyTargetInput = z.output<typeof PolicyTargetSchema>;

/** A scope's population in a year (the denominator of per-10,000-people targets). */
export const PopulationSchema = z.object({
  intent: z.literal("population"),
  scope: z.enum(TARGET_SCOPES, { error: "errors.invalid" }),
  scopeKey: required(60),
  year,
  people: z.number({ error: "errors.number" }).int({ error: "errors.number" }).min(1, { error: "errors.positive" }).max(2_000_000_000, { error: "errors.invalid" }),
  source: optionalText(500),
});
export type PopulationInput = z.output<typeof PopulationSchema>;
