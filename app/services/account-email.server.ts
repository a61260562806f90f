import { eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { notificationPreferences, sessions, users } from "#db/schema/index";
import { DEFAULT_CHANNEL, MAIL_CATEGORIES, type Channel, type MailCategory } from "#app/domain/mail";
import type { Actor, UserActor } from "#app/domain/policy/index";
import { env } from "#app/utils/env.server";
import { ServiceError } from "#app/utils/http.server";
import { hashPassword } from "#app/utils/password.server";
import { passwordProblem } from "#app/utils/password-strength.server";
import { consumeToken, issueToken, recentResets } from "./mail.server";
import { audit } from "./operations.server";

/** E-mail verification, password reset and notification preferences: the user-facing use cases. */

const SYSTEM: Actor = { type: "system", job: "account-email" };

/** Sends the verification e-mail again (a new token; older ones stay valid until they expire). */
export async function requestVerification(actor: UserActor) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [u] = await tx.select({ verifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, actor.userId));
    if (!u || u.verifiedAt) return { sent: false };
    await issueToken(tx, actor.userId, "verify_email");
    return { sent: true };
  });
}

export async function verifyEmail(token: string, ip: string | null) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const used = await consumeToken(tx, token, "verify_email");
    if (!used) throw new ServiceError(400, "mail.token.invalid");
    await tx.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, used.userId));
    await audit(tx, SYSTEM, { action: "user.email-verified", entityType: "user", entityId: used.userId, ip });
    return { userId: used.userId };
  });
}

/**
 * A reset link for an address. The answer is the same whether or not it is registered (and when
 * the hourly limit is reached), so the form tells nobody which addresses exist.
 */
export async function requestPasswordReset(email: string, ip: string | null) {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [u] = await tx.select({ id: users.id, suspendedAt: users.suspendedAt }).from(users).where(eq(users.email, email.trim().toLowerCase())).for("update");
    if (!u || u.suspendedAt) return;
    if ((await recentResets(tx, u.id)) >= env.PASSWORD_RESET_PER_HOUR) {
      await audit(tx, SYSTEM, { action: "user.password-reset-limited", entityType: "user", entityId: u.id, ip });
      return;
    }
    await issueToken(tx, u.id, "reset_password");
    await audit(tx, SYSTEM, { action: "user.password-reset-requested", entityType: "user", entityId: u.id, ip });
  });
  return { ok: true };
}

/** Sets the new password once per token and signs the user out everywhere; a weak password leaves the token unused. */
export async function resetPassword(token: string, password: string, ip: string | null) {
  const passwordHash = await hashPassword(password);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const used = await consumeToken(tx, token, "reset_password");
    if (!used) throw new ServiceError(400, "mail.token.invalid");
    const [u] = await tx.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, used.userId));
    const weak = passwordProblem(password, [u?.email ?? "", u?.name ?? ""]);
    // Thrown inside the transaction, so the token's use is rolled back and the link still works.
    if (weak) throw new ServiceError(400, "errors.fixBelow", { password: [weak] });
    // Whoever opened the link controls the address: that verifies it too.
    await tx.update(users).set({ passwordHash, emailVerifiedAt: new Date() }).where(eq(users.id, used.userId));
    await tx.delete(sessions).where(eq(sessions.userId, used.userId));
    await audit(tx, SYSTEM, { action: "user.password-reset", entityType: "user", entityId: used.userId, ip });
    return { userId: used.userId };
  });
}

export async function getMailSettings(actor: UserActor) {
  const db = await getDb();
  const [u] = await db.select({ email: users.email, verifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, actor.userId));
  const rows = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, actor.userId));
  const chosen = new Map(rows.map((r) => [r.category, r.channel]));
  return {
    email: u?.email ?? "", verifiedAt: u?.verifiedAt ?? null,
    preferences: MAIL_CATEGORIES.map((category) => ({ category, channel: (chosen.get(category) ?? DEFAULT_CHANNEL) as Channel })),
  };
}

export async function setPreference(actor: UserActor, category: string, channel: Channel) {
  if (!(MAIL_CATEGORIES as readonly string[]).includes(category)) throw new ServiceError(400, "errors.fixBelow", { category: ["errors.invalid"] });
  const db = await getDb();
  await db.insert(notificationPreferences).values({ userId: actor.userId, category: category as MailCategory, channel })
    .onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.category], set: { channel, updatedAt: new Date() } });
  return { category, channel };
}


