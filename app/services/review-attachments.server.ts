import { and, eq, gt } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { bankReviews, reviewMessages } from "#db/schema/index";
import { lostToAnotherBank } from "#app/domain/financing/lifecycle";
import { sniffDocumentType } from "#app/domain/market/file-type";
import { isUuid } from "#app/domain/ids";
import { isPlatformAdmin, type Actor } from "#app/domain/policy/index";
import { ServiceError } from "#app/utils/http.server";
import { loadApplication } from "./financing-shared.server";
import { audit } from "./operations.server";
import { readUpload, storeUpload } from "./stored-files.server";

/** An answer's attachment: PDF, JPEG, PNG or XLSX by its bytes, within UPLOAD_MAX_BYTES (over it: 413). */
export const storeAttachment = (file: { name: string; bytes: Uint8Array }) =>
  storeUpload(file, "file", { sniff: sniffDocumentType, typeKey: "financing.errors.attachmentType", tooLargeStatus: 413 });

/**
 * An attachment of an application's review thread, for the enterprise, the bank whose review thread
 * it is, and admins; anyone else — another bank, another enterprise, a bank that lost the
 * application to another — gets 404, as if it did not exist. Every download is audited.
 */
export async function openReviewAttachment(actor: Actor, applicationId: string, messageId: string) {
  const db = await getDb();
  const app = await loadApplication(db, applicationId);
  if (!isUuid(messageId) || actor.type === "system") throw new ServiceError(404, "errors.notFound");
  const [m] = await db.select({ m: reviewMessages, bankOrgId: bankReviews.bankOrgId, reviewId: bankReviews.id }).from(reviewMessages)
    .innerJoin(bankReviews, eq(bankReviews.id, reviewMessages.reviewId))
    .where(and(eq(reviewMessages.id, messageId), eq(bankReviews.applicationId, app.id), gt(reviewMessages.size, 0)));
  if (!m?.m.storedName) throw new ServiceError(404, "errors.notFound");
  const admin = isPlatformAdmin(actor);
  const enterprise = actor.orgId === app.enterpriseOrgId && actor.orgKind === "enterprise";
  const requestingBank = actor.orgId === m.bankOrgId && actor.orgKind === "bank" && !lostToAnotherBank(app.acceptedReviewId, [m.reviewId]);
  if (!admin && !enterprise && !requestingBank) throw new ServiceError(404, "errors.notFound");
  const bytes = await readUpload(m.m.storedName);
  await audit(db, actor, {
    action: "financing.attachment-downloaded", entityType: "bank_review", entityId: m.reviewId, orgId: app.enterpriseOrgId,
    after: { messageId, fileName: m.m.fileName, sha256: m.m.sha256, by: admin ? "admin" : enterprise ? "enterprise" : "bank" },
  });
  return { bytes, fileName: m.m.fileName ?? "attachment", mime: m.m.mime ?? "application/octet-stream", sha256: m.m.sha256 };
}
