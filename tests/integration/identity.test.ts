import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, queryRows } from "#db/client.server";
import { auditEvents, notifications, organizations } from "#db/schema/index";
import { decideOrg } from "#app/services/org-verification.server";
import { processNotification } from "#jobs/processors/notifications";
import { relayBatch, inlineDispatcher } from "#jobs/relay";
import { client, startTestServer } from "#tests/support/server";
import { createAdmin, createOrg, randomUscc, TEST_PASSWORD } from "#tests/support/factories";

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe("sign-up", () => {
  it("creates a pending organisation with the normalised code, answers 'check your e-mail', and the owner signs in", async () => {
    const c = client(server.base);
    const uscc = randomUscc();
    const fullWidthLower = [...uscc.toLowerCase()].map((ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).join("");
    const email = `Signup-${Date.now()}@Test.ipm`;
    const res = await c.post("/signup", {
      orgKind: "enterprise", orgName: "上海测试科技有限公司", uscc: fullWidthLower, name: "张三",
      email, password: "a-long-password", passwordConfirm: "a-long-password",
    });
    // The same answer a registered address gets: nobody is signed in by the sign-up itself.
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("请查收邮件");
    expect(res.headers.getSetCookie().some((x) => x.startsWith("__ipm_session="))).toBe(false);
    const db = await getDb();
    const [org] = await db.select().from(organizations).where(eq(organizations.uscc, uscc));
    expect(org?.status).toBe("pending");
    const login = await c.post("/login", { email, password: "a-long-password" });
    const cookie = login.headers.getSetCookie().find((x) => x.startsWith("__ipm_session="))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const page = await c.get("/account");
    expect(await page.text()).toContain("等待平台管理员核验");
  });

  it("answers a wrong check character with 400 and a field message in the chosen language", async () => {
    const c = client(server.base);
    const form = { orgKind: "bank", orgName: "X", uscc: "914403001922038217", name: "A", email: "x@test.ipm", password: "short", passwordConfirm: "other" };
    const zh = await c.post("/signup", form);
    expect(zh.status).toBe(400);
    const zhHtml = await zh.text();
    expect(zhHtml).toContain("统一社会信用代码校验位不正确");
    expect(zhHtml).toContain("密码至少需要 10 个字符");
    const en = await c.post("/signup?lang=en", { ...form, password: "long-enough-1", passwordConfirm: "long-enough-2" });
    expect(en.status).toBe(400);
    const enHtml = await en.text();
    expect(enHtml).toContain("The check character of the unified social credit code is wrong");
    expect(enHtml).toContain("Passwords do not match");
  });

  it("answers a code that is already registered with a field message offering to ask to join, not a 500", async () => {
    const existing = await createOrg();
    const db = await getDb();
    const [org] = await db.select({ uscc: organizations.uscc }).from(organizations).where(eq(organizations.id, existing.orgId));
    const res = await client(server.base).post("/signup", {
      orgKind: "enterprise", orgName: "重复", uscc: org!.uscc, name: "李四", email: `dup-${Date.now()}@test.ipm`,
      password: "a-long-password", passwordConfirm: "a-long-password",
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("该统一社会信用代码已注册。如果您在该机构工作");
  });
});

describe("sessions and login limits", () => {
  it("makes the 6th attempt in a row from one address wait (429, Retry-After), and audits every failure", async () => {
    const org = await createOrg();
    const c = client(server.base);
    for (let i = 0; i < 5; i++) {
      const res = await c.post("/login", { email: org.email, password: "wrong-password" });
      expect(res.status).toBe(400);
    }
    const locked = await c.post("/login", { email: org.email, password: TEST_PASSWORD });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(locked.headers.getSetCookie().some((x) => x.startsWith("__ipm_session="))).toBe(false);
    const db = await getDb();
    const rows = await db.select().from(auditEvents).where(eq(auditEvents.entityId, org.userId));
    expect(rows.filter((r) => r.action === "auth.login-failed")).toHaveLength(5);
    const held = await db.select().from(auditEvents).where(eq(auditEvents.entityId, org.email));
    expect(held.filter((r) => r.action === "auth.login-throttled")).toHaveLength(1);
  });

  it("refuses a cross-origin POST with 403 before it reaches the action", async () => {
    const org = await createOrg();
    const c = client(server.base);
    const res = await c.post("/login", { email: org.email, password: TEST_PASSWORD }, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    const logout = await c.post("/logout", {}, { origin: "https://evil.example" });
    expect(logout.status).toBe(403);
  });

  it("signs out: the old cookie no longer opens a page", async () => {
    const org = await createOrg();
    const c = client(server.base);
    await c.login(org.email, TEST_PASSWORD);
    const cookie = c.jar.get("__ipm_session")!;
    expect((await c.get("/account")).status).toBe(200);
    await c.post("/logout", {});
    const replay = await fetch(`${server.base}/account`, { headers: { cookie: `__ipm_session=${cookie}` }, redirect: "manual" });
    expect(replay.status).toBe(302);
    expect(replay.headers.get("location")).toMatch(/^\/login/);
  });
});

describe("pending organisations", () => {
  it("lets a pending member see the status page and refuses every business page", async () => {
    const org = await createOrg({ status: "pending" });
    const c = client(server.base);
    await c.login(org.email, TEST_PASSWORD);
    expect((await c.get("/account")).status).toBe(200);
    for (const page of ["/dashboard", "/admin"]) {
      expect((await c.get(page)).status, page).toBe(403);
    }
  });
});

describe("admin verification", () => {
  it("writes exactly one audit row and one notification per member, even when the job runs twice", async () => {
    const admin = await createAdmin();
    const org = await createOrg({ status: "pending" });
    await decideOrg(admin.actor, org.orgId, "verify", null);
    const db = await getDb();

    const audits = await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, org.orgId), eq(auditEvents.action, "org.verified")));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorUserId: admin.userId, orgId: org.orgId, before: { status: "pending" }, after: { status: "verified" } });

    const [job] = await queryRows<{ payload: unknown; name: string; dedupe_key: string }>(db, sql`select payload, name, dedupe_key from outbox where dedupe_key like ${"org-status:" + org.orgId + "%"}`);
    const ctx = { id: job!.dedupe_key, name: job!.name, attemptsMade: 0, db, updateProgress: async () => {}, log: () => {} };
    await processNotification(job!.payload, ctx);
    await processNotification(job!.payload, { ...ctx, attemptsMade: 1 });
    const notes = await db.select().from(notifications).where(eq(notifications.userId, org.userId));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.kind).toBe("notify.orgVerified");
  });

  it("refuses a second decision on the same organisation", async () => {
    const admin = await createAdmin();
    const org = await createOrg({ status: "pending" });
    await decideOrg(admin.actor, org.orgId, "verify", null);
    await expect(decideOrg(admin.actor, org.orgId, "reject", "late")).rejects.toMatchObject({ status: 409 });
  });

  it("does not let a non-admin verify anything (403) and the admin page answers 403 to them", async () => {
    const bank = await createOrg({ kind: "bank" });
    const org = await createOrg({ status: "pending" });
    await expect(decideOrg(bank.actor, org.orgId, "verify", null)).rejects.toMatchObject({ status: 403 });
    const c = client(server.base);
    await c.login(bank.email, TEST_PASSWORD);
    expect((await c.get("/admin")).status).toBe(403);
    expect((await c.post("/admin", { intent: "verify", orgId: org.orgId })).status).toBe(403);
  });

  it("answers a rejection without a reason with 400 and the message, in English on request", async () => {
    const admin = await createAdmin();
    const org = await createOrg({ status: "pending" });
    const c = client(server.base);
    await c.login(admin.email, TEST_PASSWORD);
    const res = await c.post("/admin?lang=en", { intent: "reject", orgId: org.orgId, reason: "" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Please give a reason");
  });

  it("runs the outbox job through the relay once, however often the relay runs", async () => {
    const admin = await createAdmin();
    const org = await createOrg({ status: "pending" });
    await decideOrg(admin.actor, org.orgId, "verify", null);
    const db = await getDb();
    await relayBatch(db, inlineDispatcher(db));
    await db.execute(sql`update outbox set dispatched_at = null, completed_at = null, available_at = now() where dedupe_key like ${"org-status:" + org.orgId + "%"}`);
    await relayBatch(db, inlineDispatcher(db));
    const notes = await db.select().from(notifications).where(eq(notifications.userId, org.userId));
    expect(notes).toHaveLength(1);
  });
});

describe("audit trail", () => {
  it("refuses UPDATE, DELETE and TRUNCATE on audit_events in PostgreSQL", async () => {
    const admin = await createAdmin();
    const org = await createOrg({ status: "pending" });
    await decideOrg(admin.actor, org.orgId, "verify", null);
    const db = await getDb();
    const refused = (e: unknown) => /append-only/.test(String((e as { cause?: Error }).cause?.message ?? e));
    await expect(db.execute(sql`update audit_events set action = 'forged'`)).rejects.toSatisfy(refused);
    await expect(db.execute(sql`delete from audit_events`)).rejects.toSatisfy(refused);
    await expect(db.execute(sql`truncate audit_events`)).rejects.toSatisfy(refused);
    const [{ n }] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from audit_events where action = 'org.verified'`);
    expect(n).toBeGreaterThan(0);
  });
});

describe("health", () => {
  it("answers ok for the database and the queue", async () => {
    const res = await fetch(`${server.base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", db: "ok", queue: "ok" });
  });
});
