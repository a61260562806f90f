import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startSmtp } from "#tests/support/smtp-receiver";

// A real SMTP server in this process; the outbox is relayed inline, so each mail is counted as sent.
const smtp = await startSmtp();
vi.hoisted(() => {
  process.env.RATE_LIMIT_SIGNUPS_PER_HOUR = "1000";
});
process.env.SMTP_URL = smtp.url;

const { and, eq } = await import("drizzle-orm");
const { getDb } = await import("#db/client.server");
const { auditEvents, joinRequests, memberships, notifications, organizations, outbox, users, userTokens } = await import("#db/schema/index");
const { requestPasswordReset, resetPassword } = await import("#app/services/account-email.server");
const { tokenFor } = await import("#app/services/mail.server");
const { hashPassword } = await import("#app/utils/password.server");
const { relayBatch, inlineDispatcher } = await import("#jobs/relay");
const { client, startTestServer } = await import("#tests/support/server");
const { createOrg, randomUscc, TEST_PASSWORD } = await import("#tests/support/factories");

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
  await smtp.close();
});

const PASSWORD = "Tangerine-Harbour-1987";
const tag = () => crypto.randomBytes(4).toString("hex");
const signupForm = (over: Record<string, string> = {}) => ({
  orgKind: "enterprise", orgName: `注册测试${tag()}有限公司`, uscc: randomUscc(), name: "张三",
  email: `new-${tag()}@test.ipm`, password: PASSWORD, passwordConfirm: PASSWORD, ...over,
});
const signup = (form: Record<string, string>, lang: "zh-CN" | "en" = "zh-CN") => client(server.base).post(`/signup${lang === "en" ? "?lang=en" : ""}`, form);
const relayAll = async () => {
  const db = await getDb();
  while ((await relayBatch(db, inlineDispatcher(db))) > 0);
};
const usccOf = async (orgId: string) => (await (await getDb()).select({ uscc: organizations.uscc }).from(organizations).where(eq(organizations.id, orgId)))[0]!.uscc;

/** A pending request to join `orgId`, made through the sign-up form; the requester's e-mail. */
async function requestToJoin(orgId: string) {
  const email = `joiner-${tag()}@test.ipm`;
  const res = await signup(signupForm({ uscc: await usccOf(orgId), email, name: `申请人${tag()}`, joinRequest: "on" }));
  expect(res.status).toBe(200);
  const db = await getDb();
  const [u] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  const [req] = await db.select().from(joinRequests).where(eq(joinRequests.userId, u!.id));
  return { email, userId: u!.id, requestId: req!.id };
}

async function signedIn(email: string, password = TEST_PASSWORD) {
  const c = client(server.base);
  await c.login(email, password);
  return c;
}

async function addMember(orgId: string) {
  const db = await getDb();
  const email = `member-${tag()}@test.ipm`;
  const [u] = await db.insert(users).values({ email, name: "成员", passwordHash: await hashPassword(TEST_PASSWORD) }).returning();
  await db.insert(memberships).values({ orgId, userId: u!.id, role: "member" });
  return email;
}

describe("sign-up tells nobody which addresses are registered", () => {
  it("answers a registered address as it answers a new one, and mails its owner one notice however often it is tried", async () => {
    const owner = await createOrg();
    const db = await getDb();
    const fresh = await signup(signupForm());
    const taken = await signup(signupForm({ email: owner.email }));
    const again = await signup(signupForm({ email: owner.email.toUpperCase() }));
    for (const res of [fresh, taken, again]) {
      expect(res.status).toBe(200);
      expect(res.headers.getSetCookie().some((c) => c.startsWith("__ipm_session="))).toBe(false);
      expect(await res.text()).toContain("请查收邮件");
    }
    // Nothing was created for the registered address.
    expect(await db.select().from(users).where(eq(users.email, owner.email))).toHaveLength(1);
    expect(await db.select().from(memberships).where(eq(memberships.userId, owner.userId))).toHaveLength(1);

    await relayAll();
    const notices = smtp.to(owner.email);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.subject).toBe("【知识产权质押融资平台】有人尝试用您的邮箱注册");
    expect(notices[0]!.text).toMatch(/https?:\/\/[^\s]+\/login\n/);
    expect(notices[0]!.text).toMatch(/https?:\/\/[^\s]+\/forgot-password\n/);
  });
});

