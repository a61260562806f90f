import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, queryRows } from "#db/client.server";
import { auditEvents, deals, encumbrances, ipAssets, licences, listingAssets, listings, outbox } from "#db/schema/index";
import { ListingFormSchema } from "#app/domain/forms/market";
import { acceptOpenLicence, actOnDeal, makeOffer } from "#app/services/deals.server";
import { confirmOfflinePayment, reviewDeal } from "#app/services/deal-settlement.server";
import { changeListing, createListing, reviewListing, updateDraftListing } from "#app/services/listings.server";
import { createAdmin, createAsset, createOrg, TEST_PASSWORD } from "#tests/support/factories";
import { publishedListing } from "#tests/support/market";
import { client, startTestServer } from "#tests/support/server";

let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: Awaited<ReturnType<typeof createAdmin>>;
beforeAll(async () => {
  server = await startTestServer();
  admin = await createAdmin();
});
afterAll(async () => {
  await server.close();
});

const listingInput = (assetIds: string[], mode: string, extra: Record<string, unknown> = {}) =>
  ListingFormSchema.parse({ assetIds, mode, title: "测试挂牌", termMonths: mode === "transfer" ? undefined : "24", territory: "中国大陆", ...extra });

describe("what may be listed", () => {
  it("refuses to list an invalidated or expired asset, with the reason", async () => {
    const seller = await createOrg({ kind: "university" });
    const dead = await createAsset({ ownerOrgId: seller.orgId, legalStatus: "invalidated" });
    await expect(createListing(seller.actor, listingInput([dead.id], "transfer"))).rejects.toMatchObject({ status: 409, messageKey: "market.errors.assetNotListable" });
    const old = await createAsset({ ownerOrgId: seller.orgId, filingDate: "2000-01-01", expiryDate: "2019-12-31" });
    await expect(createListing(seller.actor, listingInput([old.id], "non_exclusive_licence"))).rejects.toMatchObject({ messageKey: "market.errors.assetNotListable" });
  });

  it("refuses a new exclusive licence or a transfer of an asset under an overlapping exclusive licence", async () => {
    const seller = await createOrg();
    const a = await createAsset({ ownerOrgId: seller.orgId, annuityPaidThrough: "2099-01-01" });
    const db = await getDb();
    await db.insert(encumbrances).values({ assetId: a.id, kind: "exclusive_licence", status: "active", holderOrgId: admin.orgId, period: "[2020-01-01,2099-01-01)", sourceType: "test", sourceId: a.id });
    await expect(createListing(seller.actor, listingInput([a.id], "exclusive_licence"))).rejects.toMatchObject({ messageKey: "market.errors.exclusiveOverlap" });
    await expect(createListing(seller.actor, listingInput([a.id], "transfer"))).rejects.toMatchObject({ messageKey: "market.errors.underExclusiveLicence" });
  });

  it("answers 404 when an organisation lists another's asset", async () => {
    const owner = await createOrg();
    const other = await createOrg();
    const a = await createAsset({ ownerOrgId: owner.orgId });
    await expect(createListing(other.actor, listingInput([a.id], "transfer"))).rejects.toMatchObject({ status: 404 });
  });
});

describe("admin review of listings", () => {
  it("publishes an approved listing, audits it and notifies the seller through the notifications queue", async () => {
    const seller = await createOrg({ kind: "university" });
    const { listingId } = await publishedListing(seller, admin, { mode: "non_exclusive_licence", askingPrice: "1000", approve: false });
    await reviewListing(admin.actor, listingId, "approve", null);
    const db = await getDb();
    const [l] = await db.select().from(listings).where(eq(listings.id, listingId));
    expect(l!.status).toBe("published");
    const audits = await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, listingId), eq(auditEvents.action, "market.listing-approved")));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.actorUserId).toBe(admin.userId);
    const jobs = await queryRows<{ payload: { orgId: string; kind: string } }>(db, sql`select payload from outbox where name = 'org-notice' and payload->>'kind' = 'market.notify.listingApproved' and payload->>'orgId' = ${seller.orgId}`);
    expect(jobs).toHaveLength(1);
    await expect(reviewListing(admin.actor, listingId, "reject", "太晚了")).rejects.toMatchObject({ status: 409 });
  });

  it("rejects with a reason; a non-admin cannot review (403 page)", async () => {
    const seller = await createOrg();
    const { listingId } = await publishedListing(seller, admin, { mode: "transfer", approve: false });
    await expect(reviewListing(seller.actor, listingId, "approve", null)).rejects.toMatchObject({ status: 403 });
    const c = client(server.base);
    await c.login(seller.email, TEST_PASSWORD);
    expect((await c.get("/admin/listings")).status).toBe(403);
    const a = client(server.base);
    await a.login(admin.email, TEST_PASSWORD);
    const bad = await a.post("/admin/listings?lang=en", { intent: "reject", listingId, reason: "" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Please give a reason");
    expect((await a.post("/admin/listings", { intent: "reject", listingId, reason: "材料不全" })).status).toBe(200);
    const db = await getDb();
    const [l] = await db.select().from(listings).where(eq(listings.id, listingId));
    expect(l).toMatchObject({ status: "rejected", reviewReason: "材料不全" });
  });
});

