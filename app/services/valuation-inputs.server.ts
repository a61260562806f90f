import { and, desc, eq, gt, inArray, sql } from "drizzle-orm";
import type { Executor } from "#db/client.server";
import { deals, encumbrances, ipAssets, listingAssets, valuationAssets, valuations } from "#db/schema/index";
import { addMonths, monthsBetween, shanghaiDate } from "#app/domain/dates";
import { reviveFen } from "#app/domain/valuation/codec";
import { isIndustry } from "#app/domain/industries";
import { PARAMETERS, type Purpose } from "#app/domain/valuation/parameters";
import { compactQuestionnaire } from "#app/domain/valuation/questionnaire";
import type { AssetFacts, Comparable, EncumbranceKind, Questionnaire, ValuationInput } from "#app/domain/valuation/types";
import { pledgeFinancedByAsset } from "./market-shared.server";

/** A failure whose reason the owner can act on (the key is shown in their language). */
export class FlowError extends Error {
  constructor(readonly key: string, detail: string) {
    super(detail);
    this.name = "FlowError";
  }
}

/** The enrich step's reading of the database for one valuation (see `collectInputsMany`). */
export async function collectInputs(exec: Executor, id: string, valuationDate: string): Promise<ValuationInput> {
  const out = (await collectInputsMany(exec, [id], valuationDate)).get(id)!;
  if (out instanceof Error) throw out;
  return out;
}

/**
 * The enrich step's reading of the database for many valuations at once: facts of each asset, the
 * owner's answers, comparables — four queries for the lot, plus one per distinct comparables search
 * (a batch of one organisation's patents shares a few). A valuation whose assets are gone gets a
 * `FlowError` in its place; the others are unaffected.
 */
export async function collectInputsMany(exec: Executor, ids: string[], valuationDate: string): Promise<Map<string, ValuationInput | FlowError>> {
  const out = new Map<string, ValuationInput | FlowError>();
  if (!ids.length) return out;
  const [heads, rows] = await Promise.all([
    exec.select({ id: valuations.id, purpose: valuations.purpose, questionnaire: valuations.questionnaire })
      .from(valuations).where(inArray(valuations.id, ids)),
    exec.select({ valuationId: valuationAssets.valuationId, a: ipAssets }).from(ipAssets)
      .innerJoin(valuationAssets, eq(valuationAssets.assetId, ipAssets.id)).where(inArray(valuationAssets.valuationId, ids)),
  ]);
  const assetIds = [...new Set(rows.map((r) => r.a.id))];
  const [enc, financedFen] = assetIds.length
    ? await Promise.all([
      exec.select({ assetId: encumbrances.assetId, kind: encumbrances.kind }).from(encumbrances)
        .where(and(inArray(encumbrances.assetId, assetIds), eq(encumbrances.status, "active"))),
      pledgeFinancedByAsset(exec, assetIds),
    ])
    : [[], new Map<string, bigint>()];
  const encOf = new Map<string, Set<EncumbranceKind>>();
  for (const e of enc) {
    let set = encOf.get(e.assetId);
    if (!set) encOf.set(e.assetId, (set = new Set()));
    set.add(e.kind as EncumbranceKind);
  }
  const factsOf = new Map<string, AssetFacts[]>();
  for (const { valuationId, a } of rows) {
    let list = factsOf.get(valuationId);
    if (!list) factsOf.set(valuationId, (list = []));
    list.push({
      id: a.id, kind: a.kind, number: a.number, title: a.title, industry: a.industry,
      filingDate: a.filingDate, grantDate: a.grantDate, expiryDate: a.expiryDate, legalStatus: a.legalStatus,
      annuityPaidThrough: a.annuityPaidThrough, ipcClasses: [...a.ipcClasses].sort(), niceClasses: [...a.niceClasses].sort((x, y) => x - y),
      claimsCount: a.claimsCount, citationsCount: a.citationsCount, overseasFamilyCount: a.overseasFamilyCount,
      awards: [...a.awards].sort(), coOwnerCount: a.coOwners.length, coOwnersAllConsented: a.coOwners.every((c) => c.consentRecorded),
      disputeFlag: a.disputeFlag, preservationFlag: a.preservationFlag, invalidationPending: a.invalidationPending,
      encumbrances: [...(encOf.get(a.id) ?? [])].sort(),
      pledgeFinancedFen: financedFen.get(a.id) ?? null,
    });
  }
  // The same search (purpose, kinds, industries) is made once; each valuation drops its own assets.
  const searches = new Map<string, Promise<ComparableRow[]>>();
  const headOf = new Map(heads.map((h) => [h.id, h]));
  await Promise.all(ids.map(async (id) => {
    const v = headOf.get(id);
    if (!v) return void out.set(id, new FlowError("valuation.error.internal", "valuation missing"));
    // In the database's order (asset id) for every valuation, whichever way the rows came back.
    const assets = (factsOf.get(id) ?? []).sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    if (!assets.length) return void out.set(id, new FlowError("valuation.error.assetsGone", "no assets"));
    const kinds = [...new Set(assets.map((a) => a.kind))].sort();
    const industries = [...new Set(assets.map((a) => a.industry))].sort();
    const key = JSON.stringify([v.purpose, kinds, industries]);
    let search = searches.get(key);
    if (!search) searches.set(key, (search = comparableRows(exec, kinds, industries, v.purpose, valuationDate)));
    out.set(id, {
      valuationDate, purpose: v.purpose, assets,
      questionnaire: compactQuestionnaire(reviveFen<Questionnaire>(v.questionnaire ?? {})),
      comparables: toComparables(await search, assets),
      parameters: PARAMETERS,
    });
  }));
  return out;
}