describe("a registered USCC: asking to join", () => {
  it("offers to ask the owners instead of a bare refusal, and nothing is written until asked", async () => {
    const org = await createOrg();
    const db = await getDb();
    const email = `first-${tag()}@test.ipm`;
    const res = await signup(signupForm({ uscc: await usccOf(org.orgId), email }), "en");
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("tick “Ask to join this organisation”");
    expect(html).toContain('name="joinRequest"');
    expect(await db.select().from(users).where(eq(users.email, email))).toHaveLength(0);
  });

  it("stores one pending request, notifies the owners (not the members), and the requester's sign-in says it is waiting", async () => {
    const org = await createOrg();
    const member = await addMember(org.orgId);
    const joiner = await requestToJoin(org.orgId);
    const db = await getDb();
    const [req] = await db.select().from(joinRequests).where(eq(joinRequests.id, joiner.requestId));
    expect(req).toMatchObject({ orgId: org.orgId, status: "pending" });
    expect(await db.select().from(memberships).where(eq(memberships.userId, joiner.userId))).toHaveLength(0);
    const toOwner = await db.select().from(notifications).where(and(eq(notifications.userId, org.userId), eq(notifications.kind, "account.notify.joinRequested")));
    expect(toOwner).toHaveLength(1);
    const [m] = await db.select({ id: users.id }).from(users).where(eq(users.email, member));
    expect(await db.select().from(notifications).where(eq(notifications.userId, m!.id))).toHaveLength(0);

    const login = await client(server.base).post("/login", { email: joiner.email, password: PASSWORD });
    expect(login.status).toBe(403);
    expect(login.headers.getSetCookie().some((c) => c.startsWith("__ipm_session="))).toBe(false);
    expect(await login.text()).toContain("正在等待该机构负责人审核");
    const wrong = await client(server.base).post("/login", { email: joiner.email, password: "not-the-password-1" });
    expect(await wrong.text()).toContain("邮箱或密码不正确");
  });

  it("only an owner of that organisation decides: another organisation's owner 404, a member 403", async () => {
    const org = await createOrg();
    const joiner = await requestToJoin(org.orgId);
    const stranger = await createOrg();
    const foreign = await (await signedIn(stranger.email)).post("/account", { intent: "approve", requestId: joiner.requestId, role: "owner" });
    expect(foreign.status).toBe(404);
    expect(await foreign.text()).not.toContain(joiner.email);
    const member = await (await signedIn(await addMember(org.orgId))).post("/account", { intent: "approve", requestId: joiner.requestId, role: "owner" });
    expect(member.status).toBe(403);
    const db = await getDb();
    expect((await db.select().from(joinRequests).where(eq(joinRequests.id, joiner.requestId)))[0]!.status).toBe("pending");
    expect(await db.select().from(memberships).where(eq(memberships.userId, joiner.userId))).toHaveLength(0);
  });

  it("accepts once with the chosen role: a double click changes nothing twice, the other decision is refused, the requester signs in", async () => {
    const org = await createOrg();
    const joiner = await requestToJoin(org.orgId);
    const owner = await signedIn(org.email);
    const page = await owner.get("/account");
    expect(await page.text()).toContain(joiner.email);
    const decision = { intent: "approve", requestId: joiner.requestId, role: "member" };
    const [a, b] = await Promise.all([owner.post("/account", decision), owner.post("/account", decision)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const late = await owner.post("/account?lang=en", { intent: "decline", requestId: joiner.requestId });
    expect(late.status).toBe(409);
    expect(await late.text()).toContain("already been decided");

    const db = await getDb();
    expect(await db.select().from(memberships).where(eq(memberships.userId, joiner.userId))).toEqual([expect.objectContaining({ orgId: org.orgId, role: "member" })]);
    expect((await db.select().from(joinRequests).where(eq(joinRequests.id, joiner.requestId)))[0]).toMatchObject({ status: "accepted", decidedBy: org.userId });
    expect(await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, joiner.requestId), eq(auditEvents.action, "org.join-accepted")))).toHaveLength(1);
    expect(await db.select().from(outbox).where(eq(outbox.dedupeKey, `email:notice:join-accepted:${joiner.requestId}`))).toHaveLength(1);

    await relayAll();
    expect(smtp.to(joiner.email).filter((m) => m.subject?.includes("您已加入"))).toHaveLength(1);
    const res = await client(server.base).post("/login", { email: joiner.email, password: PASSWORD });
    expect(res.status).toBe(302);
  });

  it("declines once; the declined requester is told so at sign-in, in English on request", async () => {
    const org = await createOrg();
    const joiner = await requestToJoin(org.orgId);
    const owner = await signedIn(org.email);
    expect((await owner.post("/account", { intent: "decline", requestId: joiner.requestId })).status).toBe(200);
    expect((await owner.post("/account", { intent: "decline", requestId: joiner.requestId })).status).toBe(200);
    expect((await owner.post("/account", { intent: "approve", requestId: joiner.requestId, role: "owner" })).status).toBe(409);
    const db = await getDb();
    expect(await db.select().from(memberships).where(eq(memberships.userId, joiner.userId))).toHaveLength(0);
    expect(await db.select().from(auditEvents).where(eq(auditEvents.entityId, joiner.requestId))).toHaveLength(2); // requested, declined
    const login = await client(server.base).post("/login?lang=en", { email: joiner.email, password: PASSWORD });
    expect(login.status).toBe(403);
    expect(await login.text()).toContain("was declined");
  });
});

