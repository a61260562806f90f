import { and, asc, eq, gt, inArray, ne, sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/client.server";
import { dealMessages, dealThreadReads, organizations, users } from "#db/schema/index";
import { isUuid } from "#app/domain/ids";
import type { Actor, UserActor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { loadDeal } from "./deals-shared.server";
import { loadListing, notice } from "./market-shared.server";
import { audit } from "./operations.server";
import { discardUpload, readUpload, storeUpload, type StoredFile } from "./stored-files.server";

export const MAX_MESSAGE_LENGTH = 4000;

/** The other party of a deal, seen from one of its parties. */
const otherParty = (d: { buyerOrgId: string; sellerOrgId: string }, orgId: string) => (orgId === d.buyerOrgId ? d.sellerOrgId : d.buyerOrgId);

/**
 * Posts to a deal's thread: only its two parties (an admin reads but does not speak for either);
 * audited, and the other party is told (in-app, and by e-mail where its members chose it).
 */
export async function postDealMessage(actor: UserActor, dealId: string, input: { body: string; file?: { name: string; bytes: Uint8Array } | null }) {
  const db = await getDb();
  const d = await loadDeal(db, dealId);
  requireCan(actor, "deal.act", d);
  const body = input.body.trim();
  if (!body && !input.file) throw new ServiceError(400, "errors.fixBelow", { body: ["errors.required"] });
  if (body.length > MAX_MESSAGE_LENGTH) throw new ServiceError(400, "errors.fixBelow", { body: ["errors.tooLong"] });
  const stored: StoredFile | null = input.file && input.file.bytes.length ? await storeUpload(input.file) : null;
  try {
    return await db.transaction(async (tx) => {
      const [m] = await tx.insert(dealMessages).values({ dealId: d.id, authorUserId: actor.userId, authorOrgId: actor.orgId, body, ...(stored ?? {}) })
        .returning({ id: dealMessages.id, createdAt: dealMessages.createdAt });
      await markRead(tx, d.id, actor.orgId);
      await audit(tx, actor, {
        action: "market.deal-message", entityType: "deal", entityId: d.id, orgId: actor.orgId,
        after: { messageId: m!.id, length: body.length, attachment: stored ? { mime: stored.mime, size: stored.size, sha256: stored.sha256 } : null },
      });
      const l = await loadListing(tx, d.listingId);
      await notice(tx, otherParty(d, actor.orgId), "market.notify.dealMessage", { title: l.title }, `/deals/${d.id}/messages`, m!.id);
      return { id: m!.id };
    });
  } catch (e) {
    if (stored) await discardUpload(stored.storedName);
    throw e;
  }
}

/** Marks a thread read up to its newest message, for one party (timestamps compared in the database, to the microsecond). */
async function markRead(tx: Executor, dealId: string, orgId: string) {
  await tx.execute(sql`insert into deal_thread_reads (deal_id, org_id, read_at)
    select ${dealId}::uuid, ${orgId}::uuid, max(created_at) from deal_messages where deal_id = ${dealId}::uuid having max(created_at) is not null
    on conflict (deal_id, org_id) do update set read_at = greatest(deal_thread_reads.read_at, excluded.read_at)`);
}

/** A deal's thread, oldest first, for its parties and admins; reading it marks it read for the reader's party. */
export async function getDealThread(actor: Actor, dealId: string) {
  const db = await getDb();
  const d = await loadDeal(db, dealId);
  requireCan(actor, "deal.view", d);
  const messages = await db.select({
    id: dealMessages.id, body: dealMessages.body, createdAt: dealMessages.createdAt, authorOrgId: dealMessages.authorOrgId,
    author: users.name, org: organizations.name, fileName: dealMessages.fileName, mime: dealMessages.mime, size: dealMessages.size,
  }).from(dealMessages).innerJoin(users, eq(users.id, dealMessages.authorUserId)).innerJoin(organizations, eq(organizations.id, dealMessages.authorOrgId))
    .where(eq(dealMessages.dealId, d.id)).orderBy(asc(dealMessages.createdAt), asc(dealMessages.id));
  const party = actor.type === "user" && (actor.orgId === d.buyerOrgId || actor.orgId === d.sellerOrgId) ? actor.orgId : null;
  if (party && messages.length) await markRead(db, d.id, party);
  return { deal: { id: d.id, listingId: d.listingId, status: d.status, buyerOrgId: d.buyerOrgId, sellerOrgId: d.sellerOrgId }, messages, canPost: party !== null };
}

/** Unread messages per deal for the actor's organisation (the other side's, after its last read). */
export async function unreadByDeal(actor: Actor, dealIds: string[]): Promise<Map<string, number>> {
  if (actor.type === "system" || !dealIds.length) return new Map();
  const db = await getDb();
  const rows = await db.select({ dealId: dealMessages.dealId, n: sql<number>`count(*)::int` }).from(dealMessages)
    .leftJoin(dealThreadReads, and(eq(dealThreadReads.dealId, dealMessages.dealId), eq(dealThreadReads.orgId, actor.orgId)))
    .where(and(inArray(dealMessages.dealId, dealIds), ne(dealMessages.authorOrgId, actor.orgId),
      sql`(${dealThreadReads.readAt} is null or ${dealMessages.createdAt} > ${dealThreadReads.readAt})`))
    .groupBy(dealMessages.dealId);
  return new Map(rows.map((r) => [r.dealId, r.n]));
}

/** A thread attachment: the deal's parties and admins only (anyone else: 404). */
export async function openDealAttachment(actor: Actor, dealId: string, messageId: string) {
  const db = await getDb();
  const d = await loadDeal(db, dealId);
  requireCan(actor, "deal.view", d);
  if (!isUuid(messageId)) throw new ServiceError(404, "errors.notFound");
  const [m] = await db.select().from(dealMessages).where(and(eq(dealMessages.id, messageId), eq(dealMessages.dealId, d.id), gt(dealMessages.size, 0)));
  if (!m?.storedName) throw new ServiceError(404, "errors.notFound");
  return { bytes: await readUpload(m.storedName), fileName: m.fileName ?? "attachment", mime: m.mime ?? "application/octet-stream" };
}
