import { and, asc, desc, eq, inArray, or, sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/client.server";
import { deals, listings, organizations, payments, receivableInstalments, receivablePledges, receivableReceipts, royaltyReceivables } from "#db/schema/index";
import { addMonths, shanghaiDate } from "#app/domain/dates";
import { isUuid } from "#app/domain/ids";
import { receivableLifecycle } from "#app/domain/public-money/lifecycles";
import { applyReceipt, isFullyPaid, outstandingReceivable, receivableSchedule, unpaid } from "#app/domain/public-money/receivables";
import type { Actor } from "#app/domain/policy/index";
import type { ReceivableRef } from "#app/domain/policy/public-money";
import { requireCan } from "#app/utils/auth.server";
import { stripeEnabled } from "#app/utils/env.server";
import { ServiceError } from "#app/utils/http.server";
import { createCheckoutSession } from "#app/utils/stripe.server";
import { isUniqueViolation, next, notice, userId } from "./financing-shared.server";
import { audit } from "./operations.server";

/**
 * Licence royalties as receivables: a licence deal with instalment terms produces, on completion, the
 * licensor's receivable schedule; payments are recorded against it — by the licensor for a bank
 * transfer, automatically for a Stripe payment (the webhook's event, once).
 */
export type ReceivableRow = typeof royaltyReceivables.$inferSelect;
const SYSTEM: Actor = { type: "system", job: "payments" };

export async function loadReceivable(exec: Executor, id: string, lock = false): Promise<ReceivableRow> {
  if (!isUuid(id)) throw new ServiceError(404, "errors.notFound");
  const q = exec.select().from(royaltyReceivables).where(eq(royaltyReceivables.id, id));
  const [r] = lock ? await q.for("update") : await q;
  if (!r) throw new ServiceError(404, "errors.notFound");
  return r;
}

export async function receivableRef(exec: Executor, r: Pick<ReceivableRow, "id" | "licensorOrgId" | "licenseeOrgId">): Promise<ReceivableRef> {
  const banks = await exec.select({ bankOrgId: receivablePledges.bankOrgId }).from(receivablePledges)
    .where(and(eq(receivablePledges.receivableId, r.id), inArray(receivablePledges.status, ["pending", "active", "released"])));
  return { licensorOrgId: r.licensorOrgId, licenseeOrgId: r.licenseeOrgId, pledgeeOrgIds: banks.map((b) => b.bankOrgId) };
}

export const instalmentsOfReceivable = (exec: Executor, receivableId: string) =>
  exec.select().from(receivableInstalments).where(eq(receivableInstalments.receivableId, receivableId)).orderBy(asc(receivableInstalments.seq));

/** Called when a licence deal completes: its instalment terms become the licensor's receivable (once per deal). */
export async function createReceivableForDeal(tx: Executor, actor: Actor, d: typeof deals.$inferSelect, licensorOrgId: string) {
  if (!d.instalmentCount || !d.instalmentMonths || !d.instalmentFen) return null;
  const start = d.startDate ?? shanghaiDate();
  const schedule = receivableSchedule({ count: d.instalmentCount, intervalMonths: d.instalmentMonths, amountFen: d.instalmentFen, firstDueOn: addMonths(start, d.instalmentMonths) });
  const total = schedule.reduce((a, i) => a + i.amountFen, 0n);
  const [r] = await tx.insert(royaltyReceivables).values({ dealId: d.id, licensorOrgId, licenseeOrgId: d.buyerOrgId, totalFen: total })
    .onConflictDoNothing({ target: royaltyReceivables.dealId }).returning({ id: royaltyReceivables.id });
  if (!r) return null;
  await tx.insert(receivableInstalments).values(schedule.map((i) => ({ receivableId: r.id, seq: i.seq, dueOn: i.dueOn, amountFen: i.amountFen })));
  await audit(tx, actor, { action: "royalty.receivable-created", entityType: "royalty_receivable", entityId: r.id, orgId: licensorOrgId,
    after: { dealId: d.id, instalments: schedule.length, totalFen: total.toString(), firstDueOn: schedule[0]!.dueOn } });
  for (const org of [licensorOrgId, d.buyerOrgId]) await notice(tx, org, "royalty.notice.created", { count: schedule.length }, `/royalties/${r.id}`, `receivable:${r.id}`);
  return r.id;
}

/**
 * Applies money received to the schedule (oldest first); a receipt that would overpay is refused.
 * Runs in the caller's transaction with the receivable locked. Fully paid settles the receivable.
 */
async function applyMoney(tx: Executor, actor: Actor, r: ReceivableRow, input: { amountFen: bigint; receivedOn: string; channel: "offline" | "stripe"; reference: string | null; paymentId: string | null }) {
  if (r.status !== "active") throw new ServiceError(409, "errors.conflict");
  const current = await instalmentsOfReceivable(tx, r.id);
  const applied = applyReceipt(current, input.amountFen);
  if (applied.unappliedFen > 0n) throw new ServiceError(400, "errors.fixBelow", { amount: ["royalty.errors.overpaid"] });
  for (const i of applied.instalments) {
    const before = current.find((c) => c.seq === i.seq)!;
    if (before.paidFen !== i.paidFen) await tx.update(receivableInstalments).set({ paidFen: i.paidFen }).where(eq(receivableInstalments.id, before.id));
  }
  const [receipt] = await tx.insert(receivableReceipts).values({
    receivableId: r.id, amountFen: input.amountFen, receivedOn: input.receivedOn, channel: input.channel, paymentId: input.paymentId, reference: input.reference,
    allocation: applied.parts.map((p) => ({ seq: p.seq, amountFen: p.amountFen.toString() })), recordedBy: userId(actor),
  }).returning({ id: receivableReceipts.id });
  let status: ReceivableRow["status"] = r.status;
  if (isFullyPaid(applied.instalments)) {
    status = next("royalty_receivable", receivableLifecycle, r.status, "settle");
    await tx.update(royaltyReceivables).set({ status, updatedAt: new Date() }).where(eq(royaltyReceivables.id, r.id));
  }
  await audit(tx, actor, { action: "royalty.receipt-recorded", entityType: "royalty_receivable", entityId: r.id, orgId: r.licensorOrgId,
    after: { receiptId: receipt!.id, amountFen: input.amountFen.toString(), receivedOn: input.receivedOn, channel: input.channel, status } });
  return { id: receipt!.id, status, outstandingFen: outstandingReceivable(applied.instalments) };
}

/** The licensor records a bank transfer received (once per reference). */
export async function recordReceipt(actor: Actor, receivableId: string, input: { amountFen: bigint; receivedOn: string; reference: string }) {
  if (input.receivedOn > shanghaiDate()) throw new ServiceError(400, "errors.fixBelow", { receivedOn: ["subsidy.errors.future"] });
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const r = await loadReceivable(tx, receivableId, true);
      requireCan(actor, "receivable.record-receipt", await receivableRef(tx, r));
      return applyMoney(tx, actor, r, { ...input, channel: "offline", paymentId: null });
    });
  } catch (e) {
    if (isUniqueViolation(e, "receivable_receipts_reference_uq")) throw new ServiceError(409, "royalty.errors.duplicateReceipt");
    throw e;
  }
}

