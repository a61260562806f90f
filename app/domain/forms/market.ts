import { z } from "zod";
import { isoDate } from "./fields";
import { INDUSTRIES } from "../industries";
import { ASSET_KINDS, AWARDS, LEGAL_STATUSES, checkAssetNumber, expiryDate, isNiceClass, normaliseIpc, splitList, type AssetKind } from "../market/assets";
import { isIsoDate } from "../dates";
import { LISTING_MODES, isLicenceMode } from "../market/listing";
import { hasTechnology, TECH_INCLUDES, TECH_SECTIONS, type TechInclude, type TechSection, type Technology } from "../market/technology";
import { parsePercentBp, parseYuan } from "../money";
import { decodeCursor, MAX_QUERY_LENGTH, SORTS } from "../market/search";
import { PRICE_BANDS } from "../market/facets";
import { parsePatentNumber } from "../patent-number";
import { usccField } from "./identity";

/**
 * Market forms, shared by the pages (Conform), the import (one row = one asset form) and the API.
 * Messages are dictionary keys.
 */
const required = (max = 200) => z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).max(max, { error: "errors.tooLong" });
const optText = (max: number) => z.string().trim().max(max, { error: "errors.tooLong" }).optional();
const truthy = new Set(["on", "true", "1", "yes", "y", "是", "同意", "已同意"]);
const checkbox = z.union([z.boolean(), z.string()]).optional().transform((v) => (typeof v === "boolean" ? v : truthy.has(String(v ?? "").trim().toLowerCase())));
const intField = (min: number, max: number) =>
  z.union([z.number(), z.string()], { error: "errors.required" }).transform((v, ctx) => {
    const s = String(v).trim();
    if (!/^\d{1,6}$/.test(s) || Number(s) < min || Number(s) > max) {
      ctx.addIssue({ code: "custom", message: min > 0 ? "errors.positive" : "errors.number" });
      return z.NEVER;
    }
    return Number(s);
  });
export const yuanField = z.string({ error: "errors.required" }).transform((v, ctx) => {
  const fen = parseYuan(v);
  if (fen === null) {
    ctx.addIssue({ code: "custom", message: "market.errors.amount" });
    return z.NEVER;
  }
  return fen;
});
const percentField = z.string({ error: "errors.required" }).transform((v, ctx) => {
  const bp = parsePercentBp(v);
  if (bp === null || bp < 0 || bp > 10_000) {
    ctx.addIssue({ code: "custom", message: "market.errors.percent" });
    return z.NEVER;
  }
  return bp;
});
export const listField = <T>(parse: (s: string) => T | null, message: string) =>
  z.union([z.string(), z.array(z.string())]).optional().transform((v, ctx) => {
    const items = Array.isArray(v) ? v.flatMap(splitList) : splitList(v);
    const out: T[] = [];
    for (const item of items) {
      const p = parse(item);
      if (p === null) {
        ctx.addIssue({ code: "custom", message, params: { value: item } });
        return z.NEVER;
      }
      if (!out.includes(p)) out.push(p);
    }
    return out;
  });

export const CoOwnerSchema = z.object({
  name: optText(120),
  uscc: usccField.optional(),
  consent: checkbox,
});

