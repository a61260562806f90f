import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { valuations } from "#db/schema/index";
import { env } from "#app/utils/env.server";
import { requestValuation } from "#app/services/valuations.server";
import { processValuation } from "#jobs/processors/valuation";
import { client, startTestServer } from "#tests/support/server";
import { createAdmin, createAsset, createOrg, TEST_PASSWORD, type TestOrg } from "#tests/support/factories";

const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), "ipm-val-access-"));
let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: TestOrg;
let valuationId: string;
let assetId: string;

beforeAll(async () => {
  env.REPORT_DIR = reportDir;
  server = await startTestServer();
  owner = await createOrg();
  assetId = (await createAsset({ ownerOrgId: owner.orgId })).id;
  valuationId = (await requestValuation(owner.actor, { assetIds: [assetId], purpose: "pledge", locale: "en", questionnaire: { annualRevenueFen: 500_000_000n } })).id;
  await processValuation({ valuationId, attempt: 1 }, {
    id: "t", name: "run", attemptsMade: 0, db: await getDb(), updateProgress: async () => {}, log: () => {},
  });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(reportDir, { recursive: true, force: true });
});

async function signedIn(org: TestOrg) {
  const c = client(server.base);
  await c.login(org.email, TEST_PASSWORD);
  return c;
}

describe("who may see a valuation", () => {
  it("the owner sees the result page and downloads the PDF", async () => {
    const c = await signedIn(owner);
    const page = await c.get(`/valuations/${valuationId}?lang=en`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Value range");
    expect(html).toContain('role="img"');
    const pdf = await c.get(`/valuations/${valuationId}/report`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    const [v] = await (await getDb()).select().from(valuations).where(eq(valuations.id, valuationId));
    expect(pdf.headers.get("x-content-sha256")).toBe(v!.reportSha256);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("another organisation gets 404 on the page, the PDF and the retry action", async () => {
    const c = await signedIn(await createOrg());
    expect((await c.get(`/valuations/${valuationId}`)).status).toBe(404);
    expect((await c.get(`/valuations/${valuationId}/report`)).status).toBe(404);
    expect((await c.post(`/valuations/${valuationId}`, { intent: "retry" })).status).toBe(404);
  });

  it("a bank the owner never applied to gets 404 too", async () => {
    const c = await signedIn(await createOrg({ kind: "bank" }));
    expect((await c.get(`/valuations/${valuationId}/report`)).status).toBe(404);
  });

  it("an admin may read and download it", async () => {
    const c = await signedIn(await createAdmin());
    expect((await c.get(`/valuations/${valuationId}`)).status).toBe(200);
    expect((await c.get(`/valuations/${valuationId}/report`)).status).toBe(200);
  });

  it("an unknown or malformed id is a 404, never a 500", async () => {
    const c = await signedIn(owner);
    expect((await c.get("/valuations/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await c.get("/valuations/not-a-uuid/report")).status).toBe(404);
  });

  it("the list shows only the organisation's own valuations", async () => {
    const other = await signedIn(await createOrg());
    const html = await (await other.get("/valuations")).text();
    expect(html).not.toContain(valuationId);
    expect(await (await (await signedIn(owner)).get("/valuations")).text()).toContain(valuationId);
  });
});

describe("requesting through the form", () => {
  it("answers 400 with the field messages in the user's language for an invalid form", async () => {
    const c = await signedIn(owner);
    const res = await c.post("/valuations/new?lang=en", { purpose: "pledge", annualRevenue: "12.345", marketShare: "150" });
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body).toContain("Choose at least one asset");
    expect(body).toContain("Enter an amount in yuan, with at most 2 decimals");
    expect(body).toContain("Enter a percentage within the allowed range");
  });

  it("another organisation's asset in the form is a 404", async () => {
    const c = await signedIn(await createOrg());
    expect((await c.post("/valuations/new", { assetIds: assetId, purpose: "pledge" })).status).toBe(404);
  });

  it("a valid form creates a queued valuation and redirects to its page", async () => {
    const c = await signedIn(owner);
    const res = await c.post("/valuations/new", { assetIds: assetId, purpose: "licence", locale: "zh-CN", annualRevenue: "8,000,000", revenueGrowth: "6.5", maturity: "4" });
    expect(res.status).toBe(302);
    const id = res.headers.get("location")!.split("/").pop()!;
    const [v] = await (await getDb()).select().from(valuations).where(eq(valuations.id, id));
    expect(v).toMatchObject({ status: "queued", purpose: "licence", orgId: owner.orgId, questionnaire: { annualRevenueFen: "800000000", revenueGrowthBp: 650, maturity: 4 } });
  });

  it("a bank cannot request valuations (403)", async () => {
    const c = await signedIn(await createOrg({ kind: "bank" }));
    expect((await c.get("/valuations/new")).status).toBe(403);
  });
});