/** The licensee pays the oldest open instalment by Stripe Checkout (one session per attempt, idempotent). */
export async function startInstalmentCheckout(actor: Actor, receivableId: string, opts: { origin: string; locale: "zh-CN" | "en" }) {
  if (!stripeEnabled()) throw new ServiceError(409, "errors.conflict");
  const db = await getDb();
  const prepared = await db.transaction(async (tx) => {
    const r = await loadReceivable(tx, receivableId, true);
    requireCan(actor, "receivable.pay", await receivableRef(tx, r));
    if (r.status !== "active") throw new ServiceError(409, "errors.conflict");
    const open = (await instalmentsOfReceivable(tx, r.id)).find((i) => unpaid(i) > 0n);
    if (!open) throw new ServiceError(409, "errors.conflict");
    const [pending] = await tx.select().from(payments).where(and(eq(payments.receivableInstalmentId, open.id), eq(payments.status, "pending"), eq(payments.provider, "stripe")));
    const [deal] = await tx.select({ title: listings.title }).from(deals).innerJoin(listings, eq(listings.id, deals.listingId)).where(eq(deals.id, r.dealId));
    const title = `${deal?.title ?? ""} · ${opts.locale === "en" ? "instalment" : "许可费第"} ${open.seq}${opts.locale === "en" ? "" : " 期"}`;
    if (pending && pending.amountFen === unpaid(open)) return { payment: pending, title };
    const attempts = await tx.select({ id: payments.id }).from(payments).where(eq(payments.receivableInstalmentId, open.id));
    const attempt = attempts.length + 1;
    const [p] = await tx.insert(payments).values({
      dealId: r.dealId, provider: "stripe", status: "pending", attempt, amountFen: unpaid(open), feeFen: 0n, totalFen: unpaid(open),
      idempotencyKey: `receivable_${open.id}_checkout_${attempt}`, receivableInstalmentId: open.id,
    }).returning();
    await audit(tx, actor, { action: "royalty.checkout-started", entityType: "payment", entityId: p!.id, orgId: r.licenseeOrgId, after: { receivableId: r.id, seq: open.seq, amountFen: p!.amountFen.toString() } });
    return { payment: p!, title };
  });
  const p = prepared.payment;
  if (p.checkoutUrl) return { url: p.checkoutUrl };
  const session = await createCheckoutSession({
    dealId: p.dealId, paymentId: p.id, attempt: p.attempt, title: prepared.title.slice(0, 200), amountFen: p.amountFen, feeFen: 0n,
    successUrl: `${opts.origin}/royalties/${receivableId}?paid=1`, cancelUrl: `${opts.origin}/royalties/${receivableId}`, idempotencyKey: p.idempotencyKey, locale: opts.locale === "en" ? "en" : "zh",
  });
  await db.update(payments).set({ checkoutSessionId: session.id, checkoutUrl: session.url, updatedAt: new Date() }).where(eq(payments.id, p.id));
  return { url: session.url };
}

