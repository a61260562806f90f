import crypto from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { apiKeys, organizations } from "#db/schema/index";
import type { Actor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { audit } from "./operations.server";
import { isUuid } from "#app/domain/ids";

/** Bank API keys: shown once on creation, stored only as SHA-256; revoked keys stop working at once. */
export const hashKey = (key: string) => crypto.createHash("sha256").update(key, "utf8").digest("hex");

export async function listApiKeys(actor: Actor) {
  requireCan(actor, "apiKey.manage");
  const db = await getDb();
  return db.select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt })
    .from(apiKeys).where(eq(apiKeys.orgId, (actor as { orgId: string }).orgId)).orderBy(desc(apiKeys.createdAt));
}

export async function createApiKey(actor: Actor, name: string) {
  requireCan(actor, "apiKey.manage");
  const orgId = (actor as { orgId: string }).orgId;
  const key = `ipm_${crypto.randomBytes(32).toString("base64url")}`;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(apiKeys).values({
      orgId, name, prefix: key.slice(0, 12), keyHash: hashKey(key), createdBy: actor.type === "user" ? actor.userId : null,
    }).returning({ id: apiKeys.id });
    await audit(tx, actor, { action: "apiKey.created", entityType: "api_key", entityId: row!.id, orgId, after: { name, prefix: key.slice(0, 12) } });
    return { id: row!.id, key };
  });
}

export async function revokeApiKey(actor: Actor, id: string) {
  requireCan(actor, "apiKey.manage");
  const orgId = (actor as { orgId: string }).orgId;
  if (!isUuid(id)) throw new ServiceError(404, "errors.notFound");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx.update(apiKeys).set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, id), eq(apiKeys.orgId, orgId), isNull(apiKeys.revokedAt))).returning({ id: apiKeys.id });
    if (!row) throw new ServiceError(404, "errors.notFound");
    await audit(tx, actor, { action: "apiKey.revoked", entityType: "api_key", entityId: id, orgId });
    return row;
  });
}

/** The actor behind a bearer key, or null (unknown, revoked, or the bank is not verified). */
export async function authenticateApiKey(key: string, ip: string | null): Promise<Extract<Actor, { type: "apiKey" }> | null> {
  if (!key.startsWith("ipm_") || key.length > 200) return null;
  const db = await getDb();
  const [row] = await db.select({ id: apiKeys.id, orgId: apiKeys.orgId, lastUsedAt: apiKeys.lastUsedAt, kind: organizations.kind, status: organizations.status })
    .from(apiKeys).innerJoin(organizations, eq(organizations.id, apiKeys.orgId))
    .where(and(eq(apiKeys.keyHash, hashKey(key)), isNull(apiKeys.revokedAt)));
  if (!row || row.kind !== "bank") return null;
  // Last use to the minute is enough and spares a write per request.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, row.id));
  }
  return { type: "apiKey", keyId: row.id, orgId: row.orgId, orgKind: "bank", orgStatus: row.status, ip };
}
