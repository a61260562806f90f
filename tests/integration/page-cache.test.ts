import http from "node:http";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, queryRows } from "#db/client.server";
import { facetCacheStats } from "#app/services/market-facets.server";
import { pageCache, UNWATCHED_TABLES } from "#app/utils/page-cache.server";
import { createAdmin, createOrg, TEST_PASSWORD, type TestOrg } from "#tests/support/factories";
import { publishedListing } from "#tests/support/market";
import { client, startTestServer } from "#tests/support/server";

let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: TestOrg;
let seller: TestOrg;

beforeAll(async () => {
  server = await startTestServer({ pageCache: true });
  admin = await createAdmin();
  seller = await createOrg({ kind: "university" });
  await publishedListing(seller, admin, { mode: "open_licence", title: "一种页面缓存测试用的散热膜" });
});
afterAll(async () => {
  await server.close();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(server.base + path, { headers, redirect: "manual" });
const nonceOf = (html: string) => [...new Set([...html.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]))];
const cspNonce = (res: Response) => /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1];
/** The page as a visitor sees it once the change has reached this process (PostgreSQL's notification). */
const eventually = (path: string, check: (html: string) => boolean) =>
  expect.poll(async () => check(await (await get(path)).text()), { timeout: 5_000, interval: 50 }).toBe(true);