export const AssetFormSchema = z
  .object({
    kind: z.enum(ASSET_KINDS, { error: "errors.required" }),
    number: required(40),
    title: required(200),
    titleEn: optText(300),
    abstract: optText(4000),
    abstractEn: optText(6000),
    filingDate: isoDate,
    grantDate: isoDate.optional(),
    legalStatus: z.enum(LEGAL_STATUSES, { error: "errors.invalid" }).default("valid"),
    annuityPaidThrough: isoDate.optional(),
    renewals: intField(0, 20).optional(),
    ipcClasses: listField(normaliseIpc, "market.errors.ipc"),
    niceClasses: listField((s) => (/^\d{1,2}$/.test(s) && isNiceClass(Number(s)) ? Number(s) : null), "market.errors.niceClass"),
    industry: z.enum(INDUSTRIES, { error: "errors.invalid" }).default("other"),
    overseasFamilyCount: intField(0, 999).optional(),
    awards: z.array(z.enum(AWARDS, { error: "errors.invalid" })).optional(),
    coOwners: z.array(CoOwnerSchema).max(10, { error: "errors.tooLong" }).optional(),
    sameDayApplications: listField((s) => { const p = parsePatentNumber(s); return p.ok ? p.value : null; }, "market.errors.sameDayApplication"),
  })
  .superRefine((v, ctx) => {
    // Cross-field rules run even when another field is wrong, so a form shows every problem at once.
    const kind = (ASSET_KINDS as readonly string[]).includes(v.kind) ? (v.kind as AssetKind) : null;
    if (kind && typeof v.number === "string" && v.number) {
      const r = checkAssetNumber(kind, v.number);
      if (!r.ok) ctx.addIssue({ code: "custom", path: ["number"], message: r.error });
      else if (kind !== "trademark" && typeof v.filingDate === "string" && isIsoDate(v.filingDate)) {
        const p = parsePatentNumber(r.value);
        // The number's year is the filing year (PCT national-phase numbers carry the entry year instead).
        if (p.ok && !p.pct && p.filingYear !== Number(v.filingDate.slice(0, 4))) {
          ctx.addIssue({ code: "custom", path: ["filingDate"], message: "market.errors.filingYearMismatch" });
        }
      }
    }
    if (kind === "trademark") {
      if (!v.grantDate) ctx.addIssue({ code: "custom", path: ["grantDate"], message: "market.errors.registrationDateRequired" });
      if (Array.isArray(v.niceClasses) && v.niceClasses.length === 0) ctx.addIssue({ code: "custom", path: ["niceClasses"], message: "market.errors.niceRequired" });
    }
    if (typeof v.grantDate === "string" && typeof v.filingDate === "string" && isIsoDate(v.grantDate) && isIsoDate(v.filingDate) && v.grantDate < v.filingDate) {
      ctx.addIssue({ code: "custom", path: ["grantDate"], message: "market.errors.grantBeforeFiling" });
    }
    if (v.legalStatus === "pending" && v.grantDate && kind !== "trademark") {
      ctx.addIssue({ code: "custom", path: ["legalStatus"], message: "market.errors.pendingWithGrant" });
    }
    // A same-day application is the other kind (invention ↔ utility model) filed in the same year (Patent Law art. 9).
    const counterpart = kind === "invention" ? "utility_model" : kind === "utility_model" ? "invention" : null;
    for (const n of Array.isArray(v.sameDayApplications) ? v.sameDayApplications : []) {
      const p = parsePatentNumber(n);
      const year = typeof v.filingDate === "string" && isIsoDate(v.filingDate) ? Number(v.filingDate.slice(0, 4)) : null;
      if (!p.ok || !counterpart || p.kind !== counterpart || (year !== null && !p.pct && p.filingYear !== year)) {
        ctx.addIssue({ code: "custom", path: ["sameDayApplications"], message: "market.errors.sameDayApplication" });
        break;
      }
    }
    for (const [i, c] of (Array.isArray(v.coOwners) ? v.coOwners : []).entries()) {
      if (!c?.name && c?.uscc) ctx.addIssue({ code: "custom", path: ["coOwners", i, "name"], message: "errors.required" });
    }
  }, { when: () => true })
  .transform((v) => {
    const number = checkAssetNumber(v.kind, v.number);
    return {
      kind: v.kind,
      number: number.ok ? number.value : v.number,
      title: v.title,
      titleEn: v.titleEn ?? null,
      abstract: v.abstract ?? null,
      abstractEn: v.abstractEn ?? null,
      filingDate: v.filingDate,
      grantDate: v.grantDate ?? null,
      renewals: v.kind === "trademark" ? (v.renewals ?? 0) : 0,
      expiryDate: expiryDate({ kind: v.kind, filingDate: v.filingDate, registrationDate: v.grantDate, renewals: v.kind === "trademark" ? (v.renewals ?? 0) : 0 })!,
      legalStatus: v.legalStatus,
      annuityPaidThrough: v.kind === "trademark" ? null : (v.annuityPaidThrough ?? null),
      ipcClasses: v.kind === "trademark" ? [] : (v.ipcClasses ?? []),
      niceClasses: v.kind === "trademark" ? (v.niceClasses ?? []) : [],
      industry: v.industry,
      overseasFamilyCount: v.overseasFamilyCount ?? 0,
      awards: v.awards ?? [],
      coOwners: (v.coOwners ?? []).filter((c) => c.name).map((c) => ({ name: c.name!, uscc: c.uscc ?? null, consentRecorded: c.consent })),
      sameDayApplications: v.kind === "invention" || v.kind === "utility_model" ? (v.sameDayApplications ?? []) : [],
    };
  });
