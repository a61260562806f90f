import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtp } from "#tests/support/smtp-receiver";

// A real SMTP server in this process; the app sends to it through nodemailer.
const smtp = await startSmtp();
process.env.SMTP_URL = smtp.url;
process.env.APP_ORIGIN = "https://ip.example.cn";
process.env.PASSWORD_RESET_PER_HOUR = "3";

const { getDb } = await import("#db/client.server");
const { emailMessages, memberships, notifications, outbox, users, userTokens } = await import("#db/schema/index");
const { notifyOrgMembers } = await import("#app/services/notifications.server");
const { digestSweep, sendNotificationEmail } = await import("#app/services/mail.server");
const { requestPasswordReset, resetPassword, setPreference, verifyEmail } = await import("#app/services/account-email.server");
const { logIn, signUp } = await import("#app/services/accounts.server");
const { dictionaries } = await import("#app/i18n/index");
const { hashPassword } = await import("#app/utils/password.server");
const { runWorker } = await import("#jobs/runtime");
const { waitFor } = await import("#tests/support/processes");
const { createOrg, randomUscc } = await import("#tests/support/factories");

type Worker = Awaited<ReturnType<typeof runWorker>>;
let worker: Worker;
beforeAll(async () => {
  worker = await runWorker({ concurrency: 2 });
});
afterAll(async () => {
  await worker.close();
  await smtp.close();
}, 60_000);

const until = <T>(fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, ms = 30_000) => waitFor("the condition", async () => fn(), ms, 100);

/** A second member of the organisation, reading English. */
async function addMember(orgId: string, locale: "en" | "zh-CN") {
  const db = await getDb();
  const tag = crypto.randomBytes(4).toString("hex");
  const [u] = await db.insert(users).values({ email: `member-${tag}@test.ipm`, name: `Member ${tag}`, locale, passwordHash: await hashPassword("x-password-123") }).returning();
  await db.insert(memberships).values({ orgId, userId: u!.id, role: "member" });
  return u!;
}

async function notify(orgId: string, kind = "financing.notice.offer", link = "/financing/applications/abc") {
  const db = await getDb();
  const cause = crypto.randomUUID();
  await db.transaction((tx) => notifyOrgMembers(tx, { orgId, kind, params: {}, link, dedupeKey: `test:${cause}` }));
  return cause;
}

const linkIn = (text: string | undefined, path: string) => {
  const m = new RegExp(`https://ip\\.example\\.cn/${path}\\?token=([\\w-]+)`).exec(text ?? "");
  if (!m) throw new Error(`no ${path} link in: ${text}`);
  return m[1]!;
};

