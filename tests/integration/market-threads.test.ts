import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditEvents, dealMessages, outbox } from "#db/schema/index";
import { getDealThread, openDealAttachment, postDealMessage, unreadByDeal } from "#app/services/deal-threads.server";
import { makeOffer } from "#app/services/deals.server";
import { createAdmin, createOrg, TEST_PASSWORD, type TestOrg } from "#tests/support/factories";
import { publishedListing } from "#tests/support/market";
import { client, startTestServer } from "#tests/support/server";

let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: TestOrg, seller: TestOrg, buyer: TestOrg, stranger: TestOrg;
let dealId: string;
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

beforeAll(async () => {
  server = await startTestServer();
  admin = await createAdmin();
  seller = await createOrg({ kind: "university" });
  buyer = await createOrg();
  stranger = await createOrg();
  const { listingId } = await publishedListing(seller, admin, { mode: "non_exclusive_licence", title: "一种谐波减速器" });
  dealId = (await makeOffer(buyer.actor, listingId, { priceFen: 500_000n, termMonths: 24 })).id;
});
afterAll(async () => {
  await server.close();
});

describe("negotiation threads", () => {
  it("the parties write, with attachments; the other side is told and sees an unread count until it reads", async () => {
    await postDealMessage(buyer.actor, dealId, { body: "能否提供样机测试？", file: { name: "需求说明.pdf", bytes: PDF } });
    await postDealMessage(buyer.actor, dealId, { body: "另附技术指标。" });
    expect((await unreadByDeal(seller.actor, [dealId])).get(dealId)).toBe(2);
    expect((await unreadByDeal(buyer.actor, [dealId])).get(dealId)).toBeUndefined();
    const db = await getDb();
    const notices = await db.select().from(outbox).where(and(eq(outbox.name, "org-notice"), sql`${outbox.payload}->>'kind' = 'market.notify.dealMessage'`));
    expect(notices.map((n) => (n.payload as { orgId: string }).orgId)).toEqual([seller.orgId, seller.orgId]);
    const thread = await getDealThread(seller.actor, dealId);
    expect(thread.messages.map((m) => m.body)).toEqual(["能否提供样机测试？", "另附技术指标。"]);
    expect(thread.canPost).toBe(true);
    expect((await unreadByDeal(seller.actor, [dealId])).get(dealId)).toBeUndefined();
    await postDealMessage(seller.actor, dealId, { body: "可以，下周安排。" });
    expect((await unreadByDeal(buyer.actor, [dealId])).get(dealId)).toBe(1);
    const withFile = thread.messages[0]!;
    const f = await openDealAttachment(seller.actor, dealId, withFile.id);
    expect(f.mime).toBe("application/pdf");
    expect(Buffer.from(f.bytes).equals(Buffer.from(PDF))).toBe(true);
    const audited = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "market.deal-message"), eq(auditEvents.entityId, dealId)));
    expect(audited).toHaveLength(3);
  });

  it("only the parties write; admins read; anyone else does not learn the thread exists", async () => {
    await expect(postDealMessage(stranger.actor, dealId, { body: "hi" })).rejects.toMatchObject({ status: 404 });
    await expect(getDealThread(stranger.actor, dealId)).rejects.toMatchObject({ status: 404 });
    const [m] = (await getDealThread(admin.actor, dealId)).messages;
    await expect(openDealAttachment(stranger.actor, dealId, m!.id)).rejects.toMatchObject({ status: 404 });
    expect((await getDealThread(admin.actor, dealId)).canPost).toBe(false);
    await expect(postDealMessage(admin.actor, dealId, { body: "admin" })).rejects.toMatchObject({ status: 403 });
    // Not a PDF, PNG or JPEG: refused with a field message, nothing stored.
    await expect(postDealMessage(buyer.actor, dealId, { body: "x", file: { name: "a.exe", bytes: new TextEncoder().encode("MZ\x90\x00") } }))
      .rejects.toMatchObject({ status: 400, fieldErrors: { file: ["market.errors.fileType"] } });
    await expect(postDealMessage(buyer.actor, dealId, { body: "  " })).rejects.toMatchObject({ status: 400 });
  });

  it("nothing said can be edited or deleted", async () => {
    const db = await getDb();
    const refusal = (p: Promise<unknown>) => p.then(() => "allowed", (e: Error & { cause?: Error }) => String(e.cause?.message ?? e.message));
    expect(await refusal(db.update(dealMessages).set({ body: "changed" }).where(eq(dealMessages.dealId, dealId)))).toMatch(/append-only/);
    expect(await refusal(db.delete(dealMessages).where(eq(dealMessages.dealId, dealId)))).toMatch(/append-only/);
  });

  it("pages: the thread and its attachment for the parties, 404 for a stranger; a bad upload is a 400 with a field message", async () => {
    const b = client(server.base);
    await b.login(buyer.email, TEST_PASSWORD);
    const pageRes = await b.get(`/deals/${dealId}/messages`);
    const page = await pageRes.text();
    expect(pageRes.status, page.slice(0, 500)).toBe(200);
    expect(page).toContain("可以，下周安排。");
    const deal = await (await b.get(`/deals/${dealId}`)).text();
    expect(deal).toContain(`/deals/${dealId}/messages`);
    const form = new FormData();
    form.set("body", "附件如下");
    form.set("file", new Blob([new TextEncoder().encode("not a pdf")], { type: "application/pdf" }), "x.pdf");
    const res = await fetch(`${server.base}/deals/${dealId}/messages`, { method: "POST", body: form, headers: { cookie: [...b.jar].map(([k, v]) => `${k}=${v}`).join("; "), origin: server.base }, redirect: "manual" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("PDF");
    const s = client(server.base);
    await s.login(stranger.email, TEST_PASSWORD);
    expect((await s.get(`/deals/${dealId}/messages`)).status).toBe(404);
    const [m] = (await getDealThread(admin.actor, dealId)).messages;
    expect((await s.get(`/deals/${dealId}/messages/${m!.id}`)).status).toBe(404);
    expect((await b.get(`/deals/${dealId}/messages/${m!.id}`)).status).toBe(200);
  });
});
