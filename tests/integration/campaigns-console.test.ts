import { Worker } from "bullmq";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, queryRows } from "#db/client.server";
import { auditEvents, outbox, sessions, users } from "#db/schema/index";
import { createRedis, queuePrefix } from "#jobs/connection";
import { searchAudit, setUserSuspension } from "#app/services/admin-console.server";
import { getQueue } from "#app/utils/queue.server";
import { client, startTestServer } from "#tests/support/server";
import { createAdmin, createOrg, TEST_PASSWORD } from "#tests/support/factories";

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const CONSOLE_PAGES = ["/admin", "/admin/orgs", "/admin/users", "/admin/audit", "/admin/jobs", "/admin/exports/audit?format=csv"];

describe("admin console access", () => {
  it("refuses every console page and action to a bank, an enterprise and a university member (403)", async () => {
    for (const kind of ["bank", "enterprise", "university"] as const) {
      const org = await createOrg({ kind });
      const c = client(server.base);
      await c.login(org.email, TEST_PASSWORD);
      for (const page of CONSOLE_PAGES) expect((await c.get(page)).status, `${kind} GET ${page}`).toBe(403);
      expect((await c.post("/admin/users", { intent: "suspend", userId: org.userId, reason: "test" })).status).toBe(403);
      expect((await c.post("/admin/jobs", { intent: "requeue", outboxId: "1" })).status).toBe(403);
    }
  });

  it("sends a visitor who is not signed in to the login page", async () => {
    const res = await client(server.base).get("/admin/audit");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/login/);
  });

  it("shows the admin every approval queue with its count and the org queue rows", async () => {
    const admin = await createAdmin();
    const pending = await createOrg({ status: "pending" });
    const c = client(server.base);
    await c.login(admin.email, TEST_PASSWORD);
    const res = await c.get("/admin");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('data-testid="queue-orgs"');
    const db = await getDb();
    const [{ n }] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from organizations where status = 'pending'`);
    expect(html).toMatch(new RegExp(`data-testid="queue-orgs".*?<span class="value">${n}</span>`, "s"));
    expect(html).toContain(pending.name);
  });
});

describe("user suspension", () => {
  it("blocks sign-in and ends the user's sessions, audited with the reason, until reinstated", async () => {
    const admin = await createAdmin();
    const member = await createOrg({ kind: "enterprise" });
    const userClient = client(server.base);
    await userClient.login(member.email, TEST_PASSWORD);
    expect((await userClient.get("/account")).status).toBe(200);

    const c = client(server.base);
    await c.login(admin.email, TEST_PASSWORD);
    const res = await c.post("/admin/users", { intent: "suspend", userId: member.userId, reason: "冒用他人身份" });
    expect(res.status).toBe(200);

    const db = await getDb();
    const [u] = await db.select({ suspendedAt: users.suspendedAt }).from(users).where(eq(users.id, member.userId));
    expect(u?.suspendedAt).toBeInstanceOf(Date);
    expect(await db.select().from(sessions).where(eq(sessions.userId, member.userId))).toHaveLength(0);
    // The old cookie opens nothing, and the right password no longer signs in.
    const replay = await userClient.get("/account");
    expect(replay.status).toBe(302);
    expect((await client(server.base).post("/login", { email: member.email, password: TEST_PASSWORD })).status).toBe(400);

    const rows = await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, member.userId), eq(auditEvents.action, "user.suspended")));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorUserId: admin.userId, entityType: "user", orgId: member.orgId, after: { status: "suspended", reason: "冒用他人身份" } });

    expect((await c.post("/admin/users", { intent: "reinstate", userId: member.userId })).status).toBe(200);
    expect((await client(server.base).post("/login", { email: member.email, password: TEST_PASSWORD })).status).toBe(302);
    const reinstated = await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, member.userId), eq(auditEvents.action, "user.reinstated")));
    expect(reinstated).toHaveLength(1);
  });

  it("answers a suspension without a reason with 400 and the message in the user's language", async () => {
    const admin = await createAdmin();
    const member = await createOrg();
    const c = client(server.base);
    await c.login(admin.email, TEST_PASSWORD);
    const res = await c.post("/admin/users?lang=en", { intent: "suspend", userId: member.userId, reason: "" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Please give a reason");
  });

  it("refuses an admin suspending themself, and a second suspension of the same user", async () => {
    const admin = await createAdmin();
    const member = await createOrg();
    await expect(setUserSuspension(admin.actor, admin.userId, "suspend", "self")).rejects.toMatchObject({ status: 403 });
    await setUserSuspension(admin.actor, member.userId, "suspend", "first");
    await expect(setUserSuspension(admin.actor, member.userId, "suspend", "again")).rejects.toMatchObject({ status: 409 });
  });

  it("answers 404 for a user that does not exist", async () => {
    const admin = await createAdmin();
    await expect(setUserSuspension(admin.actor, "00000000-0000-4000-8000-000000000000", "suspend", "nobody")).rejects.toMatchObject({ status: 404 });
  });
});

describe("organisation suspension from the console", () => {
  it("suspends a verified organisation with a reason, and its members lose access to business pages", async () => {
    const admin = await createAdmin();
    const org = await createOrg({ kind: "enterprise" });
    const c = client(server.base);
    await c.login(admin.email, TEST_PASSWORD);
    expect((await c.post("/admin/orgs", { intent: "suspend", orgId: org.orgId, reason: "经营异常" })).status).toBe(200);
    const member = client(server.base);
    await member.login(org.email, TEST_PASSWORD);
    expect((await member.get("/dashboard")).status).toBe(403);
    const db = await getDb();
    const rows = await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, org.orgId), eq(auditEvents.action, "org.suspended")));
    expect(rows[0]?.after).toMatchObject({ status: "suspended", statusReason: "经营异常" });
  });
});

describe("audit log search", () => {
  it("filters by actor, organisation, action and date, and pages by keyset without repeats or gaps", async () => {
    const admin = await createAdmin();
    const targets = await Promise.all(Array.from({ length: 7 }, () => createOrg({ status: "pending" })));
    const { decideOrg } = await import("#app/services/org-verification.server");
    for (const o of targets) await decideOrg(admin.actor, o.orgId, "verify", null);
    const adminEmail = admin.email;

    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const seen: number[] = [];
    let before: number | undefined;
    for (let i = 0; i < 5; i++) {
      const page = await searchAudit(admin.actor, { actor: adminEmail, action: "org.verified", from: today, to: today }, { before }, 3);
      seen.push(...page.items.map((r) => r.id));
      for (const r of page.items) expect(r.actorEmail).toBe(adminEmail);
      if (!page.older) break;
      before = page.items[page.items.length - 1]!.id;
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);

    const byOrg = await searchAudit(admin.actor, { org: targets[3]!.name });
    expect(byOrg.items.map((r) => r.entityId)).toContain(targets[3]!.orgId);
    expect(byOrg.items.every((r) => r.orgName === targets[3]!.name || r.actorOrgName === targets[3]!.name)).toBe(true);

    const yesterday = new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
    expect((await searchAudit(admin.actor, { actor: adminEmail, to: yesterday })).items).toHaveLength(0);
  });

  it("treats % and _ in the search as plain characters", async () => {
    const admin = await createAdmin();
    expect((await searchAudit(admin.actor, { actor: "%" })).items).toHaveLength(0);
  });

  it("answers a date range that ends before it starts with 400 and the field message", async () => {
    const admin = await createAdmin();
    const c = client(server.base);
    await c.login(admin.email, TEST_PASSWORD);
    const res = await c.get("/admin/audit?from=2026-05-02&to=2026-05-01");
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("截止日期不能早于起始日期");
  });

  it("exports the filtered log as CSV with headers in the reader's language, every row once", async () => {
    const admin = await createAdmin();
    const targets = await Promise.all(Array.from({ length: 3 }, () => createOrg({ status: "pending" })));
    const { decideOrg } = await import("#app/services/org-verification.server");
    for (const o of targets) await decideOrg(admin.actor, o.orgId, "verify", null);
    const c = client(server.base);
    await c.login(admin.email, TEST_PASSWORD);

    const zh = await c.get(`/admin/exports/audit?format=csv&actor=${encodeURIComponent(admin.email)}&action=org.verified`);
    expect(zh.status).toBe(200);
    expect(zh.headers.get("content-type")).toContain("text/csv");
    expect(zh.headers.get("content-disposition")).toContain("filename*=UTF-8''");
    const bytes = Buffer.from(await zh.arrayBuffer());
    // The BOM lets Excel open the UTF-8 file with its Chinese intact.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString("utf8");
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toContain("操作人邮箱");
    expect(lines).toHaveLength(1 + 3);
    for (const o of targets) expect(text).toContain(o.orgId);

    const en = await c.get(`/admin/exports/audit?format=csv&lang=en&actor=${encodeURIComponent(admin.email)}`);
    expect((await en.text()).split("\r\n")[0]).toContain("Actor e-mail");
  });

  it("exports the log as an XLSX workbook", async () => {
    const admin = await createAdmin();
    const c = client(server.base);
    await c.login(admin.email, TEST_PASSWORD);
    const res = await c.get("/admin/exports/audit?format=xlsx");
    expect(res.status).toBe(200);
    const buf = Buffer.from(await res.arrayBuffer());
    expect(buf.subarray(0, 2).toString()).toBe("PK");
    const { default: ExcelJS } = await import("exceljs");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(1).getCell(3).value).toBe("操作人邮箱");
  });
});

describe("job queues", () => {
  it("lists a failed job with its error, and retry moves it back to waiting (audited)", async () => {
    const admin = await createAdmin();
    const queue = getQueue("notifications")!;
    const job = await queue.add("org-notice", { broken: true }, { jobId: `console-test-${Date.now()}`, attempts: 1 });
    const connection = createRedis("worker");
    const worker = new Worker("notifications", async () => {
      throw new Error("bank webhook answered 502");
    }, { connection, prefix: queuePrefix() });
    await new Promise<void>((resolve) => worker.on("failed", () => resolve()));
    await worker.close();
    await connection.quit();

    const c = client(server.base);
    await c.login(admin.email, TEST_PASSWORD);
    const page = await (await c.get("/admin/jobs")).text();
    expect(page).toContain(`data-testid="failed-job-${job.id}"`);
    expect(page).toContain("bank webhook answered 502");

    const res = await c.post("/admin/jobs", { intent: "retry", queue: "notifications", jobId: job.id! });
    expect(res.status).toBe(200);
    expect(await (await queue.getJob(job.id!))!.getState()).toBe("waiting");
    const db = await getDb();
    const rows = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "job.retried"), eq(auditEvents.entityId, `notifications/${job.id}`)));
    expect(rows).toHaveLength(1);

    // Retrying a job that is not failed is a conflict, not a 500.
    expect((await c.post("/admin/jobs", { intent: "retry", queue: "notifications", jobId: job.id! })).status).toBe(409);
    expect((await c.post("/admin/jobs", { intent: "retry", queue: "no-such-queue", jobId: "1" })).status).toBe(404);
    await queue.obliterate({ force: true });
  });

  it("re-queues a failing outbox row with its attempts reset", async () => {
    const admin = await createAdmin();
    const db = await getDb();
    const [row] = await db.insert(outbox).values({
      queue: "notifications", name: "org-notice", payload: {}, dedupeKey: `console-test:${Date.now()}`,
      attempts: 12, lastError: "relay: connection refused", availableAt: new Date(Date.now() + 3600_000),
    }).returning({ id: outbox.id });
    const c = client(server.base);
    await c.login(admin.email, TEST_PASSWORD);
    const page = await (await c.get("/admin/jobs")).text();
    expect(page).toContain("relay: connection refused");
    expect((await c.post("/admin/jobs", { intent: "requeue", outboxId: String(row!.id) })).status).toBe(200);
    const [after] = await db.select().from(outbox).where(eq(outbox.id, row!.id));
    expect(after!.attempts).toBe(0);
    expect(after!.availableAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    const audits = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "outbox.requeued"), eq(auditEvents.entityId, String(row!.id))));
    expect(audits).toHaveLength(1);
  });
});