/**
 * The Stripe webhook's half (called by the payments processor for a paid session whose payment is an
 * instalment): the payment succeeds and the money is applied to the schedule, in one transaction. A
 * replay finds the payment no longer pending and changes nothing.
 */
export async function recordInstalmentPayment(tx: Executor, p: typeof payments.$inferSelect, session: { id: string; intent: string | null }) {
  const [inst] = await tx.select().from(receivableInstalments).where(eq(receivableInstalments.id, p.receivableInstalmentId!));
  if (!inst) return "unknown-instalment";
  const r = await loadReceivable(tx, inst.receivableId, true);
  const now = new Date();
  await tx.update(payments).set({ status: "succeeded", checkoutSessionId: session.id, paymentIntentId: session.intent, confirmedAt: now, updatedAt: now }).where(eq(payments.id, p.id));
  const owed = outstandingReceivable(await instalmentsOfReceivable(tx, r.id));
  if (r.status !== "active" || owed < p.amountFen) {
    // Paid twice (an offline receipt came first): the money is recorded on the payment and goes back.
    await audit(tx, SYSTEM, { action: "royalty.payment-excess", entityType: "payment", entityId: p.id, orgId: r.licenseeOrgId, after: { receivableId: r.id, amountFen: p.amountFen.toString(), owedFen: owed.toString() } });
    return "excess-payment";
  }
  await applyMoney(tx, SYSTEM, r, { amountFen: p.amountFen, receivedOn: shanghaiDate(now), channel: "stripe", reference: session.id, paymentId: p.id });
  await notice(tx, r.licensorOrgId, "royalty.notice.paid", { seq: inst.seq }, `/royalties/${r.id}`, `paid:${p.id}`);
  return "instalment-paid";
}

