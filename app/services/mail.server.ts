import crypto from "node:crypto";
import { and, eq, gt, gte, isNull, lt } from "drizzle-orm";
import type { Db, Executor } from "#db/client.server";
import { emailMessages, notificationPreferences, notifications, organizations, users, userTokens } from "#db/schema/index";
import { accountNoticeMail, categoryOf, DEFAULT_CHANNEL, digestMail, notificationMail, resetMail, verifyMail, type AccountNotice, type Channel, type MailContent } from "#app/domain/mail";
import { addDays, shanghaiDate } from "#app/domain/dates";
import { isLocale, translateStored, translator, type Locale, type Params } from "#app/i18n/index";
import { env } from "#app/utils/env.server";
import { sendMail } from "#app/utils/mailer.server";
import { enqueue } from "./operations.server";

/**
 * E-mail as outbox jobs. Each message has a dedupe key (the notification, the token, the digest
 * day): its row in `email_messages` is written before sending and stamped `sent_at` after, so a
 * job that runs again after a success sends nothing; one that died between the SMTP answer and the
 * stamp sends again with the same Message-ID (at least once, and mail systems drop the twin).
 */

export const publicOrigin = () => (env.APP_ORIGIN ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
const localeOf = (l: string): Locale => (isLocale(l) ? l : "zh-CN");

/** Called where in-app notifications are written: one e-mail job per notification (deduped). */
export async function queueNotificationEmails(tx: Executor, notificationIds: string[]) {
  for (const id of notificationIds) await enqueue(tx, "notifications", "email", { notificationId: id }, { dedupeKey: `email:notification:${id}` });
}

export async function channelFor(exec: Executor, userId: string, kind: string): Promise<Channel> {
  const [p] = await exec.select({ channel: notificationPreferences.channel }).from(notificationPreferences)
    .where(and(eq(notificationPreferences.userId, userId), eq(notificationPreferences.category, categoryOf(kind))));
  return p?.channel ?? DEFAULT_CHANNEL;
}

/** Sends one message once per dedupe key. */
export async function sendOnce(db: Db, m: { userId: string | null; dedupeKey: string; kind: string; to: string; locale: Locale; content: MailContent }) {
  await db.insert(emailMessages).values({ userId: m.userId, dedupeKey: m.dedupeKey, kind: m.kind, to: m.to, locale: m.locale, subject: m.content.subject })
    .onConflictDoNothing({ target: emailMessages.dedupeKey });
  const [row] = await db.select().from(emailMessages).where(eq(emailMessages.dedupeKey, m.dedupeKey));
  if (row!.sentAt) return { sent: false as const, reason: "already-sent" };
  const messageId = `<${crypto.createHash("sha256").update(m.dedupeKey).digest("hex").slice(0, 32)}@ipm.mail>`;
  const transportId = await sendMail({ to: m.to, subject: m.content.subject, text: m.content.text, messageId, locale: m.locale });
  await db.update(emailMessages).set({ sentAt: new Date(), transportId }).where(eq(emailMessages.id, row!.id));
  return { sent: true as const, transportId };
}

/** The e-mail job of one notification: sent now if its reader chose e-mail for its kind. */
export async function sendNotificationEmail(db: Db, notificationId: string) {
  const [n] = await db.select({ n: notifications, u: { id: users.id, email: users.email, name: users.name, locale: users.locale, suspendedAt: users.suspendedAt } })
    .from(notifications).innerJoin(users, eq(users.id, notifications.userId)).where(eq(notifications.id, notificationId));
  if (!n || n.u.suspendedAt) return { sent: false, reason: "no-recipient" };
  const channel = await channelFor(db, n.u.id, n.n.kind);
  if (channel !== "email") return { sent: false, reason: channel };
  const locale = localeOf(n.u.locale);
  const t = translator(locale);
  const text = translateStored(t, n.n.kind, (n.n.params ?? {}) as Params);
  return sendOnce(db, {
    userId: n.u.id, dedupeKey: `notification:${notificationId}`, kind: n.n.kind, to: n.u.email, locale,
    content: notificationMail(t, { name: n.u.name, text, link: n.n.link, origin: publicOrigin() }),
  });
}

/**
 * Scheduled (hourly): for each user with a daily-digest kind, one e-mail with the previous
 * Shanghai day's notifications of those kinds — once per user and day, however often it runs.
 */
export async function digestSweep(db: Db, now = new Date()) {
  const day = addDays(shanghaiDate(now), -1);
  const from = new Date(`${day}T00:00:00+08:00`);
  const to = new Date(`${addDays(day, 1)}T00:00:00+08:00`);
  const prefs = await db.select().from(notificationPreferences).where(eq(notificationPreferences.channel, "digest"));
  const byUser = new Map<string, Set<string>>();
  for (const p of prefs) (byUser.get(p.userId) ?? byUser.set(p.userId, new Set()).get(p.userId)!).add(p.category);
  let sent = 0;
  for (const [userId, categories] of byUser) {
    const [u] = await db.select().from(users).where(eq(users.id, userId));
    if (!u || u.suspendedAt) continue;
    const rows = await db.select().from(notifications)
      .where(and(eq(notifications.userId, userId), gte(notifications.createdAt, from), lt(notifications.createdAt, to))).orderBy(notifications.createdAt);
    const items = rows.filter((r) => categories.has(categoryOf(r.kind)));
    if (!items.length) continue;
    const locale = localeOf(u.locale);
    const t = translator(locale);
    const r = await sendOnce(db, {
      userId, dedupeKey: `digest:${userId}:${day}`, kind: "mail.digest", to: u.email, locale,
      content: digestMail(t, { name: u.name, date: day, items: items.map((i) => ({ text: translateStored(t, i.kind, (i.params ?? {}) as Params), link: i.link })), origin: publicOrigin() }),
    });
    if (r.sent) sent++;
  }
  return { users: byUser.size, sent };
}

// ---- verification and reset tokens ----

/** The token of a row: an HMAC of its id, so neither the database nor the outbox holds it. */
export const tokenFor = (tokenId: string) => crypto.createHmac("sha256", env.SESSION_SECRET).update(`user-token:${tokenId}`).digest("base64url");
export const hashToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

export async function issueToken(tx: Executor, userId: string, purpose: "verify_email" | "reset_password") {
  const id = crypto.randomUUID();
  const minutes = purpose === "verify_email" ? env.EMAIL_VERIFY_TTL_MINUTES : env.PASSWORD_RESET_TTL_MINUTES;
  await tx.insert(userTokens).values({ id, userId, purpose, tokenHash: hashToken(tokenFor(id)), expiresAt: new Date(Date.now() + minutes * 60_000) });
  await enqueue(tx, "notifications", "account-email", { tokenId: id }, { dedupeKey: `email:token:${id}` });
  return id;
}

/** How many reset tokens an address got in the last hour (the limit is PASSWORD_RESET_PER_HOUR). */
export async function recentResets(exec: Executor, userId: string) {
  const rows = await exec.select({ id: userTokens.id }).from(userTokens)
    .where(and(eq(userTokens.userId, userId), eq(userTokens.purpose, "reset_password"), gte(userTokens.createdAt, new Date(Date.now() - 3_600_000))));
  return rows.length;
}

/** The e-mail job of one token; a token already used or expired is not sent. */
export async function sendAccountEmail(db: Db, tokenId: string) {
  const [row] = await db.select({ tk: userTokens, u: users }).from(userTokens).innerJoin(users, eq(users.id, userTokens.userId)).where(eq(userTokens.id, tokenId));
  if (!row || row.tk.usedAt || row.tk.expiresAt.getTime() <= Date.now()) return { sent: false, reason: "unusable" };
  const locale = localeOf(row.u.locale);
  const t = translator(locale);
  const origin = publicOrigin();
  const verify = row.tk.purpose === "verify_email";
  const url = `${origin}/${verify ? "verify-email" : "reset-password"}?token=${tokenFor(tokenId)}`;
  const content = verify
    ? verifyMail(t, { name: row.u.name, url, hours: Math.round(env.EMAIL_VERIFY_TTL_MINUTES / 60), origin })
    : resetMail(t, { name: row.u.name, url, minutes: env.PASSWORD_RESET_TTL_MINUTES, origin });
  return sendOnce(db, { userId: row.u.id, dedupeKey: `token:${tokenId}`, kind: `mail.${row.tk.purpose}`, to: row.u.email, locale, content });
}

/** Uses a token once: the row must match, be unused, unexpired and of the purpose; else null. */
export async function consumeToken(tx: Executor, token: string, purpose: "verify_email" | "reset_password") {
  if (!token || token.length > 200) return null;
  const [row] = await tx.update(userTokens).set({ usedAt: new Date() })
    .where(and(eq(userTokens.tokenHash, hashToken(token)), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt), gt(userTokens.expiresAt, new Date())))
    .returning({ id: userTokens.id, userId: userTokens.userId });
  return row ?? null;
}

// ---- account notices ----

type NoticeJob = { userId: string; notice: AccountNotice; orgId: string | null; causeId: string };

/** Queues an account notice to one user, once per cause (the cause names what happened and, for repeatable events, when). */
export async function queueAccountNotice(tx: Executor, job: NoticeJob) {
  await enqueue(tx, "notifications", "account-notice", job, { dedupeKey: `email:notice:${job.notice}:${job.causeId}` });
}

/** The e-mail job of one account notice, in the reader's language; sent once per cause. */
export async function sendAccountNotice(db: Db, job: NoticeJob) {
  const [u] = await db.select().from(users).where(eq(users.id, job.userId));
  if (!u || u.suspendedAt) return { sent: false, reason: "no-recipient" };
  const [org] = job.orgId ? await db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, job.orgId)) : [];
  const locale = localeOf(u.locale);
  const t = translator(locale);
  return sendOnce(db, {
    userId: u.id, dedupeKey: `notice:${job.notice}:${job.causeId}`, kind: `mail.notice.${job.notice}`, to: u.email, locale,
    content: accountNoticeMail(t, { notice: job.notice, name: u.name, email: u.email, org: org?.name ?? "", origin: publicOrigin() }),
  });
}
