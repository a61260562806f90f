import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { listings, notifications, outbox, savedSearchHits, savedSearches } from "#db/schema/index";
import { canonicalQuery } from "#app/domain/market/saved-search";
import { deleteSavedSearch, listMySavedSearches, MAX_SAVED_SEARCHES, notifyInstantSearches, saveSearch, sweepSavedSearches, SWEEP_LAG_MS } from "#app/services/saved-searches.server";
import { createAdmin, createOrg, TEST_PASSWORD, type TestOrg } from "#tests/support/factories";
import { publishedListing } from "#tests/support/market";
import { client, startTestServer } from "#tests/support/server";

let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: TestOrg, seller: TestOrg, buyer: TestOrg, other: TestOrg;
const q = (s: string) => canonicalQuery(new URLSearchParams(s));
const later = (ms: number) => new Date(Date.now() + ms);

beforeAll(async () => {
  server = await startTestServer();
  admin = await createAdmin();
  seller = await createOrg({ kind: "university" });
  buyer = await createOrg();
  other = await createOrg();
});
afterAll(async () => {
  await server.close();
});

async function notesOf(userId: string) {
  const db = await getDb();
  return db.select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, "market.notify.savedSearch")));
}

describe("saved searches", () => {
  it("an instant search tells its user about a fitting new listing once, and not about an unrelated one", async () => {
    const s = await saveSearch(buyer.actor, { name: "电池", query: q("q=电池&mode=transfer"), frequency: "instant" });
    // Another user's instant search, asked in the same statement: it fits only the industrial-vision listing.
    const vision = await saveSearch(other.actor, { name: "视觉", query: q("q=视觉检测"), frequency: "instant" });
    const fit = await publishedListing(seller, admin, { mode: "transfer", title: "一种固态电池电解质的制备方法" });
    const unrelated = await publishedListing(seller, admin, { mode: "transfer", title: "一种工业视觉检测方法" });
    const wrongMode = await publishedListing(seller, admin, { mode: "non_exclusive_licence", title: "一种锂电池隔膜" });
    const db = await getDb();
    // Publishing wrote the job that runs these, in the approval's transaction.
    const jobs = await db.select().from(outbox).where(and(eq(outbox.queue, "notifications"), eq(outbox.name, "listing-published")));
    expect(jobs.map((j) => (j.payload as { listingId: string }).listingId)).toEqual(expect.arrayContaining([fit.listingId, unrelated.listingId]));
    for (const l of [fit, unrelated, wrongMode]) await notifyInstantSearches(db, l.listingId);
    await notifyInstantSearches(db, fit.listingId); // a retried job
    await sweepSavedSearches(db, later(SWEEP_LAG_MS + 1000)); // and the backstop sweep after it
    const hits = await db.select().from(savedSearchHits).where(eq(savedSearchHits.savedSearchId, s.id));
    expect(hits.map((h) => h.listingId)).toEqual([fit.listingId]);
    const visionHits = await db.select().from(savedSearchHits).where(eq(savedSearchHits.savedSearchId, vision.id));
    expect(visionHits.map((h) => h.listingId)).toEqual([unrelated.listingId]);
    expect(await notesOf(other.userId)).toHaveLength(1);
    const notes = await notesOf(buyer.userId);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.link).toBe(`/market/${fit.listingId}`);
    expect(notes[0]!.params).toMatchObject({ name: "电池", count: 1 });
  });

  it("a daily search reads what was published since its last look, once a day, each listing once", async () => {
    const s = await saveSearch(buyer.actor, { name: "robot", query: q("q=harmonic reducer"), frequency: "daily" });
    const db = await getDb();
    // Its last look was a day ago.
    await db.update(savedSearches).set({ checkedUpTo: new Date(Date.now() - 25 * 3600_000) }).where(eq(savedSearches.id, s.id));
    const a = await publishedListing(seller, admin, { mode: "transfer", title: "协作机器人减速器", titleEn: "Harmonic reducer for cobots" });
    const b = await publishedListing(seller, admin, { mode: "transfer", title: "谐波减速器柔轮", titleEn: "Flexspline of a harmonic reducer" });
    await publishedListing(seller, admin, { mode: "transfer", title: "无关", titleEn: "Unrelated anode" });
    // Published a few minutes ago (the sweep reads only what is older than its lag).
    await db.update(listings).set({ publishedAt: new Date(Date.now() - 5 * 60_000) }).where(inArray(listings.id, [a.listingId, b.listingId]));
    const first = await sweepSavedSearches(db);
    expect(first.looked).toBeGreaterThanOrEqual(1);
    const hits = await db.select().from(savedSearchHits).where(eq(savedSearchHits.savedSearchId, s.id));
    expect(hits.map((h) => h.listingId).sort()).toEqual([a.listingId, b.listingId].sort());
    // Not due again within the day: a newer fitting listing waits.
    const c = await publishedListing(seller, admin, { mode: "transfer", title: "减速器", titleEn: "Another harmonic reducer" });
    await sweepSavedSearches(db, later(1000));
    expect((await db.select().from(savedSearchHits).where(eq(savedSearchHits.savedSearchId, s.id)))).toHaveLength(2);
    // A day later it is told, once, however many sweeps run.
    await sweepSavedSearches(db, later(25 * 3600_000));
    await sweepSavedSearches(db, later(25 * 3600_000 + 1));
    const after = await db.select().from(savedSearchHits).where(eq(savedSearchHits.savedSearchId, s.id));
    expect(after.map((h) => h.listingId)).toContain(c.listingId);
    expect(after).toHaveLength(3);
    const notes = (await notesOf(buyer.userId)).filter((n) => (n.params as { name: string }).name === "robot");
    expect(notes.map((n) => (n.params as { count: number }).count).sort()).toEqual([1, 2]);
    // The list shows how many listings it told of and when it last did, read from the hits.
    const mine = (await listMySavedSearches(buyer.actor)).find((x) => x.id === s.id)!;
    expect(mine.hits).toBe(3);
    expect(mine.lastNotifiedAt).toBeInstanceOf(Date);
    expect(mine.lastNotifiedAt!.getTime()).toBe(Math.max(...after.map((h) => h.createdAt.getTime())));
  });

  it("saving the same filters twice keeps one search; a user keeps at most the cap", async () => {
    const db = await getDb();
    const u = await createOrg();
    await Promise.all([1, 2, 3].map(() => saveSearch(u.actor, { name: "x", query: q("q=芯片"), frequency: "weekly" })));
    expect(await db.select({ n: sql<number>`count(*)::int` }).from(savedSearches).where(eq(savedSearches.userId, u.userId))).toEqual([{ n: 1 }]);
    for (let i = 1; i < MAX_SAVED_SEARCHES; i++) await saveSearch(u.actor, { name: `s${i}`, query: q(`q=词${i}`), frequency: "weekly" });
    await expect(saveSearch(u.actor, { name: "one too many", query: q("q=多"), frequency: "weekly" })).rejects.toMatchObject({ status: 409 });
  });

  it("pages: save from the market, list, and delete; another user's search is a 404; bad input a 400 in the user's language", async () => {
    const me = client(server.base);
    await me.login(buyer.email, TEST_PASSWORD);
    const market = await (await me.get("/market?q=芯片&mode=transfer")).text();
    expect(market).toContain("保存此搜索");
    const saved = await me.post("/saved-searches", { intent: "save", name: "芯片转让", query: q("q=芯片&mode=transfer"), frequency: "weekly" });
    expect(saved.status).toBe(200);
    const page = await (await me.get("/saved-searches")).text();
    expect(page).toContain("芯片转让");
    const bad = await me.post("/saved-searches", { intent: "save", name: "", query: "", frequency: "hourly" }, { "accept-language": "en" });
    expect(bad.status).toBe(400);
    const badEn = await client(server.base);
    await badEn.login(other.email, TEST_PASSWORD);
    await badEn.get("/lang?locale=en");
    const db = await getDb();
    const [mine] = await db.select().from(savedSearches).where(and(eq(savedSearches.userId, buyer.userId), eq(savedSearches.name, "芯片转让")));
    const foreign = await badEn.post("/saved-searches", { intent: "delete", id: mine!.id });
    expect(foreign.status).toBe(404);
    await expect(deleteSavedSearch(other.actor, mine!.id)).rejects.toMatchObject({ status: 404 });
    expect(await db.select().from(savedSearches).where(eq(savedSearches.id, mine!.id))).toHaveLength(1);
    const del = await me.post("/saved-searches", { intent: "delete", id: mine!.id });
    expect(del.status).toBe(200);
    expect(await db.select().from(savedSearches).where(eq(savedSearches.id, mine!.id))).toHaveLength(0);
    // Anonymous visitors see no save form and cannot post.
    const anon = client(server.base);
    expect(await (await anon.get("/market?q=芯片")).text()).not.toContain("保存此搜索");
    expect((await anon.post("/saved-searches", { intent: "save", name: "x", query: "", frequency: "daily" })).status).not.toBe(200);
  });
});
