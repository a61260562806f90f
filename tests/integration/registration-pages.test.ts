import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { packDocuments, registrationPacks } from "#db/schema/index";
import { createOrg, TEST_PASSWORD } from "#tests/support/factories";
import { acceptedApplication } from "#tests/support/registration";
import { client, startTestServer } from "#tests/support/server";

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const upload = async (pdf: Buffer) => {
  const form = new FormData();
  form.set("file", new Blob([new Uint8Array(pdf)], { type: "application/pdf" }), "doc.pdf");
  const res = await fetch(`${server.base}/verify`, { method: "POST", body: form, headers: { origin: server.base } });
  return { status: res.status, html: await res.text() };
};

describe("the registration pack pages and the public verification page", () => {
  it("both parties sign on the pack page; a stranger gets 404; the verification page passes the signed PDF and fails a tampered one", async () => {
    const { ent, bank, applicationId } = await acceptedApplication();
    const e = client(server.base);
    await e.login(ent.email, TEST_PASSWORD);
    const prepared = await e.post(`/registration/${applicationId}`, { intent: "prepare", kind: "registration", address: "上海市浦东新区张江路 1 号", declareValuation: "on" });
    expect(prepared.status).toBe(200);
    const db = await getDb();
    const [pack] = await db.select().from(registrationPacks).where(eq(registrationPacks.applicationId, applicationId));
    expect((await e.post(`/registration/${applicationId}`, { intent: "sign", packId: pack!.id })).status).toBe(200);
    const b = client(server.base);
    await b.login(bank.email, TEST_PASSWORD);
    expect((await b.post(`/registration/${applicationId}`, { intent: "sign", packId: pack!.id })).status).toBe(200);
    expect(await (await b.get(`/registration/${applicationId}`)).text()).toContain("双方已签署");
    // A bad form answers 400 with the field named, never 500.
    expect((await b.post(`/registration/${applicationId}`, { intent: "file", packId: pack!.id, filedOn: "2026-02-30" })).status).toBe(400);

    const zip = await b.get(`/registration/${applicationId}/packs/${pack!.id}/archive`);
    expect(zip.status).toBe(200);
    expect(zip.headers.get("content-type")).toBe("application/zip");
    const stranger = client(server.base);
    const other = await createOrg({ kind: "bank" });
    await stranger.login(other.email, TEST_PASSWORD);
    expect((await stranger.get(`/registration/${applicationId}`)).status).toBe(404);
    expect((await stranger.get(`/registration/${applicationId}/packs/${pack!.id}/archive`)).status).toBe(404);

    const [contract] = await db.select().from(packDocuments).where(and(eq(packDocuments.packId, pack!.id), eq(packDocuments.kind, "contract"))).orderBy(asc(packDocuments.revision));
    const ok = await upload(contract!.pdf);
    expect(ok.status).toBe(200);
    expect(ok.html).toContain('data-verdict="valid"');
    expect(ok.html).toContain(bank.name);
    const bad = Buffer.from(contract!.pdf);
    bad[400] = bad[400]! ^ 0x01;
    expect((await upload(bad)).html).toContain('data-verdict="invalid"');
    expect((await upload(Buffer.alloc(0))).status).toBe(400);
  });
});
