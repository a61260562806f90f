import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Before any app module parses the environment: small limits, and this file's clients tell their
// address through X-Forwarded-For from loopback (a trusted proxy here; by default nobody is).
vi.hoisted(() => {
  Object.assign(process.env, {
    TRUST_PROXY: "loopback",
    RATE_LIMIT_LOGIN_FREE_FAILURES: "3",
    RATE_LIMIT_LOGIN_DELAY_SECONDS: "1",
    RATE_LIMIT_SIGNUPS_PER_HOUR: "2",
    RATE_LIMIT_UPLOADS_PER_HOUR: "2",
    RATE_LIMIT_API_PER_MINUTE: "4",
    RATE_LIMIT_API_KEY_FAILURES: "3",
  });
});

import { getDb } from "#db/client.server";
import { auditEvents } from "#db/schema/index";
import { createApiKey } from "#app/services/api-keys.server";
import { env } from "#app/utils/env.server";
import { createOrg, randomUscc, TEST_PASSWORD } from "#tests/support/factories";
import { client, startTestServer } from "#tests/support/server";

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const from = (ip: string) => ({ "x-forwarded-for": ip });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("sign-in without a lock-out lever", () => {
  it("an attacker's failures from one IP make that IP wait, while the owner signs in from another", async () => {
    const owner = await createOrg();
    const attacker = client(server.base);
    for (let i = 0; i < 3; i++) {
      expect((await attacker.post("/login", { email: owner.email, password: `guess-${i}` }, from("203.0.113.7"))).status).toBe(400);
    }
    const held = await attacker.post("/login", { email: owner.email, password: TEST_PASSWORD }, from("203.0.113.7"));
    expect(held.status).toBe(429);
    expect(Number(held.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(held.headers.getSetCookie().some((x) => x.startsWith("__ipm_session="))).toBe(false);
    expect(await held.text()).toContain("登录失败次数过多");

    const res = await client(server.base).post("/login", { email: owner.email, password: TEST_PASSWORD }, from("198.51.100.2"));
    expect(res.status).toBe(302);

    const rows = await (await getDb()).select().from(auditEvents).where(eq(auditEvents.entityId, owner.userId));
    expect(rows.filter((r) => r.action === "auth.login-failed")).toHaveLength(3);
  });

  it("doubles the wait after each further failure, and a success clears the count", async () => {
    const owner = await createOrg();
    const c = client(server.base);
    const ip = from("203.0.113.8");
    for (let i = 0; i < 3; i++) await c.post("/login", { email: owner.email, password: "nope-nope" }, ip);
    const first = await c.post("/login", { email: owner.email, password: "nope-nope" }, ip);
    expect(first.headers.get("retry-after")).toBe("1");
    await sleep(1_100);
    expect((await c.post("/login", { email: owner.email, password: "nope-nope" }, ip)).status).toBe(400);
    const second = await c.post("/login", { email: owner.email, password: TEST_PASSWORD }, ip);
    expect(second.status).toBe(429);
    expect(second.headers.get("retry-after")).toBe("2");
    await sleep(2_100);
    expect((await c.post("/login", { email: owner.email, password: TEST_PASSWORD }, ip)).status).toBe(302);
    expect((await client(server.base).post("/login", { email: owner.email, password: "nope-nope" }, ip)).status).toBe(400);
  });

  it("answers in English with the wait for an English reader", async () => {
    const owner = await createOrg();
    const c = client(server.base);
    const headers = from("203.0.113.9");
    for (let i = 0; i < 3; i++) await c.post("/login?lang=en", { email: owner.email, password: "nope-nope" }, headers);
    const held = await c.post("/login?lang=en", { email: owner.email, password: "nope-nope" }, headers);
    expect(held.status).toBe(429);
    expect(await held.text()).toContain("Too many failed sign-ins");
  });
});

describe("sign-up and uploads", () => {
  const signup = (ip: string) =>
    client(server.base).post("/signup", {
      orgKind: "enterprise", orgName: "限流测试有限公司", uscc: randomUscc(), name: "张三",
      email: `rl-${crypto.randomUUID()}@test.ipm`, password: "Tangerine-Harbour-1987", passwordConfirm: "Tangerine-Harbour-1987",
    }, from(ip));

  it("caps sign-ups per IP with 429 and Retry-After; another IP is not affected", async () => {
    expect((await signup("192.0.2.10")).status).toBeLessThan(400);
    expect((await signup("192.0.2.10")).status).toBeLessThan(400);
    const third = await signup("192.0.2.10");
    expect(third.status).toBe(429);
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await third.text()).toContain("操作过于频繁");
    expect((await signup("192.0.2.11")).status).toBeLessThan(400);
  });

  it("caps imports per organisation, whichever address they come from", async () => {
    const org = await createOrg();
    const upload = async (ip: string) => {
      const c = client(server.base);
      await c.login(org.email, TEST_PASSWORD);
      const body = new FormData();
      body.set("file", new File(["类型,号码,名称\n发明,201710601862.3,测试\n"], "a.csv", { type: "text/csv" }));
      return fetch(`${server.base}/assets/import`, {
        method: "POST", body, redirect: "manual",
        headers: { origin: server.base, cookie: `__ipm_session=${c.jar.get("__ipm_session")}`, ...from(ip) },
      });
    };
    expect((await upload("192.0.2.20")).status).not.toBe(429);
    expect((await upload("192.0.2.21")).status).not.toBe(429);
    const third = await upload("192.0.2.22");
    expect(third.status).toBe(429);
    expect(third.headers.get("retry-after")).toBeTruthy();
  });
});

describe("bank API", () => {
  const api = (key: string, ip: string) =>
    fetch(`${server.base}/api/v1/applications`, { headers: { authorization: `Bearer ${key}`, ...from(ip) } });

  it("limits each key per minute with 429, Retry-After and a message", async () => {
    const bank = await createOrg({ kind: "bank" });
    const { key } = await createApiKey(bank.actor, "core");
    for (let i = 0; i < 4; i++) expect((await api(key, "192.0.2.30")).status).toBe(200);
    const over = await api(key, "192.0.2.31");
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await over.json()).toMatchObject({ error: { code: "rate_limited", message: expect.stringContaining("秒后再试") } });
  });

  it("makes an address that guesses keys wait, without holding up the bank elsewhere", async () => {
    const bank = await createOrg({ kind: "bank" });
    const { key } = await createApiKey(bank.actor, "core");
    for (let i = 0; i < 3; i++) expect((await api(`ipm_guess_${i}`, "192.0.2.40")).status).toBe(401);
    const held = await api(key, "192.0.2.40");
    expect(held.status).toBe(429);
    expect(held.headers.get("retry-after")).toBeTruthy();
    expect((await api(key, "192.0.2.41")).status).toBe(200);
  });
});

describe("trust proxy", () => {
  it("by default does not believe a client's X-Forwarded-For: rotating it does not escape the wait", async () => {
    const saved = env.TRUST_PROXY;
    env.TRUST_PROXY = undefined;
    const direct = await startTestServer();
    env.TRUST_PROXY = saved;
    try {
      const owner = await createOrg();
      const c = client(direct.base);
      for (let i = 0; i < 3; i++) await c.post("/login", { email: owner.email, password: "nope-nope" }, from(`203.0.113.${50 + i}`));
      const held = await c.post("/login", { email: owner.email, password: TEST_PASSWORD }, from("203.0.113.99"));
      expect(held.status).toBe(429);
    } finally {
      await direct.close();
    }
  });
});
