import fs from "node:fs/promises";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auctionDocuments, auctions, auditEvents } from "#db/schema/index";
import { createAuction, registerBidder } from "#app/services/auctions.server";
import { dataRoomIndex, dataRoomViewLog } from "#app/services/auction-data-room.server";
import { addDataRoomDocument, openDataRoomFile } from "#app/services/auction-documents.server";
import { env } from "#app/utils/env.server";
import { createAdmin, createOrg, TEST_PASSWORD, type TestOrg } from "#tests/support/factories";
import { publishedListing } from "#tests/support/market";
import { client, startTestServer } from "#tests/support/server";

let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: TestOrg;
beforeAll(async () => {
  server = await startTestServer();
  admin = await createAdmin();
});
afterAll(async () => {
  await server.close();
});

const PDF = new TextEncoder().encode("%PDF-1.4\n% 权属链\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");

async function auction() {
  const seller = await createOrg({ kind: "university" });
  const { listingId } = await publishedListing(seller, admin, { mode: "transfer" });
  const { id } = await createAuction(seller.actor, listingId, {
    kind: "ascending", reservePriceFen: 100_000_00n, startPriceFen: 50_000_00n, incrementFen: 1_000_00n,
    startsAt: new Date(Date.now() - 60_000), endsAt: new Date(Date.now() + 3_600_000), extensionMinutes: 5,
  });
  return { seller, id };
}

/** A multipart POST from a signed-in same-origin browser. */
async function upload(c: ReturnType<typeof client>, p: string, fields: Record<string, string>, file: { name: string; bytes: Uint8Array }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set("file", new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: "application/pdf" }), file.name);
  return fetch(server.base + p, { method: "POST", body: form, redirect: "manual", headers: { origin: server.base, cookie: [...c.jar].map(([k, v]) => `${k}=${v}`).join("; ") } });
}

