import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "#db/client.server";
import {
  applicationAssets, bankReviews, correctionNotices, ipAssets, loanOffers, organizations, pledgeRegistrations, registrationPacks, valuations,
} from "#db/schema/index";
import { shanghaiDate } from "#app/domain/dates";
import type { DocContent, PackAsset, PackFacts } from "#app/domain/registration/documents";
import { registriesOf, registryOf, type Party } from "#app/domain/registration/lifecycle";
import { ServiceError } from "#app/utils/http.server";
import { resolveFonts } from "./valuation-report.server";

type PackRow = typeof registrationPacks.$inferSelect;

/** The facts a pack's documents are built from, read afresh (a corrected revision picks up corrected data). */
export async function packFacts(exec: Executor, pack: PackRow, app: { id: string; enterpriseOrgId: string; acceptedReviewId: string | null; valuationId: string | null }): Promise<PackFacts> {
  const [review] = app.acceptedReviewId ? await exec.select().from(bankReviews).where(eq(bankReviews.id, app.acceptedReviewId)) : [];
  const [offer] = review ? await exec.select().from(loanOffers).where(eq(loanOffers.reviewId, review.id)) : [];
  if (!review || !offer) throw new ServiceError(409, "errors.conflict");
  const party = async (orgId: string) => {
    const [o] = await exec.select({ name: organizations.name, uscc: organizations.uscc, address: organizations.address }).from(organizations).where(eq(organizations.id, orgId));
    return o!;
  };
  const assets: PackAsset[] = ((await exec.select({
    kind: ipAssets.kind, number: ipAssets.number, title: ipAssets.title, filingDate: ipAssets.filingDate, grantDate: ipAssets.grantDate,
    expiryDate: ipAssets.expiryDate, niceClasses: ipAssets.niceClasses, sameDayApplications: ipAssets.sameDayApplications,
  }).from(applicationAssets).innerJoin(ipAssets, eq(ipAssets.id, applicationAssets.assetId))
    .where(eq(applicationAssets.applicationId, app.id)).orderBy(asc(ipAssets.number))) as PackAsset[])
    // A pack goes to one register: the patents, or the trademarks, of the application.
    .filter((a) => registryOf(a.kind) === pack.registry);
  const [v] = pack.inputs.declareValuation && app.valuationId
    ? await exec.select({ id: valuations.id, low: valuations.lowValue, base: valuations.baseValue, completedAt: valuations.completedAt }).from(valuations).where(eq(valuations.id, app.valuationId))
    : [];
  const corrections = await exec.select({ receivedOn: correctionNotices.receivedOn, items: correctionNotices.items }).from(correctionNotices)
    .where(eq(correctionNotices.packId, pack.id)).orderBy(asc(correctionNotices.revision));
  const [reg] = await exec.select({ cnipaNumber: pledgeRegistrations.cnipaNumber }).from(pledgeRegistrations).where(eq(pledgeRegistrations.applicationId, app.id));
  // The cancellation names this register's own registration number (the pledge pack recorded there).
  const [registered] = pack.kind === "cancellation"
    ? await exec.select({ cnipaNumber: registrationPacks.cnipaNumber }).from(registrationPacks).where(and(
      eq(registrationPacks.applicationId, app.id), eq(registrationPacks.kind, "registration"), eq(registrationPacks.registry, pack.registry), eq(registrationPacks.status, "recorded"),
    ))
    : [];
  const issuedOn = shanghaiDate();
  return {
    kind: pack.kind, applicationId: app.id, revision: pack.revision, issuedOn,
    pledgor: await party(app.enterpriseOrgId), pledgee: await party(review.bankOrgId),
    debt: { amountFen: offer.amountFen, termMonths: offer.termMonths, rateBp: offer.rateBp, startsOn: shanghaiDate(offer.createdAt) },
    assets, agent: pack.inputs.agent,
    valuation: v?.low != null && v.base != null ? { id: v.id, lowFen: v.low, baseFen: v.base, completedOn: shanghaiDate(v.completedAt ?? new Date()) } : null,
    corrections, change: pack.inputs.change,
    cancellation: pack.kind === "cancellation" ? { settledOn: issuedOn, cnipaNumber: registered?.cnipaNumber ?? reg?.cnipaNumber ?? null } : null,
  };
}