// "royalty_receivables"."id" is named outright: drizzle leaves a column unqualified in a one-table select,
// and inside a subquery over instalments or pledges a bare "id" would be that row's own id.
const receivableColumns = {
  id: royaltyReceivables.id, dealId: royaltyReceivables.dealId, status: royaltyReceivables.status, totalFen: royaltyReceivables.totalFen,
  licensorOrgId: royaltyReceivables.licensorOrgId, licenseeOrgId: royaltyReceivables.licenseeOrgId, createdAt: royaltyReceivables.createdAt,
  title: sql<string>`(select l.title from deals d join listings l on l.id = d.listing_id where d.id = ${royaltyReceivables.dealId})`,
  licensor: sql<string>`(select name from organizations o where o.id = ${royaltyReceivables.licensorOrgId})`,
  licensee: sql<string>`(select name from organizations o where o.id = ${royaltyReceivables.licenseeOrgId})`,
  paidFen: sql<string>`(select coalesce(sum(paid_fen), 0)::text from receivable_instalments i where i.receivable_id = "royalty_receivables"."id")`,
  nextDueOn: sql<string | null>`(select min(due_on)::text from receivable_instalments i where i.receivable_id = "royalty_receivables"."id" and i.paid_fen < i.amount_fen)`,
  pledged: sql<boolean>`exists (select 1 from receivable_pledges p where p.receivable_id = "royalty_receivables"."id" and p.status in ('pending', 'active'))`,
};

/** The organisation's receivables as licensor, and what it owes as licensee. */
export async function listMyReceivables(actor: Actor) {
  if (actor.type === "system") throw new ServiceError(403, "errors.forbidden");
  requireCan(actor, "business.use");
  const db = await getDb();
  const rows = await db.select(receivableColumns).from(royaltyReceivables)
    .where(or(eq(royaltyReceivables.licensorOrgId, actor.orgId), eq(royaltyReceivables.licenseeOrgId, actor.orgId))).orderBy(desc(royaltyReceivables.createdAt)).limit(200);
  return { asLicensor: rows.filter((r) => r.licensorOrgId === actor.orgId), asLicensee: rows.filter((r) => r.licenseeOrgId === actor.orgId) };
}

export async function getReceivable(actor: Actor, id: string) {
  const db = await getDb();
  const r = await loadReceivable(db, id);
  const ref = await receivableRef(db, r);
  requireCan(actor, "receivable.view", ref);
  const [row] = await db.select(receivableColumns).from(royaltyReceivables).where(eq(royaltyReceivables.id, r.id));
  const instalments = await instalmentsOfReceivable(db, r.id);
  const receipts = await db.select().from(receivableReceipts).where(eq(receivableReceipts.receivableId, r.id)).orderBy(asc(receivableReceipts.receivedOn));
  const pledges = await db.select({ id: receivablePledges.id, status: receivablePledges.status, applicationId: receivablePledges.applicationId, registryNumber: receivablePledges.registryNumber,
    registeredOn: receivablePledges.registeredOn, bankName: organizations.name, bankOrgId: receivablePledges.bankOrgId })
    .from(receivablePledges).innerJoin(organizations, eq(organizations.id, receivablePledges.bankOrgId)).where(eq(receivablePledges.receivableId, r.id));
  const me = actor.type === "system" ? null : actor.orgId;
  return {
    receivable: row!, instalments, receipts, outstandingFen: outstandingReceivable(instalments), asOf: shanghaiDate(),
    // A pledgee bank sees its own pledge only.
    pledges: actor.type !== "system" && actor.orgKind === "bank" ? pledges.filter((p) => p.bankOrgId === me) : pledges,
    isLicensor: me === r.licensorOrgId, isLicensee: me === r.licenseeOrgId, online: stripeEnabled(),
  };
}
