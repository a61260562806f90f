import { annuityState, DEFAULT_ANNUITY_TABLE, type AnnuityTable } from "../annuity";
import type { AssetKind } from "../terms";
import { addMonths, type IsoDate } from "../dates";

/**
 * The CNIPA refusal grounds for a pledge registration (DOMAIN.md) that the platform's data can
 * decide, checked per asset before an application is submitted and again before registration.
 * Grounds 7 (contract content), 10 (same-day utility model and invention) and 12 (other
 * non-conformity) need the documents, so the registry decides them.
 *
 * Each rule returns an outcome with a dictionary key and its parameters; the UI renders it in the
 * reader's language. Parameters named `*Fen` are money in 分 and `*Date`/`*Ends` are dates.
 */
export type PrecheckAsset = {
  id: string;
  kind: AssetKind;
  number: string;
  ownerOrgId: string;
  legalStatus: "pending" | "valid" | "lapsed" | "expired" | "invalidated";
  filingDate: IsoDate;
  grantDate: IsoDate | null;
  expiryDate: IsoDate;
  annuityPaidThrough: IsoDate | null;
  coOwners: Array<{ name: string; consentRecorded: boolean }>;
  disputeFlag: boolean;
  preservationFlag: boolean;
  invalidationPending: boolean;
  /** A pending or active pledge or transfer already binds the title (other than this application's own). */
  titleLocked: boolean;
};

export type PrecheckContext = { pledgorOrgId: string; termMonths: number; asOf: IsoDate; annuities?: AnnuityTable };

export const PRECHECK_RULES = [
  "owner", "legalStatus", "granted", "annuity", "disputeOrPreservation", "termWithinExpiry", "coOwnerConsent",
  "notPledged", "noInvalidation",
] as const;
export type PrecheckRule = (typeof PRECHECK_RULES)[number];

export type Outcome = "pass" | "warn" | "fail";
export type RuleParams = Record<string, string | number>;
export type RuleResult = { rule: PrecheckRule; outcome: Outcome; key: string; params: RuleParams };
export type AssetPrecheck = { assetId: string; number: string; ok: boolean; results: RuleResult[] };
export type PrecheckReport = { ok: boolean; asOf: IsoDate; loanMaturity: IsoDate; assets: AssetPrecheck[] };

const K = "financing.precheck";
const pass = (rule: PrecheckRule, variant = "ok", params: RuleParams = {}): RuleResult => ({ rule, outcome: "pass", key: `${K}.${rule}.${variant}`, params });
const warn = (rule: PrecheckRule, variant: string, params: RuleParams = {}): RuleResult => ({ rule, outcome: "warn", key: `${K}.${rule}.${variant}`, params });
const fail = (rule: PrecheckRule, variant: string, params: RuleParams = {}): RuleResult => ({ rule, outcome: "fail", key: `${K}.${rule}.${variant}`, params });

type RuleFn = (a: PrecheckAsset, c: PrecheckContext) => RuleResult;

export const precheckRules: Record<PrecheckRule, RuleFn> = {
  /** Ground 1: the pledgor must be the registered owner. */
  owner: (a, c) => (a.ownerOrgId === c.pledgorOrgId ? pass("owner") : fail("owner", "notOwner")),

  /** Ground 2: a lapsed, expired or invalidated right secures nothing. */
  legalStatus: (a) => {
    if (a.legalStatus === "lapsed") return fail("legalStatus", "lapsed");
    if (a.legalStatus === "invalidated") return fail("legalStatus", "invalidated");
    if (a.legalStatus === "expired") return fail("legalStatus", "expired", { expiryDate: a.expiryDate });
    return pass("legalStatus");
  },

  /** Ground 3: only a granted patent (a registered trademark) can be pledged. */
  granted: (a) => (a.legalStatus === "pending" || !a.grantDate ? fail("granted", "notGranted") : pass("granted", "ok", { grantDate: a.grantDate })),

  /** Ground 4: annuities paid; within the 6-month grace period allowed with the surcharge shown. */
  annuity: (a, c) => {
    const s = annuityState(a, c.asOf, c.annuities ?? DEFAULT_ANNUITY_TABLE);
    switch (s.state) {
      case "not_applicable": return pass("annuity", "notApplicable");
      case "unknown": return fail("annuity", "unknown");
      case "paid": return pass("annuity", "ok", { paidThroughDate: s.paidThrough, nextDueDate: s.nextDue });
      case "grace":
        return warn("annuity", "grace", {
          dueDate: s.dueDate, patentYear: s.patentYear, graceMonth: s.graceMonth, annuityFen: s.annuityFen.toString(),
          surchargePercent: s.surchargeBp / 100, surchargeFen: s.surchargeFen.toString(), graceEnds: s.graceEnds,
          totalFen: (s.annuityFen + s.surchargeFen).toString(),
        });
      case "past_grace": return fail("annuity", "pastGrace", { dueDate: s.dueDate, graceEnds: s.graceEnded });
    }
  },

  /** Ground 5: an ownership dispute or a court preservation suspends pledges. */
  disputeOrPreservation: (a) => {
    if (a.disputeFlag && a.preservationFlag) return fail("disputeOrPreservation", "both");
    if (a.disputeFlag) return fail("disputeOrPreservation", "dispute");
    if (a.preservationFlag) return fail("disputeOrPreservation", "preservation");
    return pass("disputeOrPreservation");
  },

  /** Ground 6: the debt may not run past the right's expiry. */
  termWithinExpiry: (a, c) => {
    const maturity = addMonths(c.asOf, c.termMonths);
    return maturity > a.expiryDate
      ? fail("termWithinExpiry", "outlives", { maturityDate: maturity, expiryDate: a.expiryDate })
      : pass("termWithinExpiry", "ok", { maturityDate: maturity, expiryDate: a.expiryDate });
  },

  /** Ground 8: a co-owned right needs every co-owner's recorded consent. */
  coOwnerConsent: (a) => {
    if (!a.coOwners.length) return pass("coOwnerConsent", "soleOwner");
    const missing = a.coOwners.filter((o) => !o.consentRecorded).map((o) => o.name);
    return missing.length ? fail("coOwnerConsent", "missing", { names: missing.join("、"), count: missing.length }) : pass("coOwnerConsent", "allConsented", { count: a.coOwners.length });
  },

  /** Ground 9: already pledged (or being transferred). */
  notPledged: (a) => (a.titleLocked ? fail("notPledged", "pledged") : pass("notPledged")),

  /** Ground 11: invalidation proceedings pending. */
  noInvalidation: (a) => (a.invalidationPending ? fail("noInvalidation", "pending") : pass("noInvalidation")),
};

export function precheckAsset(asset: PrecheckAsset, ctx: PrecheckContext): AssetPrecheck {
  const results = PRECHECK_RULES.map((r) => precheckRules[r](asset, ctx));
  return { assetId: asset.id, number: asset.number, ok: results.every((r) => r.outcome !== "fail"), results };
}

/** Every asset, every ground: the report lists all failures, not just the first. */
export function precheck(assets: PrecheckAsset[], ctx: PrecheckContext): PrecheckReport {
  const checked = assets.map((a) => precheckAsset(a, ctx));
  return { ok: checked.length > 0 && checked.every((a) => a.ok), asOf: ctx.asOf, loanMaturity: addMonths(ctx.asOf, ctx.termMonths), assets: checked };
}

export const failures = (report: PrecheckReport) => report.assets.flatMap((a) => a.results.filter((r) => r.outcome === "fail").map((r) => ({ assetId: a.assetId, ...r })));
