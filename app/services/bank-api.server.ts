import type { Actor } from "#app/domain/policy/index";
import { listBankQueue } from "./bank-review.server";
import { ApplicationClosedError, getApplicationView } from "./pledge-applications.server";

/** The bank API's read models: plain JSON (money as strings of 分), only the calling bank's data. */
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export async function apiListApplications(actor: Actor, status: "open" | "all") {
  const rows = await listBankQueue(actor, { status });
  return rows.map((r) => r.closed ? closedApplication(r.applicationId, r.routedAt) : ({
    id: r.applicationId, status: r.applicationStatus, reviewStatus: r.reviewStatus, amountFen: r.amountFen.toString(), termMonths: r.termMonths,
    purpose: r.purpose, enterpriseName: r.enterpriseName, productId: r.productId, score: r.score ?? null, submittedAt: iso(r.submittedAt), routedAt: iso(r.routedAt)!,
  }));
}

/** What a bank that lost the race gets, in the list and for the application itself. */
const closedApplication = (id: string, routedAt?: Date) => ({ id, status: "closed" as const, reviewStatus: "closed" as const, closed: true, ...(routedAt ? { routedAt: iso(routedAt) } : {}) });

export async function apiGetApplication(actor: Actor, id: string, locale: string) {
  let v;
  try {
    v = await getApplicationView(actor, id);
  } catch (e) {
    if (e instanceof ApplicationClosedError) return closedApplication(e.applicationId);
    throw e;
  }
  const review = v.reviews[0];
  const match = review ? v.matches.find((m) => m.productId === review.productId) : undefined;
  const app = v.application;
  return {
    id: app.id, status: app.status, reviewStatus: review?.status ?? "new", amountFen: app.amountFen.toString(), termMonths: app.termMonths,
    purpose: app.purpose, enterpriseName: v.enterprise?.name ?? "", productId: review?.productId ?? "", score: match?.score ?? null,
    submittedAt: iso(app.submittedAt), routedAt: iso(review?.routedAt)!,
    enterprise: {
      name: v.enterprise?.name ?? "", uscc: v.enterprise?.uscc ?? "", industry: v.enterprise?.industry ?? null,
      park: (locale === "en" ? v.enterprise?.parkEn : v.enterprise?.parkZh) ?? null,
    },
    assets: v.assets.map((a) => ({ id: a.id, kind: a.kind, number: a.number, title: locale === "en" && a.titleEn ? a.titleEn : a.title, expiryDate: a.expiryDate })),
    receivables: v.receivables.map((r) => ({ id: r.id, title: r.title, licensee: r.licensee, outstandingFen: r.outstandingFen.toString(), pledgeStatus: r.pledgeStatus, registryNumber: r.registryNumber })),
    valuation: v.valuation ? {
      id: v.valuation.id, status: v.valuation.status, lowFen: v.valuation.lowFen?.toString() ?? null, baseFen: v.valuation.baseFen?.toString() ?? null,
      highFen: v.valuation.highFen?.toString() ?? null, validUntil: iso(v.valuation.validUntil), reportUrl: `/valuations/${v.valuation.id}/report`,
    } : null,
    match: match ? { eligible: match.eligible, score: match.score, ltvCapFen: match.ltvCapFen?.toString() ?? null, reasons: match.reasons } : null,
    offer: review?.offer ? {
      id: review.offer.id, amountFen: review.offer.amountFen.toString(), termMonths: review.offer.termMonths, rateBp: review.offer.rateBp,
      spreadBp: review.offer.spreadBp, repaymentMethod: review.offer.repaymentMethod, dayCount: review.offer.dayCount,
    } : null,
    loan: v.loan ? { id: v.loan.id, status: v.loan.status } : null,
  };
}
