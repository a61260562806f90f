import { and, asc, desc, eq, sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/client.server";
import { bankProducts, riskSharingSchemes } from "#db/schema/index";
import type { ProductInput } from "#app/domain/forms/financing";
import { productLifecycle } from "#app/domain/financing/lifecycle";
import type { MatchProduct } from "#app/domain/financing/matching";
import type { Actor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { next, userId } from "./financing-shared.server";
import { audit, enqueue } from "./operations.server";
import { isUuid } from "#app/domain/ids";

type Kind = "invention" | "utility_model" | "design" | "trademark";

function toColumns(input: ProductInput) {
  const ltv: Partial<Record<Kind, number>> = {};
  if (input.ltvInvention) ltv.invention = input.ltvInvention;
  if (input.ltvUtilityModel) ltv.utility_model = input.ltvUtilityModel;
  if (input.ltvDesign) ltv.design = input.ltvDesign;
  if (input.ltvTrademark) ltv.trademark = input.ltvTrademark;
  return {
    name: input.name, description: input.description || null, minAmountFen: input.minAmount, maxAmountFen: input.maxAmount,
    minTermMonths: input.minTermMonths, maxTermMonths: input.maxTermMonths, spreadBp: input.spreadBp, maxLtvBp: ltv,
    acceptedKinds: Object.keys(ltv) as Kind[], eligibleIndustries: input.eligibleIndustries, eligibleParkIds: input.eligibleParkIds,
    acceptsPlatformValuation: input.acceptsPlatformValuation, insuranceRequired: input.insuranceRequired,
    riskSchemes: input.riskSchemes, repaymentMethods: input.repaymentMethods, receivableLtvBp: input.receivableLtvBp || null,
  };
}

async function checkSchemes(exec: Executor, codes: string[]) {
  if (!codes.length) return;
  const known = new Set((await exec.select({ code: riskSharingSchemes.code }).from(riskSharingSchemes)).map((r) => r.code));
  const unknown = codes.filter((c) => !known.has(c));
  if (unknown.length) throw new ServiceError(400, "errors.fixBelow", { riskSchemes: ["errors.invalid"] });
}

/** A product change re-matches the open applications (idempotent per product version). */
async function queueRematch(tx: Executor, productId: string, version: number) {
  await enqueue(tx, "matching", "product-changed", { productId, version }, { dedupeKey: `product-changed:${productId}:v${version}` });
}

export async function listMyProducts(actor: Actor) {
  requireCan(actor, "financing.product.manage");
  const db = await getDb();
  return db.select().from(bankProducts).where(eq(bankProducts.bankOrgId, (actor as { orgId: string }).orgId)).orderBy(desc(bankProducts.createdAt));
}

export async function getMyProduct(actor: Actor, id: string) {
  requireCan(actor, "financing.product.manage");
  if (!isUuid(id)) throw new ServiceError(404, "errors.notFound");
  const db = await getDb();
  const [p] = await db.select().from(bankProducts).where(eq(bankProducts.id, id));
  if (!p) throw new ServiceError(404, "errors.notFound");
  requireCan(actor, "financing.product.manage", { bankOrgId: p.bankOrgId });
  return p;
}

export async function createProduct(actor: Actor, input: ProductInput) {
  requireCan(actor, "financing.product.manage");
  const bankOrgId = (actor as { orgId: string }).orgId;
  const db = await getDb();
  return db.transaction(async (tx) => {
    await checkSchemes(tx, input.riskSchemes);
    const [row] = await tx.insert(bankProducts).values({ ...toColumns(input), bankOrgId, createdBy: userId(actor) }).returning();
    await audit(tx, actor, { action: "financing.product-created", entityType: "bank_product", entityId: row!.id, orgId: bankOrgId, after: { name: row!.name } });
    await queueRematch(tx, row!.id, row!.version);
    return row!;
  });
}

export async function updateProduct(actor: Actor, id: string, input: ProductInput) {
  const current = await getMyProduct(actor, id);
  const db = await getDb();
  return db.transaction(async (tx) => {
    await checkSchemes(tx, input.riskSchemes);
    const [row] = await tx.update(bankProducts)
      .set({ ...toColumns(input), version: sql`${bankProducts.version} + 1`, updatedAt: new Date() })
      .where(and(eq(bankProducts.id, id), eq(bankProducts.bankOrgId, current.bankOrgId)))
      .returning();
    await audit(tx, actor, { action: "financing.product-updated", entityType: "bank_product", entityId: id, orgId: current.bankOrgId, before: { version: current.version }, after: { version: row!.version } });
    await queueRematch(tx, id, row!.version);
    return row!;
  });
}

export async function setProductStatus(actor: Actor, id: string, event: "pause" | "resume") {
  await getMyProduct(actor, id);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [p] = await tx.select().from(bankProducts).where(eq(bankProducts.id, id)).for("update");
    const status = next("bank_product", productLifecycle, p!.status, event);
    const [row] = await tx.update(bankProducts).set({ status, version: sql`${bankProducts.version} + 1`, updatedAt: new Date() }).where(eq(bankProducts.id, id)).returning();
    await audit(tx, actor, { action: `financing.product-${event}d`, entityType: "bank_product", entityId: id, orgId: p!.bankOrgId, before: { status: p!.status }, after: { status } });
    if (status === "active") await queueRematch(tx, id, row!.version);
    return row!;
  });
}

export function toMatchProduct(p: typeof bankProducts.$inferSelect): MatchProduct {
  return {
    id: p.id, bankOrgId: p.bankOrgId, minAmountFen: p.minAmountFen, maxAmountFen: p.maxAmountFen, minTermMonths: p.minTermMonths,
    maxTermMonths: p.maxTermMonths, spreadBp: p.spreadBp, maxLtvBp: p.maxLtvBp, acceptedKinds: p.acceptedKinds,
    eligibleIndustries: p.eligibleIndustries, eligibleParkIds: p.eligibleParkIds, acceptsPlatformValuation: p.acceptsPlatformValuation,
    insuranceRequired: p.insuranceRequired, receivableLtvBp: p.receivableLtvBp,
  };
}

export async function listActiveProducts(exec: Executor) {
  return exec.select().from(bankProducts).where(eq(bankProducts.status, "active")).orderBy(asc(bankProducts.createdAt));
}

export async function listRiskSchemes() {
  const db = await getDb();
  return db.select({ code: riskSharingSchemes.code, nameZh: riskSharingSchemes.nameZh, nameEn: riskSharingSchemes.nameEn })
    .from(riskSharingSchemes).where(eq(riskSharingSchemes.active, true)).orderBy(asc(riskSharingSchemes.code));
}