describe("editing a draft listing", () => {
  const draftOf = async (seller: Awaited<ReturnType<typeof createOrg>>) => {
    const asset = await createAsset({ ownerOrgId: seller.orgId, title: "一种晶圆键合方法", annuityPaidThrough: "2099-01-01" });
    const l = await createListing(seller.actor, listingInput([asset.id], "non_exclusive_licence", { intent: "draft", priceMode: "fixed", askingPrice: "10000" }));
    expect(l.status).toBe("draft");
    return { listingId: l.id, asset };
  };

  it("changes the assets, the deal type and the terms, rewrites the search text, audits the change, and can submit in the same step", async () => {
    const seller = await createOrg({ kind: "university" });
    const { listingId, asset } = await draftOf(seller);
    const other = await createAsset({ ownerOrgId: seller.orgId, title: "一种柔性显示面板", annuityPaidThrough: "2099-01-01" });
    const edited = listingInput([asset.id, other.id], "transfer", { title: "显示与键合专利包", priceMode: "fixed", askingPrice: "2,500,000", intent: "draft" });
    expect(await updateDraftListing(seller.actor, listingId, edited)).toMatchObject({ status: "draft" });
    const db = await getDb();
    const [l] = await db.select().from(listings).where(eq(listings.id, listingId));
    expect(l).toMatchObject({ mode: "transfer", title: "显示与键合专利包", askingPriceFen: 250_000_000n, priceFen: 250_000_000n, termMonths: null, status: "draft" });
    expect(l!.searchText).toContain("柔性显示面板");
    const held = await db.select({ assetId: listingAssets.assetId }).from(listingAssets).where(eq(listingAssets.listingId, listingId));
    expect(held.map((h) => h.assetId).sort()).toEqual([asset.id, other.id].sort());
    const audits = await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, listingId), eq(auditEvents.action, "market.listing-edited")));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.before).toMatchObject({ mode: "non_exclusive_licence", askingPriceFen: "1000000" });

    expect(await updateDraftListing(seller.actor, listingId, { ...edited, intent: "submit" })).toMatchObject({ status: "pending_review" });
    // Under review, it is no longer edited.
    await expect(updateDraftListing(seller.actor, listingId, edited)).rejects.toMatchObject({ status: 409, messageKey: "market.errors.notDraft" });
  });

  it("applies the listing rules to the edit: a dead asset is refused with the reason", async () => {
    const seller = await createOrg();
    const { listingId } = await draftOf(seller);
    const dead = await createAsset({ ownerOrgId: seller.orgId, legalStatus: "invalidated" });
    await expect(updateDraftListing(seller.actor, listingId, listingInput([dead.id], "transfer", { priceMode: "negotiable" })))
      .rejects.toMatchObject({ status: 409, messageKey: "market.errors.assetNotListable" });
  });

  it("is a 404 for another organisation and for another's asset, a 403 for an admin", async () => {
    const seller = await createOrg();
    const { listingId, asset } = await draftOf(seller);
    const stranger = await createOrg();
    const strangersAsset = await createAsset({ ownerOrgId: stranger.orgId });
    await expect(updateDraftListing(stranger.actor, listingId, listingInput([asset.id], "transfer", { priceMode: "negotiable" }))).rejects.toMatchObject({ status: 404 });
    await expect(updateDraftListing(seller.actor, listingId, listingInput([asset.id, strangersAsset.id], "transfer", { priceMode: "negotiable" }))).rejects.toMatchObject({ status: 404 });
    await expect(updateDraftListing(admin.actor, listingId, listingInput([asset.id], "transfer", { priceMode: "negotiable" }))).rejects.toMatchObject({ status: 403 });
    const s = client(server.base);
    await s.login(stranger.email, TEST_PASSWORD);
    expect((await s.get(`/listings/${listingId}/edit`)).status).toBe(404);
    expect((await s.post(`/listings/${listingId}/edit`, { assetIds: asset.id, mode: "transfer", title: "篡改", priceMode: "negotiable" })).status).toBe(404);
    const db = await getDb();
    const [l] = await db.select().from(listings).where(eq(listings.id, listingId));
    expect(l!.title).toBe("测试挂牌");
  });

  it("shows the stored terms in the form, answers bad input with 400 and field messages, and saves good input", async () => {
    const seller = await createOrg();
    const { listingId, asset } = await draftOf(seller);
    const c = client(server.base);
    await c.login(seller.email, TEST_PASSWORD);
    const page = await c.get(`/listings/${listingId}/edit`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("测试挂牌");
    expect(html).toContain('value="10000.00"');
    const bad = await c.post(`/listings/${listingId}/edit`, { assetIds: asset.id, mode: "exclusive_licence", title: "", priceMode: "fixed", askingPrice: "", termMonths: "" });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    for (const m of ["此项为必填项", "明码标价须填写报价", "许可须填写期限（月）"]) expect(badHtml).toContain(m);
    const en = await c.post(`/listings/${listingId}/edit?lang=en`, { assetIds: asset.id, mode: "exclusive_licence", title: "", priceMode: "fixed", askingPrice: "12.345", termMonths: "24" });
    expect(en.status).toBe(400);
    const enHtml = await en.text();
    expect(enHtml).toContain("This field is required");
    expect(enHtml).toContain("Enter an amount in CNY (at most two decimals)");
    const ok = await c.post(`/listings/${listingId}/edit`, { assetIds: asset.id, mode: "exclusive_licence", title: "独占许可：晶圆键合", priceMode: "fixed", askingPrice: "80000", termMonths: "36", territory: "中国大陆", intent: "draft" });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe(`/listings/${listingId}`);
    const db = await getDb();
    const [l] = await db.select().from(listings).where(eq(listings.id, listingId));
    expect(l).toMatchObject({ mode: "exclusive_licence", title: "独占许可：晶圆键合", askingPriceFen: 8_000_000n, termMonths: 36, status: "draft" });

    await changeListing(seller.actor, listingId, "submit");
    const later = await c.get(`/listings/${listingId}/edit`);
    expect(later.status).toBe(302);
    expect(later.headers.get("location")).toBe(`/listings/${listingId}`);
  });
});

