import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditEvents, demandAnswers, demandProposals, demands, listings, notifications, outbox } from "#db/schema/index";
import { DemandFormSchema } from "#app/domain/forms/demands";
import { createDemand, markProposal, moveDemand } from "#app/services/demands.server";
import { answerDemand, chooseSolver, runAsChallenge } from "#app/services/demand-answers.server";
import { matchDemand } from "#app/services/demand-matching.server";
import { getDemandPage, listDemandsForMyAssets } from "#app/services/demand-views.server";
import { createAdmin, createAsset, createOrg, type TestOrg } from "#tests/support/factories";
import { publishedListing } from "#tests/support/market";
import { insertCampaign } from "#tests/support/campaign-fixtures";

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

  it("a demand's IPC classes recall a listing by its patents' IPC, though its text has none of the keywords", async () => {
    const db = await getDb();
    const ipcAsset = await createAsset({ ownerOrgId: seller.orgId, title: "一种电极浆料的分散工艺", ipcClasses: ["H01M 4/139"], industry: "advanced_materials", annuityPaidThrough: "2099-01-01" });
    const otherAsset = await createAsset({ ownerOrgId: seller.orgId, title: "一种织物染色工艺", ipcClasses: ["D06P 1/00"], industry: "advanced_materials", annuityPaidThrough: "2099-01-01" });
    const fit = await publishedListing(seller, admin, { mode: "transfer", title: "电极浆料分散工艺转让", assetIds: [ipcAsset.id] });
    const unrelated = await publishedListing(seller, admin, { mode: "transfer", title: "织物染色工艺转让", assetIds: [otherAsset.id] });
    const [row] = await db.select({ ipc: listings.ipcSubclasses }).from(listings).where(eq(listings.id, fit.listingId));
    expect(row!.ipc).toEqual(["H01M"]);
    const d = await createDemand(buyer.actor, form({ title: "正极材料涂布均匀性", problem: "涂布后面密度波动大", keywords: "面密度", industry: "advanced_materials", ipcClasses: "H01M 4/13" }), { publish: true });
    await matchDemand(db, d.id);
    const ps = await db.select().from(demandProposals).where(eq(demandProposals.demandId, d.id));
    const p = ps.find((x) => x.listingId === fit.listingId);
    expect(p?.reasons).toContainEqual({ kind: "ipc", codes: ["H01M 4/139"] });
    expect(ps.map((x) => x.listingId)).not.toContain(unrelated.listingId);
  });

  it("owners answer with their own published listing or a message; a campaign runs the demand as a challenge and an admin names its solver", async () => {
    const db = await getDb();
    const own = await publishedListing(seller, admin, { mode: "transfer", title: "一种视觉焊缝检测方法" });
    const foreign = await publishedListing(other, admin, { mode: "transfer", title: "焊缝跟踪传感器" });
    const d = await createDemand(buyer.actor, form({ title: "焊缝检测", problem: "需要在线检测焊缝缺陷", keywords: "焊缝" }), { publish: true });
    const d2 = await createDemand(buyer.actor, form({ title: "另一需求", problem: "无关", keywords: "无关" }), { publish: true });

    // Errors: empty answer 400 (field message), another organisation's listing 404, the poster itself 403, a pending org 403.
    await expect(answerDemand(seller.actor, d.id, { listingId: null, message: "  " })).rejects.toMatchObject({ status: 400, fieldErrors: { message: ["demand.errors.answerEmpty"] } });
    await expect(answerDemand(seller.actor, d.id, { listingId: foreign.listingId, message: "" })).rejects.toMatchObject({ status: 404 });
    await expect(answerDemand(buyer.actor, d.id, { listingId: null, message: "我自己" })).rejects.toMatchObject({ status: 403 });
    await expect(answerDemand(unverified.actor, d.id, { listingId: null, message: "我们有方案" })).rejects.toMatchObject({ status: 403 });

    const a1 = await answerDemand(seller.actor, d.id, { listingId: own.listingId, message: "可提供样机" });
    const again = await answerDemand(seller.actor, d.id, { listingId: own.listingId, message: "可提供样机" });
    expect(again.id).toBe(a1.id); // a double submit keeps one answer
    const a2 = await answerDemand(other.actor, d.id, { listingId: null, message: "我们做过类似项目" });
    // A message answer sent twice (a double submit) is kept once too.
    expect((await answerDemand(other.actor, d.id, { listingId: null, message: " 我们做过类似项目 " })).id).toBe(a2.id);
    expect(await db.select().from(demandAnswers).where(eq(demandAnswers.demandId, d.id))).toHaveLength(2);
    // The enterprise is told once per answer (the notice job is queued through the outbox).
    const told = await db.select().from(outbox).where(eq(outbox.name, "org-notice"));
    expect(told.filter((o) => (o.payload as { kind: string; causeId: string }).kind === "demand.notify.answered" && [a1.id, a2.id].includes((o.payload as { causeId: string }).causeId))).toHaveLength(2);

    // Each owner reads only its own answer; the enterprise reads both.
    expect((await getDemandPage(other.actor, d.id)).answers.map((x) => x.id)).toEqual([a2.id]);
    expect((await getDemandPage(buyer.actor, d.id)).answers.map((x) => x.id).sort()).toEqual([a1.id, a2.id].sort());

    // Only an admin runs a challenge, of a running campaign, ending no later than the demand.
    const campaign = await insertCampaign({ parkIds: [], bankOrgIds: [] });
    const closedCampaign = await insertCampaign({ parkIds: [], bankOrgIds: [], status: "closed" });
    await expect(runAsChallenge(buyer.actor, d.id, { campaignId: campaign.id, challengeDeadline: "2099-06-30" })).rejects.toMatchObject({ status: 403 });
    await expect(runAsChallenge(admin.actor, d.id, { campaignId: closedCampaign.id, challengeDeadline: "2099-06-30" })).rejects.toMatchObject({ status: 409 });
    await expect(runAsChallenge(admin.actor, d.id, { campaignId: campaign.id, challengeDeadline: "2100-01-31" })).rejects.toMatchObject({ status: 400 });
    // No solver before it is a challenge.
    await expect(chooseSolver(admin.actor, d.id, a1.id)).rejects.toMatchObject({ status: 409 });
    await runAsChallenge(admin.actor, d.id, { campaignId: campaign.id, challengeDeadline: "2099-06-30" });

    // The solver is one of this demand's answers: another demand's answer is not found; a non-admin is refused.
    const a3 = await answerDemand(seller.actor, d2.id, { listingId: null, message: "也可以" });
    await expect(chooseSolver(admin.actor, d.id, a3.id)).rejects.toMatchObject({ status: 404 });
    await expect(chooseSolver(buyer.actor, d.id, a2.id)).rejects.toMatchObject({ status: 403 });
    await chooseSolver(admin.actor, d.id, a2.id);
    await chooseSolver(admin.actor, d.id, a2.id); // repeated: nothing changes twice
    const [solved] = await db.select().from(demands).where(eq(demands.id, d.id));
    expect(solved).toMatchObject({ status: "solved", solverAnswerId: a2.id });
    expect(await db.select().from(auditEvents).where(and(eq(auditEvents.entityId, d.id), eq(auditEvents.action, "demand.solver-chosen")))).toHaveLength(1);
    // A solved demand takes no more answers and cannot be closed.
    await expect(answerDemand(seller.actor, d.id, { listingId: null, message: "晚了" })).rejects.toMatchObject({ status: 409 });
    await expect(moveDemand(buyer.actor, d.id, "close")).rejects.toMatchObject({ status: 409 });
  });
});
