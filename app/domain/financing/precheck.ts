import { annuityState, DEFAULT_ANNUITY_TABLE, type AnnuityTable } from "../annuity";
import { addMonths, termLastDay, type IsoDate } from "../dates";
import { effectiveLegalStatus } from "../legal-status";
import { checkAssetNumber } from "../market/assets";
import { isPatentKind, termYears, type AssetKind, type LegalStatus } from "../terms";
import { parseUscc } from "../uscc";

/**
 * The CNIPA refusal grounds for a pledge registration (DOMAIN.md, 《专利权质押登记办法》) that the
 * platform's data can decide, checked per asset when a draft is made, again before it is submitted and
 * again before registration. Grounds 10 and 11 are refused "unless the parties agree": each party's
 * recorded declaration (`PrecheckAgreement`) lifts them.
 *
 * Each rule returns an outcome with a dictionary key and its parameters; the UI renders it in the
 * reader's language. Parameters named `*Fen` are money in 分 and `*Date`/`*Ends` are dates.
 */
export type PrecheckAsset = {
  id: string;
  kind: AssetKind;
  number: string;
  title: string;
  ownerOrgId: string;
  legalStatus: LegalStatus;
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
  /** Numbers of the applications filed the same day for the same invention-creation (an invention beside a utility model). */
  sameDayApplications: string[];
};

export type ContractParty = { orgId: string; name: string; uscc: string };

/**
 * The pledge contract as the platform holds it: the parties and the secured debt. Before a bank's
 * offer is accepted the pledgee is not known and the debt is the one applied for.
 */
export type PledgeContract = { pledgor: ContractParty; pledgee: ContractParty | null; debtFen: bigint; termMonths: number };

/** Grounds the parties may agree to register despite (grounds 10 and 11). */
export const AGREEABLE_RULES = ["sameDayApplication", "noInvalidation"] as const;
export type AgreeableRule = (typeof AGREEABLE_RULES)[number];
/** A party's recorded declaration that, told of the ground, it agrees to register this asset anyway. */
export type PrecheckAgreement = { assetId: string; rule: AgreeableRule; orgId: string };

export type PrecheckContext = { asOf: IsoDate; contract: PledgeContract; agreements?: readonly PrecheckAgreement[]; annuities?: AnnuityTable };

