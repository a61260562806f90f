import { isActiveOrg, isOrgKind, isPlatformAdmin, sameOrg, type Actor, type Decision, type Rule } from "./types";

/**
 * Pledge financing. A bank sees only applications submitted or matched to it (and through the
 * API only with its own key); never another bank's offers. Anything an actor may not see answers
 * "not-found", so a foreign application's existence does not leak.
 */
export type ProductRef = { bankOrgId: string };
/** `bankOrgIds`: the banks the application was routed to (a bank review exists for each). */
export type ApplicationRef = { enterpriseOrgId: string; bankOrgIds: readonly string[] };
export type LoanRef = { enterpriseOrgId: string; bankOrgId: string };

const activeBank = (a: Actor) => isActiveOrg(a) && isOrgKind(a, "bank");
const activeEnterprise = (a: Actor) => a.type === "user" && isActiveOrg(a) && isOrgKind(a, "enterprise");
const routedTo = (a: Actor, r: ApplicationRef) => activeBank(a) && a.type !== "system" && r.bankOrgIds.includes(a.orgId);
const canSeeApplication = (a: Actor, r: ApplicationRef) =>
  isPlatformAdmin(a) || (activeEnterprise(a) && sameOrg(a, r.enterpriseOrgId)) || routedTo(a, r);
const seeOr = (visible: boolean, allowed: boolean): Decision => (allowed ? true : visible ? "forbidden" : "not-found");

export const financingRules = {
  /** Banks (users, not keys) manage their own products. */
  "financing.product.manage": ((a, p?: ProductRef) => {
    if (!(a.type === "user" && activeBank(a))) return "forbidden";
    if (p && !sameOrg(a, p.bankOrgId)) return "not-found";
    return true;
  }) as Rule<ProductRef | undefined>,
  "financing.application.create": ((a) => (activeEnterprise(a) ? true : "forbidden")) as Rule,
  "financing.application.view": ((a, r: ApplicationRef) => (canSeeApplication(a, r) ? true : "not-found")) as Rule<ApplicationRef>,
  /** The applicant's own actions: edit, submit, answer, accept, withdraw. */
  "financing.application.manage": ((a, r: ApplicationRef) =>
    seeOr(canSeeApplication(a, r), activeEnterprise(a) && sameOrg(a, r.enterpriseOrgId))) as Rule<ApplicationRef>,
  /** A bank's review actions on an application routed to it (web or API key). */
  "financing.application.review": ((a, r: ApplicationRef) => seeOr(canSeeApplication(a, r), routedTo(a, r))) as Rule<ApplicationRef>,
  /**
   * A party's declaration that it agrees to register despite ground 10 or 11: the applicant's users and
   * the users of a bank the application was routed to (not API keys: a person declares).
   */
  "financing.precheck.agree": ((a, r: ApplicationRef) =>
    seeOr(canSeeApplication(a, r), a.type === "user" && ((activeEnterprise(a) && sameOrg(a, r.enterpriseOrgId)) || routedTo(a, r)))) as Rule<ApplicationRef>,
  "financing.queue": ((a) => (activeBank(a) ? true : "forbidden")) as Rule,
  /** The CNIPA registration is recorded by a platform admin or by the pledgee bank. */
  "financing.registration.record": ((a, l: LoanRef) => {
    const visible = isPlatformAdmin(a) || sameOrg(a, l.enterpriseOrgId) || (activeBank(a) && sameOrg(a, l.bankOrgId));
    return seeOr(visible, isPlatformAdmin(a) || (activeBank(a) && sameOrg(a, l.bankOrgId)));
  }) as Rule<LoanRef>,
  "financing.loan.view": ((a, l: LoanRef) =>
    isPlatformAdmin(a) || (activeEnterprise(a) && sameOrg(a, l.enterpriseOrgId)) || (activeBank(a) && sameOrg(a, l.bankOrgId)) ? true : "not-found") as Rule<LoanRef>,
  /** Disbursements, repayments, default and disposal: the lending bank only. */
  "financing.loan.manage": ((a, l: LoanRef) => {
    const visible = isPlatformAdmin(a) || sameOrg(a, l.enterpriseOrgId) || (activeBank(a) && sameOrg(a, l.bankOrgId));
    return seeOr(visible, activeBank(a) && sameOrg(a, l.bankOrgId));
  }) as Rule<LoanRef>,
  "financing.admin": ((a) => (isPlatformAdmin(a) ? true : "forbidden")) as Rule,
} satisfies Record<string, Rule<never>>;
