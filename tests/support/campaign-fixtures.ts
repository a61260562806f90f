import crypto from "node:crypto";
import { forgetParks } from "#app/services/parks.server";
import { getDb } from "#db/client.server";
import {
  bankProducts, bankReviews, campaignBanks, campaignParks, campaigns, loanInstalments, loanOffers, loans, parks, pledgeApplications,
  pledgeRegistrations,
} from "#db/schema/index";

/**
 * Rows of the financing context written straight into the tables, in the states a dashboard must
 * count (the financing flow itself is tested by its own context). Amounts in 分.
 */
export const WAN = 1_000_000n;
const DAY = 86_400_000;

export async function insertPark(district: string) {
  const db = await getDb();
  const code = `t-${crypto.randomBytes(4).toString("hex")}`;
  const [p] = await db.insert(parks).values({ code, nameZh: `测试园区${code}`, nameEn: `Test park ${code}`, district }).returning();
  forgetParks(); // the app keeps the parks list in-process
  return p!;
}

export async function insertCampaign(opts: { parkIds: string[]; bankOrgIds: string[]; targetAmount?: bigint; targetEnterprises?: number; status?: "draft" | "active" | "closed" }) {
  const db = await getDb();
  const [c] = await db.insert(campaigns).values({
    name: `入园惠企测试-${crypto.randomBytes(3).toString("hex")}`, startsOn: "2024-01-01", endsOn: "2025-12-31",
    targetAmount: opts.targetAmount ?? 1000n * WAN, targetEnterprises: opts.targetEnterprises ?? 5, status: opts.status ?? "active",
  }).returning();
  if (opts.parkIds.length) await db.insert(campaignParks).values(opts.parkIds.map((parkId) => ({ campaignId: c!.id, parkId })));
  if (opts.bankOrgIds.length) await db.insert(campaignBanks).values(opts.bankOrgIds.map((bankOrgId) => ({ campaignId: c!.id, bankOrgId })));
  return c!;
}

export async function insertProduct(bankOrgId: string) {
  const db = await getDb();
  const [p] = await db.insert(bankProducts).values({
    bankOrgId, name: "科技企业知识产权质押贷", minAmountFen: 10n * WAN, maxAmountFen: 3000n * WAN, minTermMonths: 6, maxTermMonths: 36,
    spreadBp: 80, maxLtvBp: { invention: 3000 }, acceptedKinds: ["invention"],
  }).returning();
  return p!;
}

type Review = { bankOrgId: string; productId: string; status: "new" | "under_review" | "offered" | "accepted" | "rejected" | "closed"; decidedAfterDays?: number; offerWan?: bigint };

/**
 * One application with its bank reviews (each optionally decided N days after submission, with an
 * offer), and optionally its registration and loan.
 */
export async function insertApplication(opts: {
  enterpriseOrgId: string; campaignId: string | null; amountWan: bigint; submittedAt?: Date | null; reviews?: Review[];
  acceptBankOrgId?: string;
  registeredOn?: string; registrationStatus?: "registered" | "released";
  loan?: { disbursedOn: string; status: "active" | "overdue" | "settled" | "defaulted"; maturityDate: string; settledAt?: Date; paidPrincipalWan?: bigint };
  status?: typeof pledgeApplications.$inferInsert.status;
}) {
  const db = await getDb();
  const submittedAt = opts.submittedAt === undefined ? new Date("2025-02-01T02:00:00Z") : opts.submittedAt;
  const [app] = await db.insert(pledgeApplications).values({
    enterpriseOrgId: opts.enterpriseOrgId, amountFen: opts.amountWan * WAN, termMonths: 12, purpose: "研发投入", campaignId: opts.campaignId,
    status: opts.status ?? (submittedAt ? "under_review" : "draft"), submittedAt,
  }).returning();
  const offers = new Map<string, { reviewId: string; offerId: string; amount: bigint }>();
  for (const r of opts.reviews ?? []) {
    const decidedAt = r.decidedAfterDays !== undefined && submittedAt ? new Date(submittedAt.getTime() + r.decidedAfterDays * DAY) : null;
    const [rev] = await db.insert(bankReviews).values({
      applicationId: app!.id, bankOrgId: r.bankOrgId, productId: r.productId, status: r.status, routedAt: submittedAt ?? new Date(), decidedAt,
    }).returning();
    if (r.offerWan !== undefined) {
      const [o] = await db.insert(loanOffers).values({
        reviewId: rev!.id, applicationId: app!.id, bankOrgId: r.bankOrgId, productId: r.productId, amountFen: r.offerWan * WAN, termMonths: 12,
        lprBp: 310, spreadBp: 80, rateBp: 390, repaymentMethod: "equal_instalment",
      }).returning();
      offers.set(r.bankOrgId, { reviewId: rev!.id, offerId: o!.id, amount: r.offerWan * WAN });
    }
  }
  const accepted = opts.acceptBankOrgId ? offers.get(opts.acceptBankOrgId)! : null;
  if (accepted) {
    const { eq } = await import("drizzle-orm");
    await db.update(pledgeApplications).set({ acceptedReviewId: accepted.reviewId, acceptedAt: new Date() }).where(eq(pledgeApplications.id, app!.id));
  }
  if (opts.registeredOn && accepted) {
    await db.insert(pledgeRegistrations).values({
      applicationId: app!.id, bankOrgId: opts.acceptBankOrgId!, status: opts.registrationStatus ?? "registered",
      cnipaNumber: `Y${crypto.randomBytes(6).toString("hex")}`, registeredOn: opts.registeredOn,
    });
  }
  if (opts.loan && accepted) {
    const [loan] = await db.insert(loans).values({
      applicationId: app!.id, offerId: accepted.offerId, bankOrgId: opts.acceptBankOrgId!, enterpriseOrgId: opts.enterpriseOrgId,
      status: opts.loan.status, principalFen: accepted.amount, rateBp: 390, termMonths: 12, repaymentMethod: "equal_instalment",
      disbursedOn: opts.loan.disbursedOn, maturityDate: opts.loan.maturityDate, settledAt: opts.loan.settledAt ?? null,
      defaultedAt: opts.loan.status === "defaulted" ? new Date("2025-09-01T00:00:00Z") : null,
    }).returning();
    await db.insert(loanInstalments).values({
      loanId: loan!.id, seq: 1, dueDate: opts.loan.maturityDate, principalFen: accepted.amount, interestFen: 0n,
      paidPrincipalFen: (opts.loan.paidPrincipalWan ?? (opts.loan.status === "settled" ? accepted.amount / WAN : 0n)) * WAN,
    });
  }
  return app!;
}
