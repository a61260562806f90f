import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true";
// No SMTP_URL: e-mail goes to .eml files, listed on /admin/mail.
delete process.env.SMTP_URL;
process.env.MAIL_DIR = `tests/.artifacts/mail-${crypto.randomBytes(4).toString("hex")}`;

const { getDb } = await import("#db/client.server");
const { userTokens, users, webhookEndpoints } = await import("#db/schema/index");
const { createApiKey } = await import("#app/services/api-keys.server");
const { signUp } = await import("#app/services/accounts.server");
const { sendAccountEmail, tokenFor } = await import("#app/services/mail.server");
const { dictionaries } = await import("#app/i18n/index");
const { createAdmin, createOrg, randomUscc, TEST_PASSWORD } = await import("#tests/support/factories");
const { client, startTestServer } = await import("#tests/support/server");

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const api = (key: string, path: string, init: RequestInit = {}) => {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${key}`);
  if (init.body) headers.set("content-type", "application/json");
  return fetch(`${server.base}/api/v1${path}`, { ...init, headers });
};

async function bankWithKey() {
  const bank = await createOrg({ kind: "bank" });
  const { key } = await createApiKey(bank.actor, "core");
  return { bank, key };
}

describe("webhook endpoints through the bank API and the console", () => {
  it("creates an endpoint by API (201, whsec_ secret), lists it, rotates it; another bank gets 404", async () => {
    const { key } = await bankWithKey();
    const created = await api(key, "/webhooks", { method: "POST", body: JSON.stringify({ url: "https://hooks.bank.example.cn/ipm", eventTypes: ["loan.defaulted", "repayment.overdue"] }) });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: string; secret: string };
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    const list = (await (await api(key, "/webhooks")).json()) as { data: { id: string; eventTypes: string[] }[] };
    expect(list.data.map((e) => e.id)).toEqual([body.id]);
    const rotated = await api(key, `/webhooks/${body.id}/rotate`, { method: "POST", body: "{}" });
    expect(rotated.status).toBe(200);
    const view = (await (await api(key, `/webhooks/${body.id}`)).json()) as { secrets: { secret: string }[] };
    expect(view.secrets).toHaveLength(2);

    const other = await bankWithKey();
    expect((await api(other.key, `/webhooks/${body.id}`)).status).toBe(404);
    expect((await api(other.key, `/webhooks/${body.id}/rotate`, { method: "POST", body: "{}" })).status).toBe(404);
    expect((await api(other.key, `/webhooks/${crypto.randomUUID()}`)).status).toBe(404);
  });

  it("answers a bad endpoint with 400 and field messages in the caller's language", async () => {
    const { key } = await bankWithKey();
    const zh = await api(key, "/webhooks", { method: "POST", body: JSON.stringify({ url: "ftp://x", eventTypes: [] }) });
    expect(zh.status).toBe(400);
    const en = await api(key, "/webhooks", { method: "POST", body: JSON.stringify({ url: "https://x.example.cn", eventTypes: ["no.such"] }), headers: { "accept-language": "en" } });
    expect(en.status).toBe(400);
    const zhBody = (await zh.json()) as { error: { fields: Record<string, string[]> } };
    expect(zhBody.error.fields.eventTypes).toEqual([dictionaries["zh-CN"]["webhooks.errors.eventTypes"]]);
    const enBody = (await en.json()) as { error: { fields: Record<string, string[]> } };
    expect(Object.values(enBody.error.fields).flat()).toContain(dictionaries.en["webhooks.errors.eventType"]);
    const url = await api(key, "/webhooks", { method: "POST", body: JSON.stringify({ url: "ftp://x", eventTypes: ["loan.defaulted"] }) });
    expect(url.status).toBe(400);
    expect(((await url.json()) as { error: { fields: Record<string, string[]> } }).error.fields.url).toEqual([dictionaries["zh-CN"]["webhooks.errors.url"]]);
  });

  it("the console lists a bank's endpoints to its owner only and refuses other kinds of organisation (403)", async () => {
    const { bank, key } = await bankWithKey();
    await api(key, "/webhooks", { method: "POST", body: JSON.stringify({ url: "https://hooks.bank.example.cn/console", eventTypes: ["loan.defaulted"] }) });
    const owner = client(server.base);
    await owner.login(bank.email, TEST_PASSWORD);
    const page = await owner.get("/bank/webhooks");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("https://hooks.bank.example.cn/console");
    const bad = await owner.post("/bank/webhooks", { url: "not a url", eventTypes: "loan.defaulted" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain(dictionaries["zh-CN"]["webhooks.errors.url"]);
    const [ep] = await (await getDb()).select().from(webhookEndpoints).where(eq(webhookEndpoints.orgId, bank.orgId));
    const enterprise = await createOrg();
    const other = client(server.base);
    await other.login(enterprise.email, TEST_PASSWORD);
    expect((await other.get("/bank/webhooks")).status).toBe(403);
    const otherBank = await createOrg({ kind: "bank" });
    const stranger = client(server.base);
    await stranger.login(otherBank.email, TEST_PASSWORD);
    expect((await stranger.get(`/bank/webhooks/${ep!.id}`)).status).toBe(404);
  });
});

describe("verification and reset links (the pages)", () => {
  it("the verification page uses its token once", async () => {
    const tag = crypto.randomBytes(4).toString("hex");
    const { userId } = await signUp({ orgKind: "enterprise", orgName: `页面验证${tag}`, uscc: randomUscc(), name: "李四", email: `verify-${tag}@test.ipm`, password: "a-long-password-2", passwordConfirm: "a-long-password-2" } as never, { ip: null });
    const db = await getDb();
    const [tk] = await db.select().from(userTokens).where(and(eq(userTokens.userId, userId), eq(userTokens.purpose, "verify_email")));
    const c = client(server.base);
    const token = tokenFor(tk!.id);
    expect((await c.get(`/verify-email?token=${token}`)).status).toBe(200);
    const first = await c.post("/verify-email", { token });
    expect(first.status).toBe(200);
    expect(await first.text()).toContain(dictionaries["zh-CN"]["mail.verify.done"]);
    expect((await db.select().from(users).where(eq(users.id, userId)))[0]!.emailVerifiedAt).not.toBeNull();
    const second = await c.post("/verify-email", { token });
    expect(second.status).toBe(400);
    expect(await second.text()).toContain(dictionaries["zh-CN"]["mail.token.invalid"]);
  });

  it("the reset page sets the password once; the forgot page answers the same for unknown addresses", async () => {
    const org = await createOrg();
    const c = client(server.base);
    const known = await c.post("/forgot-password", { email: org.email });
    const unknown = await c.post("/forgot-password", { email: `nobody-${crypto.randomBytes(3).toString("hex")}@test.ipm` });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(await unknown.text()).toContain(dictionaries["zh-CN"]["mail.forgot.sent"]);
    const db = await getDb();
    const [tk] = await db.select().from(userTokens).where(and(eq(userTokens.userId, org.userId), eq(userTokens.purpose, "reset_password")));
    const token = tokenFor(tk!.id);
    const short = await c.post("/reset-password", { token, password: "short", passwordConfirm: "short" });
    expect(short.status).toBe(400);
    const done = await c.post("/reset-password", { token, password: "page-password-77", passwordConfirm: "page-password-77" });
    expect(done.status).toBe(200);
    await client(server.base).login(org.email, "page-password-77");
    const again = await c.post("/reset-password", { token, password: "page-password-88", passwordConfirm: "page-password-88" });
    expect(again.status).toBe(400);
  });
});

describe("the mail log without SMTP", () => {
  it("writes each e-mail as an .eml file that an admin lists and downloads; others get 403", async () => {
    const tag = crypto.randomBytes(4).toString("hex");
    const email = `eml-${tag}@test.ipm`;
    const { userId } = await signUp({ orgKind: "enterprise", orgName: `邮件记录${tag}`, uscc: randomUscc(), name: "王五", email, password: "a-long-password-3", passwordConfirm: "a-long-password-3" } as never, { ip: null });
    const db = await getDb();
    const [tk] = await db.select().from(userTokens).where(eq(userTokens.userId, userId));
    const sent = await sendAccountEmail(db, tk!.id);
    expect(sent).toMatchObject({ sent: true, transportId: expect.stringMatching(/\.eml$/) });
    const file = (sent as { transportId: string }).transportId;
    const admin = await createAdmin();
    const c = client(server.base);
    await c.login(admin.email, TEST_PASSWORD);
    const page = await c.get("/admin/mail");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(email);
    expect(html).toContain(file);
    const eml = await c.get(`/admin/mail/${file}`);
    expect(eml.status).toBe(200);
    expect(eml.headers.get("content-type")).toBe("message/rfc822");
    const parsed = await simpleParser(Buffer.from(await eml.arrayBuffer()));
    expect(parsed.subject).toBe("【知识产权质押融资平台】请验证您的邮箱");
    expect(parsed.text).toContain(`/verify-email?token=${tokenFor(tk!.id)}`);
    expect((await c.get("/admin/mail/..%2F..%2Fpackage.json")).status).toBe(404);
    const bank = await createOrg({ kind: "bank" });
    const other = client(server.base);
    await other.login(bank.email, TEST_PASSWORD);
    expect((await other.get("/admin/mail")).status).toBe(403);
    expect((await other.get(`/admin/mail/${file}`)).status).toBe(403);
  });
});