describe("e-mail over SMTP (real server, parsed with mailparser)", () => {
  it("mails each member of the organisation in their own language, with the notification's link", async () => {
    const org = await createOrg({ kind: "enterprise" });
    const en = await addMember(org.orgId, "en");
    await notify(org.orgId);
    const [zhMail] = await until(() => (smtp.to(org.email).length ? smtp.to(org.email) : null));
    const [enMail] = await until(() => (smtp.to(en.email).length ? smtp.to(en.email) : null));
    expect(zhMail!.subject).toBe(`【知识产权质押融资平台】${dictionaries["zh-CN"]["financing.notice.offer"]}`);
    expect(zhMail!.text).toContain(dictionaries["zh-CN"]["financing.notice.offer"]);
    expect(zhMail!.text).toContain("https://ip.example.cn/financing/applications/abc");
    expect(zhMail!.text).toContain("https://ip.example.cn/account/notifications");
    expect(enMail!.subject).toMatch(/^\[IP Pledge Financing\] /);
    expect(enMail!.text).toContain(dictionaries.en["financing.notice.offer"]);
    expect(enMail!.text).toContain(`Hello ${en.name},`);
    expect(enMail!.headers.get("content-language")).toBe("en");
    // Nobody outside the organisation got it.
    expect(smtp.messages.filter((m) => m.text?.includes("/financing/applications/abc"))).toHaveLength(2);
  });

  it("sends nothing for a kind the reader keeps in-app, and one daily digest for a kind they digest", async () => {
    const org = await createOrg({ kind: "enterprise" });
    await setPreference(org.actor, "financing", "in_app");
    await setPreference(org.actor, "market", "digest");
    const db = await getDb();
    await notify(org.orgId, "financing.notice.offer");
    await notify(org.orgId, "market.notify.offerReceived", "/deals/1");
    await notify(org.orgId, "market.notify.accepted", "/deals/2");
    const jobs = await until(async () => {
      const rows = await db.select().from(notifications).where(eq(notifications.userId, org.userId));
      const done = await Promise.all(rows.map(async (n) => (await db.select().from(outbox).where(eq(outbox.dedupeKey, `email:notification:${n.id}`)))[0]?.completedAt));
      return rows.length === 3 && done.every(Boolean) ? rows : null;
    });
    expect(smtp.to(org.email)).toEqual([]);
    // The notifications were yesterday's (Shanghai): the sweep sends one digest, however often it runs.
    await db.update(notifications).set({ createdAt: new Date(Date.now() - 86_400_000) }).where(eq(notifications.userId, org.userId));
    await digestSweep(db);
    await digestSweep(db);
    const digests = smtp.to(org.email);
    expect(digests).toHaveLength(1);
    expect(digests[0]!.subject).toMatch(/消息摘要（2 条）/);
    expect(digests[0]!.text).toContain("https://ip.example.cn/deals/1");
    expect(digests[0]!.text).not.toContain("/financing/applications/abc");
    expect(jobs).toHaveLength(3);
  });

  it("a job retried after an SMTP failure sends once; running it again after success sends nothing", async () => {
    const org = await createOrg({ kind: "enterprise" });
    smtp.failNext(1);
    await notify(org.orgId);
    const db = await getDb();
    const [n] = await db.select().from(notifications).where(eq(notifications.userId, org.userId));
    await until(async () => (await db.select().from(emailMessages).where(and(eq(emailMessages.dedupeKey, `notification:${n!.id}`))))[0]?.sentAt);
    expect(smtp.to(org.email)).toHaveLength(1);
    const again = await sendNotificationEmail(db, n!.id);
    expect(again).toMatchObject({ sent: false, reason: "already-sent" });
    expect(smtp.to(org.email)).toHaveLength(1);
  });

  it("the sign-up verification link works once and not after it expires", async () => {
    const tag = crypto.randomBytes(4).toString("hex");
    const email = `signup-${tag}@test.ipm`;
    const { userId } = await signUp({ orgKind: "enterprise", orgName: `验证测试${tag}`, uscc: randomUscc(), name: "张三", email, password: "a-long-password-1", passwordConfirm: "a-long-password-1" } as never, { ip: "127.0.0.1" });
    const [mail] = await until(() => (smtp.to(email).length ? smtp.to(email) : null));
    expect(mail!.subject).toBe("【知识产权质押融资平台】请验证您的邮箱");
    const token = linkIn(mail!.text, "verify-email");
    const db = await getDb();
    await verifyEmail(token, null);
    expect((await db.select().from(users).where(eq(users.id, userId)))[0]!.emailVerifiedAt).not.toBeNull();
    await expect(verifyEmail(token, null)).rejects.toMatchObject({ status: 400, messageKey: "mail.token.invalid" });
    // A second token, expired before it is used.
    const { requestVerification } = await import("#app/services/account-email.server");
    await db.update(users).set({ emailVerifiedAt: null }).where(eq(users.id, userId));
    await requestVerification({ type: "user", userId, orgId: crypto.randomUUID(), orgKind: "enterprise", orgStatus: "pending", role: "owner" });
    const second = await until(() => (smtp.to(email).length === 2 ? smtp.to(email)[1] : null));
    const token2 = linkIn(second.text, "verify-email");
    await db.update(userTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(and(eq(userTokens.userId, userId), eq(userTokens.purpose, "verify_email")));
    await expect(verifyEmail(token2, null)).rejects.toMatchObject({ status: 400 });
    expect((await db.select().from(users).where(eq(users.id, userId)))[0]!.emailVerifiedAt).toBeNull();
  });

  it("the reset link sets a new password once, signs out, expires, and is limited per hour; unknown addresses get nothing", async () => {
    const org = await createOrg({ kind: "enterprise" });
    await requestPasswordReset(org.email.toUpperCase(), "127.0.0.1");
    const [mail] = await until(() => (smtp.to(org.email).length ? smtp.to(org.email) : null));
    const token = linkIn(mail!.text, "reset-password");
    await resetPassword(token, "brand-new-password-9", null);
    expect(await logIn(org.email, "brand-new-password-9", { ip: null })).toMatchObject({ ok: true });
    await expect(resetPassword(token, "another-password-99", null)).rejects.toMatchObject({ status: 400, messageKey: "mail.token.invalid" });
    expect(await logIn(org.email, "another-password-99", { ip: null })).toMatchObject({ ok: false });

    await requestPasswordReset(org.email, null);
    const second = await until(() => (smtp.to(org.email).length === 2 ? smtp.to(org.email)[1] : null));
    const db = await getDb();
    await db.update(userTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(userTokens.userId, org.userId));
    await expect(resetPassword(linkIn(second.text, "reset-password"), "late-password-123", null)).rejects.toMatchObject({ status: 400 });

    // Three per hour: the third goes out, the fourth does not.
    await requestPasswordReset(org.email, null);
    await requestPasswordReset(org.email, null);
    const tokens = await db.select().from(userTokens).where(and(eq(userTokens.userId, org.userId), eq(userTokens.purpose, "reset_password")));
    expect(tokens).toHaveLength(3);
    await requestPasswordReset(`nobody-${crypto.randomBytes(3).toString("hex")}@test.ipm`, null);
    await until(() => smtp.to(org.email).length === 3);
  });
});