describe("password strength (zxcvbn)", () => {
  it("refuses aaaaaaaaaa at sign-up with 400 and the reason in Chinese and in English; nothing is written", async () => {
    const email = `weak-${tag()}@test.ipm`;
    const form = signupForm({ email, password: "aaaaaaaaaa", passwordConfirm: "aaaaaaaaaa" });
    const zh = await signup(form);
    expect(zh.status).toBe(400);
    expect(await zh.text()).toContain("密码太弱：重复的字符");
    const en = await signup(form, "en");
    expect(en.status).toBe(400);
    expect(await en.text()).toContain("Password too weak: repeated characters");
    // Strong in general, weak as this person's password: it is their e-mail address.
    const local = `kingfisherquarry${tag()}`;
    const mine = await signup(signupForm({ email: `${local}@test.ipm`, password: local, passwordConfirm: local }), "en");
    expect(mine.status).toBe(400);
    expect(await mine.text()).toContain("Password too weak: do not use your name, e-mail address");
    const db = await getDb();
    expect(await db.select().from(users).where(eq(users.email, email))).toHaveLength(0);
  });

  it("refuses a weak new password on reset and leaves the link usable", async () => {
    const org = await createOrg();
    await requestPasswordReset(org.email, null);
    const db = await getDb();
    const [tk] = await db.select().from(userTokens).where(and(eq(userTokens.userId, org.userId), eq(userTokens.purpose, "reset_password")));
    const token = tokenFor(tk!.id);
    await expect(resetPassword(token, "password123", null)).rejects.toMatchObject({ status: 400, fieldErrors: { password: ["errors.weakPassword.common"] } });
    const page = await client(server.base).post("/reset-password?lang=en", { token, password: "qwertyuiop", passwordConfirm: "qwertyuiop" });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain("Password too weak: this is a commonly used password");
    await resetPassword(token, "Quiet-Lantern-Orchard-42", null);
    expect((await client(server.base).post("/login", { email: org.email, password: "Quiet-Lantern-Orchard-42" })).status).toBe(302);
  });
});