/**
 * Completed deals on the platform for assets of the same kinds and industries (transfers; licences
 * when a licence is being valued), one comparable per asset of each deal, last five years.
 */
export async function loadComparables(exec: Executor, subject: AssetFacts[], purpose: Purpose, valuationDate: string): Promise<Comparable[]> {
  const rows = await comparableRows(exec, [...new Set(subject.map((a) => a.kind))], [...new Set(subject.map((a) => a.industry))], purpose, valuationDate);
  return toComparables(rows, subject);
}

type ComparableRow = Awaited<ReturnType<typeof comparableRows>>[number];

function comparableRows(exec: Executor, kinds: AssetFacts["kind"][], industries: string[], purpose: Purpose, valuationDate: string) {
  const modes = purpose === "licence"
    ? (["exclusive_licence", "sole_licence", "non_exclusive_licence", "open_licence"] as const)
    : (["transfer"] as const);
  return exec.select({
    dealId: deals.id, priceFen: deals.priceFen, completedAt: deals.completedAt, assetId: ipAssets.id, kind: ipAssets.kind,
    industry: ipAssets.industry, ipcClasses: ipAssets.ipcClasses, niceClasses: ipAssets.niceClasses, expiryDate: ipAssets.expiryDate,
    assetCount: sql<number>`(select count(*)::int from ${listingAssets} la2 where la2.listing_id = ${deals.listingId})`,
  }).from(deals)
    .innerJoin(listingAssets, eq(listingAssets.listingId, deals.listingId))
    .innerJoin(ipAssets, eq(ipAssets.id, listingAssets.assetId))
    .where(and(
      eq(deals.status, "completed"), inArray(deals.mode, [...modes]), inArray(ipAssets.kind, kinds), inArray(ipAssets.industry, industries.filter(isIndustry)),
      gt(deals.completedAt, new Date(`${addMonths(valuationDate, -60)}T00:00:00+08:00`)),
    ))
    .orderBy(desc(deals.completedAt)).limit(300);
}

function toComparables(rows: ComparableRow[], subject: AssetFacts[]): Comparable[] {
  const own = new Set(subject.map((a) => a.id));
  return rows.filter((r) => !own.has(r.assetId)).map((r) => {
    const dealDate = shanghaiDate(r.completedAt ?? new Date(0));
    return {
      id: `${r.dealId}/${r.assetId}`, kind: r.kind, industry: r.industry, ipcClasses: [...r.ipcClasses].sort(), niceClasses: [...r.niceClasses].sort((x, y) => x - y),
      priceFen: r.priceFen, dealDate, assetCount: Math.max(1, Number(r.assetCount)),
      remainingMonths: Math.max(0, monthsBetween(dealDate, r.expiryDate)),
    };
  });
}
