import { desc } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { emailMessages } from "#db/schema/index";
import type { Actor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";
import { env } from "#app/utils/env.server";
import { listMailFiles, mailMode, readMailFile } from "#app/utils/mailer.server";

/** The platform's outgoing mail for admins: what was sent to whom, and (embedded mode) the `.eml` files. */
export async function listMailLog(actor: Actor) {
  requireCan(actor, "mail.log.read");
  const db = await getDb();
  const messages = await db.select({
    id: emailMessages.id, to: emailMessages.to, subject: emailMessages.subject, kind: emailMessages.kind, locale: emailMessages.locale,
    sentAt: emailMessages.sentAt, transportId: emailMessages.transportId, createdAt: emailMessages.createdAt,
  }).from(emailMessages).orderBy(desc(emailMessages.createdAt)).limit(200);
  return { mode: mailMode(), dir: env.MAIL_DIR, files: mailMode() === "files" ? await listMailFiles() : [], messages };
}

export async function readMailLogFile(actor: Actor, name: string) {
  requireCan(actor, "mail.log.read");
  return readMailFile(name);
}