/** The registers (patents, trademarks) an application's assets go to: one pack of each kind for each. */
export async function applicationRegistries(exec: Executor, applicationId: string) {
  const kinds = await exec.select({ kind: ipAssets.kind }).from(applicationAssets).innerJoin(ipAssets, eq(ipAssets.id, applicationAssets.assetId))
    .where(eq(applicationAssets.applicationId, applicationId));
  return registriesOf(kinds.map((k) => k.kind));
}

export async function bankOf(exec: Executor, acceptedReviewId: string | null): Promise<string> {
  const [r] = acceptedReviewId ? await exec.select({ bankOrgId: bankReviews.bankOrgId }).from(bankReviews).where(and(eq(bankReviews.id, acceptedReviewId))) : [];
  if (!r) throw new ServiceError(409, "errors.conflict");
  return r.bankOrgId;
}

const PARTY_ZH: Record<Party, string> = { pledgor: "出质人", pledgee: "质权人" };
const M = 60;

/**
 * One pack document as a PDF (A4, Chinese, the CJK font of the valuation report). The signatures
 * are PAdES signatures added afterwards; the signature lines here say who signs, and that it is
 * electronic.
 */
export async function renderPackDocument(doc: DocContent, facts: PackFacts, ref: string): Promise<Buffer> {
  const fonts = await resolveFonts();
  const { default: PDFDocument } = await import("pdfkit");
  const pdf = new PDFDocument({
    size: "A4", margin: M, font: null as unknown as string,
    info: { Title: doc.title, Author: "知识产权质押融资服务平台", Subject: ref, CreationDate: new Date(`${facts.issuedOn}T00:00:00+08:00`) },
  });
  const chunks: Buffer[] = [];
  pdf.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
  });
  if (fonts.regular && fonts.bold) {
    pdf.registerFont("body", fonts.regular as unknown as Buffer);
    pdf.registerFont("bold", fonts.bold as unknown as Buffer);
  } else {
    pdf.registerFont("body", "Helvetica");
    pdf.registerFont("bold", "Helvetica-Bold");
  }
  const width = pdf.page.width - 2 * M;
  pdf.font("bold").fontSize(18).fillColor("#1b2333").text(doc.title, { align: "center", width });
  pdf.moveDown(0.4).font("body").fontSize(9).fillColor("#5b6478")
    .text(`编号 ${ref}　第 ${facts.revision} 版　出具日期 ${facts.issuedOn}`, { align: "center", width });
  pdf.moveDown(1).fillColor("#1b2333");
  for (const s of doc.sections) {
    if (s.heading) pdf.font("bold").fontSize(12).text(s.heading, { width }).moveDown(0.2);
    pdf.font("body").fontSize(11);
    for (const line of s.lines) pdf.text(line, { width, lineGap: 3 });
    pdf.moveDown(0.8);
  }
  if (doc.signedBy.length) {
    pdf.moveDown(1);
    for (const p of doc.signedBy) {
      const name = p === "pledgor" ? facts.pledgor.name : facts.pledgee.name;
      pdf.font("body").fontSize(11).text(`${PARTY_ZH[p]}（电子签名）：${name}`, { width }).moveDown(0.6);
    }
  }
  pdf.font("body").fontSize(8).fillColor("#5b6478")
    .text("本文件以 PAdES 电子签名签署，签名人、签名时间及文件完整性可在平台“文件验证”页面或任何 PDF 签名校验工具中核验。", M, pdf.page.height - M - 20, { width });
  pdf.end();
  return done;
}