describe("public pages rendered once per change", () => {
  it("answers the second anonymous visit from memory, with a nonce of its own that matches its CSP header", async () => {
    const path = `/market?q=${encodeURIComponent("散热膜")}`;
    const first = await get(path);
    const firstHtml = await first.text();
    const second = await get(path);
    const secondHtml = await second.text();
    expect([first.headers.get("x-page-cache"), second.headers.get("x-page-cache")]).toEqual(["miss", "hit"]);
    expect(secondHtml).toContain("一种页面缓存测试用的散热膜");
    const [n1, n2] = [nonceOf(firstHtml), nonceOf(secondHtml)];
    expect(n1).toHaveLength(1);
    expect(n2).toEqual([cspNonce(second)]);
    expect(n2[0]).not.toBe(n1[0]);
    // Apart from the nonce, the same page.
    expect(secondHtml.replaceAll(n2[0]!, "")).toBe(firstHtml.replaceAll(n1[0]!, ""));
    // Still answered with the public cache headers and a 304 for an unchanged ETag.
    expect(second.headers.get("cache-control")).toBe("public, max-age=10, stale-while-revalidate=30");
    // The kept page's ETag (computed once, when stored) is the one its render had: a browser's copy stays valid.
    expect(second.headers.get("etag")).toBe(first.headers.get("etag"));
    expect((await get(path, { "If-None-Match": first.headers.get("etag")!, "Cache-Control": "max-age=0" })).status).toBe(304);
    expect((await get(path, { "If-None-Match": second.headers.get("etag")!, "Cache-Control": "max-age=0" })).status).toBe(304);
  });

  it("shows a listing published after the page was kept, and the API too", async () => {
    await get("/market");
    expect((await get("/market")).headers.get("x-page-cache")).toBe("hit");
    await get("/api/v1/listings");
    await publishedListing(seller, admin, { mode: "open_licence", title: "一种刚刚发布的固态电解质" });
    await eventually("/market", (html) => html.includes("一种刚刚发布的固态电解质"));
    await expect.poll(async () => JSON.stringify(await (await get("/api/v1/listings")).json()), { timeout: 5_000, interval: 50 }).toContain("一种刚刚发布的固态电解质");
  });

  it("drops its pages for a change made by any statement on a watched table, not only by the app's services", async () => {
    const [row] = await queryRows<{ id: string }>(await getDb(), sql`select id from listings where status = 'published' order by published_at desc limit 1`);
    const page = `/market/${row!.id}`;
    await get(page);
    expect((await get(page)).headers.get("x-page-cache")).toBe("hit");
    await (await getDb()).execute(sql`update listings set title = title || '（新版）' where id = ${row!.id}`);
    await eventually(page, (html) => html.includes("（新版）"));
  });

  it("keeps the connection of a page it serves from memory (keep-alive, not closed)", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const read = () => new Promise<{ cache: unknown; connection: unknown }>((resolve, reject) => {
      http.get(`${server.base}/market`, { agent }, (res) => {
        res.resume();
        res.on("end", () => resolve({ cache: res.headers["x-page-cache"], connection: res.headers.connection }));
      }).on("error", reject);
    });
    try {
      await read();
      await expect.poll(async () => (await read()).cache, { timeout: 5_000, interval: 50 }).toBe("hit");
      expect(await read()).toEqual({ cache: "hit", connection: "keep-alive" });
    } finally {
      agent.destroy();
    }
  });

  it("keeps a search's facet counts while nothing changes, and counts a listing published since at once", async () => {
    // Each page size is its own URL (so its own page), while the counts are the query's: once no change is
    // on its way (the publication's own writes notify too), another page size's counts come from memory.
    let limit = 1;
    const count = async () => ((await (await get(`/api/v1/listings?q=${encodeURIComponent("导热凝胶")}&limit=${(limit++ % 50) + 1}`)).json()) as { meta: { count: number } }).meta.count;
    await publishedListing(seller, admin, { mode: "open_licence", title: "一种导热凝胶" });
    await expect.poll(count, { timeout: 5_000, interval: 50 }).toBe(1);
    await expect.poll(async () => {
      const before = facetCacheStats().hits;
      return (await count()) === 1 && facetCacheStats().hits > before;
    }, { timeout: 5_000, interval: 50 }).toBe(true);
    await publishedListing(seller, admin, { mode: "open_licence", title: "一种导热凝胶的制备方法" });
    await expect.poll(count, { timeout: 5_000, interval: 50 }).toBe(2);
  });

  it("forgets its pages when its LISTEN connection is killed, and keeps them again once it listens anew", async () => {
    await get("/market");
    expect((await get("/market")).headers.get("x-page-cache")).toBe("hit");
    const before = pageCache.stats().version;
    const [killed] = await queryRows<{ n: number }>(await getDb(), sql`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
      where datname = current_database() and query like 'listen "ipm_public"%' and pid <> pg_backend_pid()`);
    expect(killed!.n).toBe(1);
    // Lost (pages dropped, none kept), then listening again on a new connection.
    await expect.poll(() => pageCache.stats().version - before, { timeout: 10_000, interval: 50 }).toBeGreaterThanOrEqual(2);
    await expect.poll(() => pageCache.stats().listening, { timeout: 10_000, interval: 50 }).toBe(true);
    expect((await get("/market")).headers.get("x-page-cache")).toBe("miss");
    expect((await get("/market")).headers.get("x-page-cache")).toBe("hit");
    await publishedListing(seller, admin, { mode: "open_licence", title: "一种重连之后发布的传感器" });
    await eventually("/market", (html) => html.includes("一种重连之后发布的传感器"));
  });

  it("never keeps or serves a signed-in page, nor a page for a request with other cookies", async () => {
    const browser = client(server.base);
    await browser.login(seller.email, TEST_PASSWORD);
    const signedIn = await browser.get("/market");
    const signedInHtml = await signedIn.text();
    expect(signedIn.headers.get("x-page-cache")).toBeNull();
    expect(signedIn.headers.get("cache-control")).toBe("private, no-store");
    expect(signedInHtml).toContain('action="/logout"');
    // The anonymous page after it is not the signed-in one.
    const anonymous = await get("/market");
    expect(await anonymous.text()).not.toContain('action="/logout"');
    expect((await get("/market", { cookie: "lang=ImVuIg==; theme=dark" })).headers.get("x-page-cache")).toBeNull();
  });

  it("keeps each language apart", async () => {
    const en = "lang=" + Buffer.from(JSON.stringify("en")).toString("base64");
    await get("/market", { cookie: en });
    const english = await get("/market", { cookie: en });
    const chinese = await get("/market");
    expect(english.headers.get("x-page-cache")).toBe("hit");
    expect(await english.text()).toMatch(/<html lang="en"/);
    expect(await chinese.text()).toMatch(/<html lang="zh-CN"/);
  });

  it("has the change trigger on every table except the bookkeeping ones no public page reads", async () => {
    const tables = await queryRows<{ name: string; watched: boolean }>(await getDb(), sql`
      select t.tablename as name, exists (select 1 from pg_trigger g join pg_class c on c.oid = g.tgrelid
        where c.relname = t.tablename and g.tgname = 'ipm_public_changed') as watched
      from pg_tables t where t.schemaname = current_schema() and t.tablename not like '__drizzle%'`);
    const unwatched = new Set<string>(UNWATCHED_TABLES);
    const wrong = tables.filter((t) => t.watched === unwatched.has(t.name)).map((t) => t.name);
    expect(wrong).toEqual([]);
    expect(tables.filter((t) => t.watched).map((t) => t.name)).toEqual(expect.arrayContaining(["listings", "ip_assets", "organizations", "parks", "valuations"]));
  });
});