describe("the seller's data-room uploads", () => {
  it("stores the seller's upload under a generated name, audited; a registered bidder opens it (logged), others get 404", async () => {
    const { seller, id } = await auction();
    const bidder = await createOrg();
    await registerBidder(bidder.actor, id, { acceptRules: true });
    const { id: fileId } = await addDataRoomDocument(seller.actor, id, { kind: "title", file: { name: "../../权属证明.pdf", bytes: PDF } });
    const db = await getDb();
    const [row] = await db.select().from(auctionDocuments).where(eq(auctionDocuments.id, fileId));
    expect(row).toMatchObject({ kind: "title", fileName: "权属证明.pdf", mime: "application/pdf", size: PDF.length });
    expect(row!.storedName).toMatch(/^[0-9a-f-]{36}\.pdf$/);
    expect(new Uint8Array(await fs.readFile(path.join(path.resolve(env.UPLOAD_DIR), row!.storedName)))).toEqual(PDF);
    const [a] = await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, "auction.data-room-uploaded")));
    expect(a!.after).toMatchObject({ documentId: fileId, kind: "title", sha256: row!.sha256 });

    expect((await dataRoomIndex(bidder.actor, id)).files.map((f) => f.id)).toEqual([fileId]);
    const opened = await openDataRoomFile(bidder.actor, id, fileId);
    expect(new Uint8Array(opened.bytes)).toEqual(PDF);
    expect((await dataRoomViewLog(seller.actor, id)).map((l) => [l.document, l.orgName])).toEqual([[`file:${fileId}`, bidder.name]]);

    // An organisation that has not registered, and one registered at another auction asking for this file there.
    const outsider = await createOrg();
    await expect(openDataRoomFile(outsider.actor, id, fileId)).rejects.toMatchObject({ status: 404 });
    const other = await auction();
    const foreign = await createOrg();
    await registerBidder(foreign.actor, other.id, { acceptRules: true });
    await expect(openDataRoomFile(foreign.actor, other.id, fileId)).rejects.toMatchObject({ status: 404 });
    expect((await dataRoomIndex(foreign.actor, other.id)).files).toEqual([]);
    await expect(dataRoomIndex(foreign.actor, id)).rejects.toMatchObject({ status: 404 });
    expect(await dataRoomViewLog(seller.actor, id)).toHaveLength(1);
  });

  it("takes uploads only from the seller, only of PDF/PNG/JPEG by their bytes, and only while the auction runs", async () => {
    const { seller, id } = await auction();
    const bidder = await createOrg();
    await registerBidder(bidder.actor, id, { acceptRules: true });
    await expect(addDataRoomDocument(bidder.actor, id, { kind: "licences", file: { name: "x.pdf", bytes: PDF } })).rejects.toMatchObject({ status: 404 });
    await expect(addDataRoomDocument(seller.actor, id, { kind: "licences", file: { name: "x.pdf", bytes: new TextEncoder().encode("<html><script>1</script></html>") } }))
      .rejects.toMatchObject({ status: 400, fieldErrors: { file: ["market.errors.fileType"] } });
    const db = await getDb();
    await db.update(auctions).set({ status: "cancelled" }).where(eq(auctions.id, id));
    await expect(addDataRoomDocument(seller.actor, id, { kind: "licences", file: { name: "x.pdf", bytes: PDF } })).rejects.toMatchObject({ status: 409, messageKey: "auction.errors.roomClosed" });
    expect(await db.select().from(auctionDocuments).where(eq(auctionDocuments.auctionId, id))).toHaveLength(0);
  });

  it("over HTTP: the seller uploads through the room's form (400 at a field for a wrong section, in English); the file downloads privately to a bidder, 404 to others", async () => {
    const { seller, id } = await auction();
    const m = client(server.base);
    await m.login(seller.email, TEST_PASSWORD);
    expect(await (await m.get(`/auctions/${id}/room?lang=en`)).text()).toContain("Upload to the data room");
    const bad = await upload(m, `/auctions/${id}/room?lang=en`, { kind: "secrets" }, { name: "v.pdf", bytes: PDF });
    expect(bad.status).toBe(400);
    // Over the upload limit: 413 with the file field's message, nothing stored.
    const big = new Uint8Array(env.UPLOAD_MAX_BYTES + 1024);
    big.set(PDF);
    const tooBig = await upload(m, `/auctions/${id}/room?lang=en`, { kind: "valuation" }, { name: "big.pdf", bytes: big });
    expect(tooBig.status).toBe(413);
    expect(await tooBig.text()).toContain("The file is larger than allowed");
    const ok = await upload(m, `/auctions/${id}/room?lang=en`, { kind: "valuation" }, { name: "评估报告.pdf", bytes: PDF });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("Uploaded: registered bidders can open it");
    const db = await getDb();
    const stored = await db.select().from(auctionDocuments).where(eq(auctionDocuments.auctionId, id));
    expect(stored.map((r) => [r.kind, r.fileName])).toEqual([["valuation", "评估报告.pdf"]]); // the refused ones stored nothing
    const row = stored[0];

    const bidder = await createOrg();
    const b = client(server.base);
    await b.login(bidder.email, TEST_PASSWORD);
    const href = `/auctions/${id}/room/files/${row!.id}`;
    expect((await b.get(href)).status).toBe(404);
    await registerBidder(bidder.actor, id, { acceptRules: true });
    const page = await (await b.get(`/auctions/${id}/room?lang=en`)).text();
    expect(page).toContain("评估报告.pdf");
    expect(page).not.toContain("Upload to the data room");
    const res = await b.get(href);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PDF);
    // A bidder cannot upload: 404, also for a file over the limit (refused before its body is read), and for an unknown auction.
    expect((await upload(b, `/auctions/${id}/room?lang=en`, { kind: "title" }, { name: "x.pdf", bytes: PDF })).status).toBe(404);
    expect((await upload(b, `/auctions/${id}/room?lang=en`, { kind: "title" }, { name: "big.pdf", bytes: big })).status).toBe(404);
    expect((await upload(m, `/auctions/00000000-0000-4000-8000-000000000000/room?lang=en`, { kind: "title" }, { name: "big.pdf", bytes: big })).status).toBe(404);
    expect(await db.select().from(auctionDocuments).where(eq(auctionDocuments.auctionId, id))).toHaveLength(1);
    const views = await (await m.get(`/auctions/${id}/views?lang=en`)).text();
    expect(views).toContain("Valuation · 评估报告.pdf");
  });
});