export type AssetInput = z.output<typeof AssetFormSchema>;

export const LISTING_INTENTS = ["draft", "submit"] as const;

/** The technology description's fields: `techProblem`, `techProblemEn`, …, `trl`, `includes`. */
const techFields = {
  ...Object.fromEntries(TECH_SECTIONS.flatMap((s) => {
    const name = `tech${s[0]!.toUpperCase()}${s.slice(1)}`;
    return [[name, optText(2000)], [`${name}En`, optText(3000)]];
  })) as Record<`tech${Capitalize<TechSection>}` | `tech${Capitalize<TechSection>}En`, ReturnType<typeof optText>>,
  trl: intField(1, 9).optional(),
  includes: listField((s) => ((TECH_INCLUDES as readonly string[]).includes(s) ? (s as TechInclude) : null), "errors.invalid"),
};

function technologyOf(v: Record<string, unknown>): Technology | null {
  const t: Technology = { zh: {}, en: {}, trl: (v.trl as number | undefined) ?? null, includes: (v.includes as TechInclude[] | undefined) ?? [] };
  for (const s of TECH_SECTIONS) {
    const name = `tech${s[0]!.toUpperCase()}${s.slice(1)}`;
    if (v[name]) t.zh[s] = v[name] as string;
    if (v[`${name}En`]) t.en[s] = v[`${name}En`] as string;
  }
  return hasTechnology(t) ? t : null;
}

export const ListingFormSchema = z
  .object({
    assetIds: z.array(z.uuid({ error: "errors.invalid" })).min(1, { error: "market.errors.noAssets" }).max(20, { error: "market.errors.bundleTooLarge" }),
    mode: z.enum(LISTING_MODES, { error: "errors.required" }),
    title: required(200),
    titleEn: optText(300),
    description: optText(4000),
    priceMode: z.enum(["fixed", "negotiable"], { error: "errors.invalid" }).default("negotiable"),
    askingPrice: yuanField.optional(),
    openFee: yuanField.optional(),
    royaltyPercent: percentField.optional(),
    termMonths: intField(1, 600).optional(),
    territory: optText(200),
    evaluationReport: checkbox,
    ...techFields,
    intent: z.enum(LISTING_INTENTS).default("submit"),
  })
  .superRefine((v, ctx) => {
    if (v.mode === "open_licence") {
      if (v.openFee === undefined && v.royaltyPercent === undefined) ctx.addIssue({ code: "custom", path: ["openFee"], message: "market.errors.openTermsRequired" });
      if (!v.territory) ctx.addIssue({ code: "custom", path: ["territory"], message: "errors.required" });
    } else if (v.priceMode === "fixed" && v.askingPrice === undefined) {
      ctx.addIssue({ code: "custom", path: ["askingPrice"], message: "market.errors.priceRequired" });
    }
    if (typeof v.mode === "string" && isLicenceMode(v.mode) && v.termMonths === undefined) {
      ctx.addIssue({ code: "custom", path: ["termMonths"], message: "market.errors.termRequired" });
    }
  }, { when: () => true })
  .transform((v) => ({
    ...v,
    askingPriceFen: v.mode === "open_licence" || v.priceMode === "negotiable" ? null : (v.askingPrice ?? null),
    openFeeFen: v.mode === "open_licence" ? (v.openFee ?? null) : null,
    royaltyBp: v.royaltyPercent ?? null,
    termMonths: v.mode === "transfer" ? null : (v.termMonths ?? null),
    territory: v.territory ?? null,
    titleEn: v.titleEn ?? null,
    description: v.description ?? null,
    technology: technologyOf(v),
  }));
export type ListingInput = z.output<typeof ListingFormSchema>;

const dealId = z.uuid({ error: "errors.invalid" });
const terms = {
  price: yuanField,
  royaltyPercent: percentField.optional(),
  termMonths: intField(1, 600).optional(),
  startDate: isoDate.optional(),
  message: optText(1000),
  /** Instalment terms (all three or none; the service checks): the licensor's receivable. */
  instalmentCount: intField(1, 120).optional(),
  instalmentMonths: intField(1, 12).optional(),
  instalmentAmount: yuanField.optional(),
};