export const PRECHECK_RULES = [
  "owner", "legalStatus", "granted", "annuity", "disputeOrPreservation", "termWithinExpiry", "contractContent", "coOwnerConsent",
  "notPledged", "sameDayApplication", "noInvalidation", "registerData",
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

const partyComplete = (p: ContractParty) => p.name.trim() !== "" && parseUscc(p.uscc).ok;

/**
 * Grounds 10 and 11: refused unless the parties, told of the ground, agree. Before an offer is accepted
 * only the pledgor can declare (and its declaration lets the application go to the banks); at
 * registration the pledgee must have declared too.
 */
function agreed(rule: AgreeableRule, a: PrecheckAsset, c: PrecheckContext, params: RuleParams): RuleResult {
  const by = (orgId: string | undefined) => !!orgId && (c.agreements ?? []).some((x) => x.assetId === a.id && x.rule === rule && x.orgId === orgId);
  const pledgor = by(c.contract.pledgor.orgId);
  const pledgee = c.contract.pledgee ? by(c.contract.pledgee.orgId) : false;
  if (!c.contract.pledgee) return pledgor ? warn(rule, "agreedByPledgor", params) : fail(rule, "needsAgreement", params);
  if (pledgor && pledgee) return warn(rule, "agreedByBoth", params);
  return fail(rule, pledgor ? "needsPledgee" : pledgee ? "needsPledgor" : "needsAgreement", params);
}

export const precheckRules: Record<PrecheckRule, RuleFn> = {
  /** Ground 1: the pledgor must be the registered owner. */
  owner: (a, c) => (a.ownerOrgId === c.contract.pledgor.orgId ? pass("owner") : fail("owner", "notOwner")),

  /** Ground 2: a lapsed, expired or invalidated right secures nothing — as it stands today, not as last recorded. */
  legalStatus: (a, c) => {
    const status = effectiveLegalStatus(a, c.asOf);
    if (status === "lapsed") return fail("legalStatus", "lapsed");
    if (status === "invalidated") return fail("legalStatus", "invalidated");
    if (status === "expired") return fail("legalStatus", "expired", { expiryDate: a.expiryDate });
    return pass("legalStatus");
  },

  /** Ground 3: only a granted patent (a registered trademark) can be pledged. */
  granted: (a) => (a.legalStatus === "pending" || !a.grantDate ? fail("granted", "notGranted") : pass("granted", "ok", { grantDate: a.grantDate })),

  /**
   * Ground 4: every annuity paid. CNIPA refuses while an annuity is in the late-payment period (滞纳期),
   * so a patent in grace fails until the annuity and its surcharge are recorded as paid.
   */
  annuity: (a, c) => {
    const s = annuityState(a, c.asOf, c.annuities ?? DEFAULT_ANNUITY_TABLE);
    switch (s.state) {
      case "not_applicable": return pass("annuity", "notApplicable");
      case "unknown": return fail("annuity", "unknown");
      case "paid": return pass("annuity", "ok", { paidThroughDate: s.paidThrough, nextDueDate: s.nextDue });
      case "paid_to_term": return pass("annuity", "paidToTerm", { paidThroughDate: s.paidThrough });
      case "grace":
        return fail("annuity", "latePayment", {
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
    const maturity = addMonths(c.asOf, c.contract.termMonths);
    return maturity > a.expiryDate
      ? fail("termWithinExpiry", "outlives", { maturityDate: maturity, expiryDate: a.expiryDate })
      : pass("termWithinExpiry", "ok", { maturityDate: maturity, expiryDate: a.expiryDate });
  },

  /**
   * Ground 7: the contract's required content, as far as the platform holds it — the parties (name and
   * unified social credit code), the kind and amount of the secured debt, the debtor's term, and each
   * right's title, number, filing date and grant date. The pledgee is checked once an offer is accepted.
   */
  contractContent: (a, c) => {
    const k = c.contract;
    if (!partyComplete(k.pledgor)) return fail("contractContent", "pledgor");
    if (k.pledgee && !partyComplete(k.pledgee)) return fail("contractContent", "pledgee");
    if (k.debtFen <= 0n) return fail("contractContent", "debt");
    if (!Number.isInteger(k.termMonths) || k.termMonths < 1) return fail("contractContent", "term");
    if (!a.title.trim() || !a.grantDate) return fail("contractContent", "particulars", { number: a.number });
    const params = { pledgor: k.pledgor.name, debtFen: k.debtFen.toString(), maturityDate: addMonths(c.asOf, k.termMonths) };
    return k.pledgee ? pass("contractContent", "ok", { ...params, pledgee: k.pledgee.name }) : pass("contractContent", "pledgeeLater", params);
  },

  /** Ground 8: a co-owned right needs every co-owner's recorded consent. */
  coOwnerConsent: (a) => {
    if (!a.coOwners.length) return pass("coOwnerConsent", "soleOwner");
    const missing = a.coOwners.filter((o) => !o.consentRecorded).map((o) => o.name);
    return missing.length ? fail("coOwnerConsent", "missing", { names: missing.join("、"), count: missing.length }) : pass("coOwnerConsent", "allConsented", { count: a.coOwners.length });
  },

  /** Ground 9: already pledged (or being transferred). */
  notPledged: (a) => (a.titleLocked ? fail("notPledged", "pledged") : pass("notPledged")),

  /**
   * Ground 10: a utility model with an invention application filed the same day for the same
   * invention-creation (or the invention beside it): one of the two will be given up (Patent Law art. 9),
   * so CNIPA refuses unless the parties agree.
   */
  sameDayApplication: (a, c) => {
    if (a.kind !== "invention" && a.kind !== "utility_model") return pass("sameDayApplication", "notApplicable");
    if (!a.sameDayApplications.length) return pass("sameDayApplication");
    return agreed("sameDayApplication", a, c, { numbers: a.sameDayApplications.join("、") });
  },

  /** Ground 11: invalidation proceedings pending — refused unless the parties agree. */
  noInvalidation: (a, c) => (a.invalidationPending ? agreed("noInvalidation", a, c, {}) : pass("noInvalidation")),

  /**
   * Ground 12, the other non-conformities the data decides: a number whose check character or type
   * digit does not fit, dates out of order (granted before filing, or in the future), and an expiry
   * recorded later than the legal term allows (the pledge's term would be checked against it).
   */
  registerData: (a, c) => {
    if (!checkAssetNumber(a.kind, a.number).ok) return fail("registerData", "number", { number: a.number });
    if (a.grantDate && (a.grantDate < a.filingDate || a.grantDate > c.asOf)) return fail("registerData", "dates", { filingDate: a.filingDate, grantDate: a.grantDate });
    if (isPatentKind(a.kind)) {
      const legal = termLastDay(a.filingDate, termYears(a.kind, a.filingDate));
      if (a.expiryDate > legal) return fail("registerData", "expiryBeyondTerm", { expiryDate: a.expiryDate, legalExpiryDate: legal });
    }
    return pass("registerData");
  },
};

export function precheckAsset(asset: PrecheckAsset, ctx: PrecheckContext): AssetPrecheck {
  const results = PRECHECK_RULES.map((r) => precheckRules[r](asset, ctx));
  return { assetId: asset.id, number: asset.number, ok: results.every((r) => r.outcome !== "fail"), results };
}

/** Every asset, every ground: the report lists all failures, not just the first. */
export function precheck(assets: PrecheckAsset[], ctx: PrecheckContext): PrecheckReport {
  const checked = assets.map((a) => precheckAsset(a, ctx));
  return { ok: checked.length > 0 && checked.every((a) => a.ok), asOf: ctx.asOf, loanMaturity: addMonths(ctx.asOf, ctx.contract.termMonths), assets: checked };
}

export const failures = (report: PrecheckReport) => report.assets.flatMap((a) => a.results.filter((r) => r.outcome === "fail").map((r) => ({ assetId: a.assetId, ...r })));
