import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdmin, createOrg, TEST_PASSWORD, type TestOrg } from "#tests/support/factories";
import { publishedListing } from "#tests/support/market";
import { client, startTestServer } from "#tests/support/server";

let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: TestOrg;
let seller: TestOrg;

beforeAll(async () => {
  server = await startTestServer();
  admin = await createAdmin();
  seller = await createOrg({ kind: "university" });
  await publishedListing(seller, admin, { mode: "open_licence", title: "一种缓存测试用的石墨烯散热膜" });
});
afterAll(async () => {
  await server.close();
});

// A browser revalidating its copy sends `Cache-Control: max-age=0` (fetch would otherwise add `no-cache`,
// which asks for a full answer).
const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(server.base + path, { headers: headers["If-None-Match"] ? { "Cache-Control": "max-age=0", ...headers } : headers, redirect: "manual" });

describe("HTTP caching of public pages", () => {
  it("lets anyone's cache keep an anonymous market page briefly, and answers 304 while it is unchanged", async () => {
    const first = await get("/market");
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("public, max-age=10, stale-while-revalidate=30");
    expect(first.headers.get("vary")).toMatch(/Cookie/);
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^W\/".+"$/);

    const again = await get("/market", { "If-None-Match": etag! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });

  it("answers the public listings API with an ETag and a short public max-age", async () => {
    const res = await get("/api/v1/listings");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=10, stale-while-revalidate=30");
    expect((await get("/api/v1/listings", { "If-None-Match": res.headers.get("etag")! })).status).toBe(304);
  });

  it("serves a changed market page once a listing is published: the old ETag no longer matches", async () => {
    const before = await get("/market");
    const oldTag = before.headers.get("etag")!;
    const apiBefore = await get("/api/v1/listings");

    await publishedListing(seller, admin, { mode: "open_licence", title: "一种刚刚发布的钙钛矿电池封装方法" });

    const after = await get("/market", { "If-None-Match": oldTag });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(oldTag);
    expect(await after.text()).toContain("一种刚刚发布的钙钛矿电池封装方法");
    const apiAfter = await get("/api/v1/listings", { "If-None-Match": apiBefore.headers.get("etag")! });
    expect(apiAfter.status).toBe(200);
    expect(JSON.stringify(await apiAfter.json())).toContain("一种刚刚发布的钙钛矿电池封装方法");
  });
});

describe("HTTP caching never applies to signed-in pages", () => {
  it("marks a signed-in page private, no-store, without an ETag, and shows each user only their own page", async () => {
    const [a, b] = await Promise.all([createOrg({ name: "缓存甲公司" }), createOrg({ name: "缓存乙公司" })]);
    const [ca, cb] = [client(server.base), client(server.base)];
    await ca.login(a.email, TEST_PASSWORD);
    await cb.login(b.email, TEST_PASSWORD);

    const pageA = await ca.get("/dashboard");
    expect(pageA.status).toBe(200);
    expect(pageA.headers.get("cache-control")).toBe("private, no-store");
    expect(pageA.headers.get("etag")).toBeNull();
    const pageB = await cb.get("/dashboard");
    const [htmlA, htmlB] = [await pageA.text(), await pageB.text()];
    expect(htmlA).toContain("缓存甲公司");
    expect(htmlA).not.toContain("缓存乙公司");
    expect(htmlB).toContain("缓存乙公司");
    expect(htmlB).not.toContain("缓存甲公司");
  });

  it("never validates an anonymous copy of a public page for a signed-in visitor", async () => {
    const anonymous = await get("/market");
    const etag = anonymous.headers.get("etag")!;
    const org = await createOrg();
    const c = client(server.base);
    await c.login(org.email, TEST_PASSWORD);

    const res = await c.get("/market", { "If-None-Match": etag, "Cache-Control": "max-age=0" });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("etag")).toBeNull();
  });

  it("marks a response that sets a cookie private, no-store", async () => {
    const org = await createOrg();
    const res = await client(server.base).post("/login", { email: org.email, password: TEST_PASSWORD });
    expect(res.headers.getSetCookie().length).toBeGreaterThan(0);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
  });
});
