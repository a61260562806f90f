import crypto from "node:crypto";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../client.server";
import type { DemoIds } from "./demo";
import { ipAssets, valuationAssets, valuations, valuationSteps } from "../schema/index";
import { canonicalJson } from "#app/domain/valuation/arithmetic";
import { toJsonValue } from "#app/domain/valuation/codec";
import { scoreAssets, valuate } from "#app/domain/valuation/engine";
import { STEP_PROGRESS, VALUATION_STEPS, valuationLifecycle } from "#app/domain/valuation/lifecycle";
import { PARAMETERS } from "#app/domain/valuation/parameters";
import { transition } from "#app/domain/state-machine";
import { collectInputs, writeReportFile } from "#app/services/valuation-flow.server";
import { assetKeyOf } from "#app/services/valuations.server";
import { renderValuationReport } from "#app/services/valuation-report.server";
import { addMonths, shanghaiDate } from "#app/domain/dates";

/**
 * Demo data: one completed pledge valuation of the demo enterprise's first valid patent (if the
 * market seeder gave it any), computed by the engine directly — the same code the flow runs — with
 * its PDF report, so the quick start shows a finished valuation at once.
 */
export async function seedValuation(db: Db, ids: DemoIds) {
  const orgId = ids.orgs.enterprise;
  if (!orgId) return;
  const assets = await db.select({ id: ipAssets.id }).from(ipAssets)
    .where(and(eq(ipAssets.ownerOrgId, orgId), eq(ipAssets.legalStatus, "valid"), inArray(ipAssets.kind, ["invention", "utility_model"])))
    .orderBy(asc(ipAssets.kind), asc(ipAssets.number)).limit(1);
  if (!assets.length) return;
  const questionnaire = {
    annualRevenueFen: 1_800_000_000n, revenueGrowthBp: 800, marketSizeFen: 500_000_000_000n, marketShareBp: 120, maturity: 4, substitutability: 4,
  };
  const assetIds = assets.map((a) => a.id);
  const [v] = await db.insert(valuations).values({
    orgId, requestedBy: ids.users.enterprise ?? null, purpose: "pledge", questionnaire: toJsonValue(questionnaire) as object,
    locale: "zh-CN", assetKey: assetKeyOf(assetIds),
  }).returning({ id: valuations.id });
  const id = v!.id;
  await db.insert(valuationAssets).values(assetIds.map((assetId) => ({ valuationId: id, assetId })));

  const now = new Date();
  const input = await collectInputs(db, id, shanghaiDate(now));
  const result = valuate(input);
  const text = canonicalJson(result);
  const { inputs: _omit, ...stored } = JSON.parse(text) as Record<string, unknown>;
  const pdf = await renderValuationReport({ id, result, orgName: "上海芯微半导体科技有限公司", locale: "zh-CN" });
  const file = await writeReportFile(id, pdf);
  const status = transition("valuation", valuationLifecycle, transition("valuation", valuationLifecycle, "queued", "start"), "complete");
  await db.transaction(async (tx) => {
    await tx.update(valuations).set({
      status, step: "report", progress: 100, modelVersion: result.modelVersion, inputs: toJsonValue(input) as object,
      scores: toJsonValue(scoreAssets(input)) as object, result: stored, resultHash: crypto.createHash("sha256").update(text).digest("hex"),
      lowValue: result.low, baseValue: result.base, highValue: result.high, reportPath: file.path, reportSha256: file.sha256,
      completedAt: now, validUntil: new Date(`${addMonths(shanghaiDate(now), PARAMETERS.validityMonths)}T00:00:00+08:00`), updatedAt: now,
    }).where(eq(valuations.id, id));
    await tx.insert(valuationSteps).values(VALUATION_STEPS.map((step) => ({
      valuationId: id, step, status: "completed" as const, runs: 1, startedAt: now, finishedAt: now, result: { seeded: true, progress: STEP_PROGRESS[step] },
    })));
  });
  ids.extra.valuation = id;
}
