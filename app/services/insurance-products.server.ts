import { and, asc, desc, eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { insuranceProducts, organizations } from "#db/schema/index";
import type { InsuranceProductInput } from "#app/domain/forms/public-money";
import type { InsuranceKind } from "#app/domain/public-money/insurance";
import type { Actor } from "#app/domain/policy/index";
import { isUuid } from "#app/domain/ids";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { userId } from "./financing-shared.server";
import { audit } from "./operations.server";

/** An insurer's own IP insurance products (pledge-loan guarantee insurance, open-licence deal insurance). */
const orgOf = (actor: Actor) => (actor as { orgId: string }).orgId;

export async function listInsurerProducts(actor: Actor) {
  requireCan(actor, "insurance.product.manage");
  const db = await getDb();
  return db.select().from(insuranceProducts).where(eq(insuranceProducts.insurerOrgId, orgOf(actor))).orderBy(desc(insuranceProducts.createdAt)).limit(200);
}

export async function createInsuranceProduct(actor: Actor, input: InsuranceProductInput) {
  requireCan(actor, "insurance.product.manage");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [p] = await tx.insert(insuranceProducts).values({
      insurerOrgId: orgOf(actor), kind: input.kind, name: input.name, description: input.description ?? null,
      premiumRateBp: input.premiumRate, shareBp: input.kind === "pledge_loan_guarantee" ? input.share : 0, maxCoverFen: input.maxCover, createdBy: userId(actor),
    }).returning({ id: insuranceProducts.id });
    await audit(tx, actor, { action: "insurance.product-created", entityType: "insurance_product", entityId: p!.id, orgId: orgOf(actor),
      after: { kind: input.kind, premiumRateBp: input.premiumRate, shareBp: input.share, maxCoverFen: input.maxCover.toString() } });
    return { id: p!.id };
  });
}

export async function setInsuranceProductStatus(actor: Actor, productId: string, status: "active" | "paused") {
  if (!isUuid(productId)) throw new ServiceError(404, "errors.notFound");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [p] = await tx.select().from(insuranceProducts).where(eq(insuranceProducts.id, productId)).for("update");
    if (!p) throw new ServiceError(404, "errors.notFound");
    requireCan(actor, "insurance.product.manage", p);
    if (p.status === status) return { id: p.id, status };
    await tx.update(insuranceProducts).set({ status, updatedAt: new Date() }).where(eq(insuranceProducts.id, p.id));
    await audit(tx, actor, { action: `insurance.product-${status}`, entityType: "insurance_product", entityId: p.id, orgId: p.insurerOrgId, before: { status: p.status }, after: { status } });
    return { id: p.id, status };
  });
}

/** What an enterprise or bank may ask cover from: active products of verified insurers. */
export async function listOfferedProducts(actor: Actor, kind?: InsuranceKind) {
  requireCan(actor, "insurance.policy.request");
  const db = await getDb();
  return db.select({
    id: insuranceProducts.id, kind: insuranceProducts.kind, name: insuranceProducts.name, description: insuranceProducts.description,
    premiumRateBp: insuranceProducts.premiumRateBp, shareBp: insuranceProducts.shareBp, maxCoverFen: insuranceProducts.maxCoverFen, insurerName: organizations.name,
  }).from(insuranceProducts).innerJoin(organizations, eq(organizations.id, insuranceProducts.insurerOrgId))
    .where(and(eq(insuranceProducts.status, "active"), eq(organizations.status, "verified"), eq(organizations.kind, "insurer"), kind ? eq(insuranceProducts.kind, kind) : undefined))
    .orderBy(asc(organizations.name), asc(insuranceProducts.name)).limit(200);
}
