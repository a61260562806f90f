import { isActiveOrg, isOrgKind, isPlatformAdmin, sameOrg, type Actor, type Decision, type Rule } from "./types";

/**
 * Public money. Insurers see only their own products and policies and the loans or deals those
 * cover; a fund administrator (a member of a `fund` organisation) only the claims on the funds it
 * administers and the loans behind them. Subsidies are decided by platform admins (the district's or
 * park's IP service centre) and applied for by enterprises. Anything an actor may not see answers
 * "not-found".
 */
export type SubsidyApplicationRef = { enterpriseOrgId: string };
export type FundRef = { adminOrgId: string | null };
/** `payerOrgId`: the fund's administering organisation, or the insurer. */
export type ClaimRef = { bankOrgId: string; enterpriseOrgId: string; payerOrgId: string | null; payerKind: "fund" | "insurer" };
export type LoanCoverRef = { bankOrgId: string; enterpriseOrgId: string; payerOrgIds: readonly string[] };
export type ProductRef = { insurerOrgId: string };
export type PolicyRef = { insurerOrgId: string; insuredOrgId: string; beneficiaryOrgId: string };
export type ReceivableRef = { licensorOrgId: string; licenseeOrgId: string; pledgeeOrgIds: readonly string[] };

const activeUser = (a: Actor, ...kinds: Parameters<typeof isOrgKind>[1][]) => a.type === "user" && isActiveOrg(a) && isOrgKind(a, ...kinds);
const active = (a: Actor, ...kinds: Parameters<typeof isOrgKind>[1][]) => isActiveOrg(a) && isOrgKind(a, ...kinds);
const adminOnly: Rule = (a) => (isPlatformAdmin(a) ? true : "forbidden");
const seeOr = (visible: boolean, allowed: boolean): Decision => (allowed ? true : visible ? "forbidden" : "not-found");

const seesClaim = (a: Actor, c: ClaimRef) =>
  isPlatformAdmin(a) || (active(a, "bank") && sameOrg(a, c.bankOrgId)) || (active(a, c.payerKind === "fund" ? "fund" : "insurer") && sameOrg(a, c.payerOrgId));
const seesPolicy = (a: Actor, p: PolicyRef) =>
  isPlatformAdmin(a) || (active(a, "insurer") && sameOrg(a, p.insurerOrgId)) || (isActiveOrg(a) && (sameOrg(a, p.insuredOrgId) || sameOrg(a, p.beneficiaryOrgId)));
const seesReceivable = (a: Actor, r: ReceivableRef) =>
  isPlatformAdmin(a) || (isActiveOrg(a) && (sameOrg(a, r.licensorOrgId) || sameOrg(a, r.licenseeOrgId))) || (active(a, "bank") && r.pledgeeOrgIds.some((b) => sameOrg(a, b)));