describe("exclusive licences under concurrency", () => {
  it("lets exactly one of 20 concurrent acceptances of overlapping exclusive licences hold the asset", async () => {
    const seller = await createOrg({ kind: "university" });
    const { listingId, assetIds } = await publishedListing(seller, admin, { mode: "exclusive_licence", askingPrice: "200000", termMonths: 36 });
    const dealIds: string[] = [];
    for (let i = 0; i < 20; i++) {
      const buyer = await createOrg();
      dealIds.push((await makeOffer(buyer.actor, listingId, { priceFen: 20_000_000n + BigInt(i), termMonths: 36, startDate: "2030-01-01" })).id);
    }
    const c = client(server.base);
    await c.login(seller.email, TEST_PASSWORD);
    const statuses = await Promise.all(dealIds.map((id) => c.post(`/deals/${id}`, { intent: "accept" }).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);

    const db = await getDb();
    const held = await db.select().from(encumbrances).where(and(inArray(encumbrances.assetId, assetIds), inArray(encumbrances.status, ["pending", "active"])));
    expect(held).toHaveLength(1);
    const accepted = await db.select().from(deals).where(and(eq(deals.listingId, listingId), eq(deals.status, "pending_approval")));
    expect(accepted).toHaveLength(1);
    expect(held[0]!.sourceId).toBe(accepted[0]!.id);
  });

  it("lets the database refuse a second overlapping exclusive encumbrance even without the application's checks", async () => {
    const owner = await createOrg();
    const a = await createAsset({ ownerOrgId: owner.orgId });
    const db = await getDb();
    const row = (period: string) => ({ assetId: a.id, kind: "exclusive_licence" as const, status: "pending" as const, holderOrgId: owner.orgId, period, sourceType: "test", sourceId: a.id });
    await db.insert(encumbrances).values(row("[2030-01-01,2031-01-01)"));
    await expect(db.insert(encumbrances).values(row("[2030-06-01,2032-01-01)"))).rejects.toSatisfy((e: unknown) => /23P01|encumbrances_no_overlapping_exclusive/.test(String((e as { cause?: { code?: string } }).cause?.code ?? e)));
    await db.insert(encumbrances).values(row("[2031-01-01,2032-01-01)"));
  });

  it("releases the reservation when an admin rejects the deal, so another buyer can take the period", async () => {
    const seller = await createOrg();
    const { listingId, assetIds } = await publishedListing(seller, admin, { mode: "sole_licence", askingPrice: "1000" });
    const b1 = await createOrg();
    const b2 = await createOrg();
    const d1 = await makeOffer(b1.actor, listingId, { priceFen: 100_000n });
    const d2 = await makeOffer(b2.actor, listingId, { priceFen: 90_000n });
    await actOnDeal(seller.actor, d1.id, { event: "accept" });
    await expect(actOnDeal(seller.actor, d2.id, { event: "accept" })).rejects.toMatchObject({ status: 409, messageKey: "market.errors.exclusiveTaken" });
    await reviewDeal(admin.actor, d1.id, "reject", "合同条款不完整");
    const db = await getDb();
    const live = await db.select().from(encumbrances).where(and(inArray(encumbrances.assetId, assetIds), inArray(encumbrances.status, ["pending", "active"])));
    expect(live).toHaveLength(0);
    expect((await actOnDeal(seller.actor, d2.id, { event: "accept" })).status).toBe("pending_approval");
  });
});

describe("negotiation", () => {
  it("alternates offers and counter-offers and refuses a party acting out of turn", async () => {
    const seller = await createOrg();
    const buyer = await createOrg();
    const { listingId } = await publishedListing(seller, admin, { mode: "non_exclusive_licence", askingPrice: "100000" });
    const d = await makeOffer(buyer.actor, listingId, { priceFen: 5_000_000n });
    await expect(actOnDeal(buyer.actor, d.id, { event: "accept" })).rejects.toMatchObject({ status: 409, messageKey: "market.errors.notYourMove" });
    expect((await actOnDeal(seller.actor, d.id, { event: "counter", terms: { priceFen: 8_000_000n } })).status).toBe("countered");
    expect((await actOnDeal(buyer.actor, d.id, { event: "counter", terms: { priceFen: 7_000_000n } })).status).toBe("offered");
    expect((await actOnDeal(seller.actor, d.id, { event: "accept" })).status).toBe("pending_approval");
    const db = await getDb();
    const [row] = await db.select().from(deals).where(eq(deals.id, d.id));
    expect(row).toMatchObject({ priceFen: 7_000_000n, round: 3 });
  });

  it("answers a bad counter-offer with 400 and field messages in Chinese and English", async () => {
    const seller = await createOrg();
    const buyer = await createOrg();
    const { listingId } = await publishedListing(seller, admin, { mode: "non_exclusive_licence", askingPrice: "100000" });
    const d = await makeOffer(buyer.actor, listingId, { priceFen: 5_000_000n });
    const c = client(server.base);
    await c.login(seller.email, TEST_PASSWORD);
    const zh = await c.post(`/deals/${d.id}`, { intent: "counter", price: "12.345", royaltyPercent: "150" });
    expect(zh.status).toBe(400);
    const zhHtml = await zh.text();
    expect(zhHtml).toContain("请输入金额（元，最多两位小数）");
    expect(zhHtml).toContain("请输入 0 至 100 之间的百分比");
    const en = await c.post(`/deals/${d.id}?lang=en`, { intent: "counter", price: "" });
    expect(en.status).toBe(400);
    expect(await en.text()).toContain("This field is required");
  });
});

describe("a foreign organisation", () => {
  it("gets 404 for another's deal, draft listing and asset, and cannot act on them", async () => {
    const seller = await createOrg();
    const buyer = await createOrg();
    const stranger = await createOrg();
    const { listingId, assetIds } = await publishedListing(seller, admin, { mode: "non_exclusive_licence", askingPrice: "1000" });
    const { listingId: draftId } = await publishedListing(seller, admin, { mode: "transfer", approve: false });
    const d = await makeOffer(buyer.actor, listingId, { priceFen: 100_000n });
    const c = client(server.base);
    await c.login(stranger.email, TEST_PASSWORD);
    for (const page of [`/deals/${d.id}`, `/listings/${draftId}`, `/listings/${listingId}`, `/market/${draftId}`, `/assets/${assetIds[0]}`]) {
      expect((await c.get(page)).status, page).toBe(404);
    }
    expect((await c.post(`/deals/${d.id}`, { intent: "accept" })).status).toBe(404);
    expect((await c.post(`/listings/${listingId}`, { intent: "withdraw" })).status).toBe(404);
    await expect(actOnDeal(stranger.actor, d.id, { event: "decline" })).rejects.toMatchObject({ status: 404 });
    // The published listing stays public.
    expect((await client(server.base).get(`/market/${listingId}`)).status).toBe(200);
  });
});

describe("completion", () => {
  it("records a licence when an open licence is accepted and the offline payment confirmed", async () => {
    const seller = await createOrg({ kind: "university" });
    const buyer = await createOrg();
    const { listingId, assetIds } = await publishedListing(seller, admin, { mode: "open_licence", openFee: "50000", termMonths: 36 });
    const deal = await acceptOpenLicence(buyer.actor, listingId);
    expect(deal.status).toBe("approved");
    await expect(acceptOpenLicence(buyer.actor, listingId)).rejects.toMatchObject({ status: 409, messageKey: "market.errors.dealExists" });
    const c = client(server.base);
    await c.login(admin.email, TEST_PASSWORD);
    const res = await c.post("/admin/deals", { intent: "confirmPayment", dealId: deal.id, reference: "HX20260101" });
    expect(res.status).toBe(200);
    const again = await confirmOfflinePayment(admin.actor, deal.id, null);
    expect(again).toMatchObject({ status: "completed", already: true });
    const db = await getDb();
    const lic = await db.select().from(licences).where(eq(licences.dealId, deal.id));
    expect(lic).toHaveLength(1);
    expect(lic[0]).toMatchObject({ assetId: assetIds[0], licenseeOrgId: buyer.orgId, kind: "non_exclusive", feeFen: 5_000_000n });
    const audits = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "market.payment-confirmed"), eq(auditEvents.actorUserId, admin.userId)));
    expect(audits.some((a) => (a.after as { dealId: string }).dealId === deal.id)).toBe(true);
  });

  it("moves ownership on a completed transfer, closes the listing and refuses a second transfer", async () => {
    const seller = await createOrg();
    const buyer = await createOrg();
    const rival = await createOrg();
    const { listingId, assetIds } = await publishedListing(seller, admin, { mode: "transfer", askingPrice: "300000" });
    const d = await makeOffer(buyer.actor, listingId, { priceFen: 30_000_000n });
    const r = await makeOffer(rival.actor, listingId, { priceFen: 29_000_000n });
    await actOnDeal(seller.actor, d.id, { event: "accept" });
    await expect(actOnDeal(seller.actor, r.id, { event: "accept" })).rejects.toMatchObject({ status: 409, messageKey: "market.errors.titleTaken" });
    await reviewDeal(admin.actor, d.id, "approve", null);
    await confirmOfflinePayment(admin.actor, d.id, "TT-1");
    const db = await getDb();
    const [asset] = await db.select().from(ipAssets).where(eq(ipAssets.id, assetIds[0]!));
    expect(asset!.ownerOrgId).toBe(buyer.orgId);
    const [l] = await db.select().from(listings).where(eq(listings.id, listingId));
    expect(l!.status).toBe("closed");
    // The former owner can no longer list it; the new owner can.
    await expect(createListing(seller.actor, listingInput(assetIds, "transfer"))).rejects.toMatchObject({ status: 404 });
    expect((await createListing(buyer.actor, listingInput(assetIds, "transfer"))).status).toBe("pending_review");
    const open = await db.select().from(outbox).where(sql`payload->>'kind' = 'market.notify.completed'`);
    expect(open.length).toBeGreaterThanOrEqual(2);
  });

  it("cancels open offers when the seller withdraws the listing", async () => {
    const seller = await createOrg();
    const buyer = await createOrg();
    const { listingId } = await publishedListing(seller, admin, { mode: "non_exclusive_licence", askingPrice: "1000" });
    const d = await makeOffer(buyer.actor, listingId, { priceFen: 100_000n });
    await changeListing(seller.actor, listingId, "withdraw");
    const db = await getDb();
    const [row] = await db.select().from(deals).where(eq(deals.id, d.id));
    expect(row!.status).toBe("cancelled");
  });
});