export const OfferSchema = z.object({ intent: z.literal("offer"), listingId: z.uuid({ error: "errors.invalid" }), ...terms });
export const AcceptOpenLicenceSchema = z.object({ intent: z.literal("acceptOpen"), listingId: z.uuid({ error: "errors.invalid" }), agree: z.literal("on", { error: "market.errors.agreeRequired" }) });
export const MarketListingActionSchema = z.discriminatedUnion("intent", [OfferSchema, AcceptOpenLicenceSchema]);

export const DealActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("accept"), dealId }),
  z.object({ intent: z.literal("decline"), dealId, reason: optText(500) }),
  z.object({ intent: z.literal("cancel"), dealId, reason: optText(500) }),
  z.object({ intent: z.literal("counter"), dealId, ...terms }),
  z.object({ intent: z.literal("pay"), dealId }),
  z.object({ intent: z.literal("reportTransfer"), dealId, reference: optText(120) }),
]);

export const ListingActionSchema = z.object({
  intent: z.enum(["submit", "pause", "resume", "close", "withdraw"], { error: "errors.invalid" }),
  listingId: z.uuid({ error: "errors.invalid" }),
});

const reason = z.string({ error: "errors.reasonRequired" }).trim().min(2, { error: "errors.reasonRequired" }).max(500, { error: "errors.tooLong" });
export const ListingReviewSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), listingId: z.uuid({ error: "errors.invalid" }) }),
  z.object({ intent: z.literal("reject"), listingId: z.uuid({ error: "errors.invalid" }), reason }),
]);
export const DealReviewSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), dealId }),
  z.object({ intent: z.literal("reject"), dealId, reason }),
  z.object({ intent: z.literal("confirmPayment"), dealId, reference: optText(120) }),
]);

/** Market filters, for the page and the public API alike. Prices are integer 分. */
const fenParam = z.string({ error: "errors.required" }).transform((v, ctx) => {
  if (!/^\d{1,15}$/.test(v.trim())) {
    ctx.addIssue({ code: "custom", message: "market.errors.fenParam" });
    return z.NEVER;
  }
  return BigInt(v.trim());
});
export const MarketQuerySchema = z
  .object({
    q: z.string().max(MAX_QUERY_LENGTH, { error: "errors.tooLong" }).optional(),
    kind: z.enum(ASSET_KINDS, { error: "errors.invalid" }).optional(),
    mode: z.enum(LISTING_MODES, { error: "errors.invalid" }).optional(),
    industry: z.enum(INDUSTRIES, { error: "errors.invalid" }).optional(),
    park: z.uuid({ error: "errors.invalid" }).optional(),
    minPrice: fenParam.optional(),
    maxPrice: fenParam.optional(),
    band: z.enum(PRICE_BANDS, { error: "errors.invalid" }).optional(),
    highValue: z.enum(["1", "true", "on", "0", "false"], { error: "errors.invalid" }).optional().transform((v) => v === "1" || v === "true" || v === "on"),
    sort: z.enum(SORTS, { error: "errors.invalid" }).default("newest"),
    cursor: z.string().optional().transform((v, ctx) => {
      if (v === undefined) return null;
      const c = decodeCursor(v);
      if (!c) {
        ctx.addIssue({ code: "custom", message: "market.errors.cursor" });
        return z.NEVER;
      }
      return c;
    }),
    limit: intField(1, 50).optional(),
  })
  .superRefine((v, ctx) => {
    if (typeof v.minPrice === "bigint" && typeof v.maxPrice === "bigint" && v.minPrice > v.maxPrice) {
      ctx.addIssue({ code: "custom", path: ["maxPrice"], message: "market.errors.priceRange" });
    }
  });
export type MarketQuery = z.output<typeof MarketQuerySchema>;

export const MARKET_QUERY_PARAMS = ["q", "kind", "mode", "industry", "park", "minPrice", "maxPrice", "band", "highValue", "sort", "cursor", "limit"];

/** Query-string parameters as the schema expects them: blanks dropped, unknown names ignored. */
export function queryParams(params: URLSearchParams, names = MARKET_QUERY_PARAMS): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = params.get(n);
    if (v !== null && v.trim() !== "") out[n] = v;
  }
  return out;
}