export const publicMoneyRules = {
  "subsidy.programme.manage": adminOnly,
  "subsidy.dashboard": adminOnly,
  /** Enterprises see the open programmes with their own eligible amounts, and apply. */
  "subsidy.apply": ((a) => (activeUser(a, "enterprise") ? true : "forbidden")) as Rule,
  "subsidy.application.view": ((a, r: SubsidyApplicationRef) => (isPlatformAdmin(a) || (active(a, "enterprise") && sameOrg(a, r.enterpriseOrgId)) ? true : "not-found")) as Rule<SubsidyApplicationRef>,
  "subsidy.application.withdraw": ((a, r: SubsidyApplicationRef) =>
    seeOr(isPlatformAdmin(a) || sameOrg(a, r.enterpriseOrgId), activeUser(a, "enterprise") && sameOrg(a, r.enterpriseOrgId))) as Rule<SubsidyApplicationRef>,
  "subsidy.application.decide": adminOnly,

  "fund.manage": adminOnly,
  /** A fund's dashboard and queue: its administrator and platform admins. */
  "fund.view": ((a, f: FundRef) => (isPlatformAdmin(a) || (active(a, "fund") && sameOrg(a, f.adminOrgId)) ? true : "not-found")) as Rule<FundRef>,
  "fund.queue": ((a) => (active(a, "fund") ? true : "forbidden")) as Rule,
  "claim.view": ((a, c: ClaimRef) => (seesClaim(a, c) ? true : "not-found")) as Rule<ClaimRef>,
  /** Filed by the lending bank (web or API key). */
  "claim.file": ((a, l: { bankOrgId: string; enterpriseOrgId: string }) => {
    const visible = isPlatformAdmin(a) || sameOrg(a, l.enterpriseOrgId) || (active(a, "bank") && sameOrg(a, l.bankOrgId));
    return seeOr(visible, active(a, "bank") && sameOrg(a, l.bankOrgId));
  }) as Rule<{ bankOrgId: string; enterpriseOrgId: string }>,
  "claim.withdraw": ((a, c: ClaimRef) => seeOr(seesClaim(a, c), active(a, "bank") && sameOrg(a, c.bankOrgId))) as Rule<ClaimRef>,
  /** Paid or rejected by the payer's own people: the fund's administrator or the insurer (not by an API key). */
  "claim.decide": ((a, c: ClaimRef) =>
    seeOr(seesClaim(a, c), a.type === "user" && active(a, c.payerKind === "fund" ? "fund" : "insurer") && sameOrg(a, c.payerOrgId))) as Rule<ClaimRef>,
  /** A loan's ledger: the lending bank, admins, and the funds and insurers with a claim or policy on it. */
  "loan.ledger.view": ((a, l: LoanCoverRef) =>
    isPlatformAdmin(a) || (active(a, "bank") && sameOrg(a, l.bankOrgId)) || (active(a, "fund", "insurer") && l.payerOrgIds.some((p) => sameOrg(a, p))) ? true : "not-found") as Rule<LoanCoverRef>,

  "insurance.product.manage": ((a, p?: ProductRef) => {
    if (!activeUser(a, "insurer")) return "forbidden";
    return p && !sameOrg(a, p.insurerOrgId) ? "not-found" : true;
  }) as Rule<ProductRef | undefined>,
  "insurance.queue": ((a) => (activeUser(a, "insurer") ? true : "forbidden")) as Rule,
  /** A verified enterprise (the borrower or licensee) or bank (the lender) asks an insurer for cover. */
  "insurance.policy.request": ((a) => (activeUser(a, "enterprise", "bank") ? true : "forbidden")) as Rule,
  "insurance.policy.view": ((a, p: PolicyRef) => (seesPolicy(a, p) ? true : "not-found")) as Rule<PolicyRef>,
  "insurance.policy.issue": ((a, p: PolicyRef) => seeOr(seesPolicy(a, p), activeUser(a, "insurer") && sameOrg(a, p.insurerOrgId))) as Rule<PolicyRef>,
  "insurance.progress": adminOnly,

  "receivable.view": ((a, r: ReceivableRef) => (seesReceivable(a, r) ? true : "not-found")) as Rule<ReceivableRef>,
  /** The licensor records an offline receipt; the licensee pays online. */
  "receivable.record-receipt": ((a, r: ReceivableRef) => seeOr(seesReceivable(a, r), activeUser(a, "enterprise", "university") && sameOrg(a, r.licensorOrgId))) as Rule<ReceivableRef>,
  "receivable.pay": ((a, r: ReceivableRef) => seeOr(seesReceivable(a, r), activeUser(a, "enterprise", "university") && sameOrg(a, r.licenseeOrgId))) as Rule<ReceivableRef>,
  /** The unified-registry filing of a pledged receivable: its pledgee bank (or an admin) prepares and records it. */
  "receivable.registry": ((a, r: ReceivableRef) => seeOr(seesReceivable(a, r), isPlatformAdmin(a) || (active(a, "bank") && r.pledgeeOrgIds.some((b) => sameOrg(a, b))))) as Rule<ReceivableRef>,
} satisfies Record<string, Rule<never>>;
