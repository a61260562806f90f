import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { demandProposals, notifications } from "#db/schema/index";
import { DemandFormSchema } from "#app/domain/forms/demands";
import { createDemand, markProposal } from "#app/services/demands.server";
import { matchDemand } from "#app/services/demand-matching.server";
import { getDemandPage, listDemandsForMyAssets } from "#app/services/demand-views.server";
import { createAdmin, createOrg, type TestOrg } from "#tests/support/factories";
import { publishedListing } from "#tests/support/market";

let admin: TestOrg, seller: TestOrg, buyer: TestOrg, unverified: TestOrg, other: TestOrg;
const future = "2099-12-31";
const form = (v: Record<string, string>) => DemandFormSchema.parse({ deadline: future, ...v });

beforeAll(async () => {
  admin = await createAdmin();
  seller = await createOrg({ kind: "university" });
  buyer = await createOrg();
  other = await createOrg();
  unverified = await createOrg({ status: "pending" });
});

describe("technology demands", () => {
  it("a Chinese demand finds the fitting listing and not an unrelated one, tells the owner once, and the seller sees the feedback", async () => {
    const fit = await publishedListing(seller, admin, { mode: "transfer", title: "一种耐高温锂电池隔膜及其制备方法" });
    const unrelated = await publishedListing(seller, admin, { mode: "transfer", title: "一种中药提取方法" });
    const d = await createDemand(buyer.actor, form({ title: "寻求耐高温锂电池隔膜", problem: "需要提高锂电池隔膜的耐热性", keywords: "锂电池, 隔膜", visibility: "verified" }), { publish: true });
    const db = await getDb();
    await matchDemand(db, d.id);
    await matchDemand(db, d.id); // a retried job
    const ps = await db.select().from(demandProposals).where(eq(demandProposals.demandId, d.id));
    expect(ps.map((p) => p.listingId)).toContain(fit.listingId);
    expect(ps.map((p) => p.listingId)).not.toContain(unrelated.listingId);
    const notes = await db.select().from(notifications).where(and(eq(notifications.userId, seller.userId), eq(notifications.kind, "demand.notify.proposed")));
    expect(notes.filter((n) => n.link === `/demands/${d.id}`)).toHaveLength(1);
    const p = ps.find((x) => x.listingId === fit.listingId)!;
    await markProposal(buyer.actor, d.id, p.id, "useful");
    const mine = await listDemandsForMyAssets(seller.actor);
    expect(mine.find((r) => r.id === p.id)?.feedback).toBe("useful");
    // Access: unverified cannot read a verified-only demand; another org cannot mark.
    await expect(getDemandPage(unverified.actor, d.id)).rejects.toMatchObject({ status: 404 });
    await expect(markProposal(other.actor, d.id, p.id, "not_useful")).rejects.toMatchObject({ status: 403 });
  });

  it("an English demand finds the fitting listing and not an unrelated one", async () => {
    const fit = await publishedListing(seller, admin, { mode: "transfer", title: "谐波减速器", titleEn: "Harmonic reducer with low backlash" });
    const unrelated = await publishedListing(seller, admin, { mode: "transfer", title: "视觉检测", titleEn: "Visual defect detection" });
    const d = await createDemand(buyer.actor, form({ title: "Harmonic reducer for robots", problem: "We need a compact harmonic reducer with low backlash", keywords: "harmonic reducer" }), { publish: true });
    const db = await getDb();
    await matchDemand(db, d.id);
    const ps = await db.select().from(demandProposals).where(eq(demandProposals.demandId, d.id));
    expect(ps.map((p) => p.listingId)).toContain(fit.listingId);
    expect(ps.map((p) => p.listingId)).not.toContain(unrelated.listingId);
  });
});
