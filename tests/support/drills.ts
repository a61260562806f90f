import fs from "node:fs";
import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { auditEvents, notifications, valuations, valuationSteps } from "#db/schema/index";
import { requestValuation } from "#app/services/valuations.server";
import { ensureReportFile } from "#app/services/valuation-report-file.server";
import { env } from "#app/utils/env.server";
import { createAsset, createOrg, type TestOrg } from "./factories";

/**
 * Shared by the fault drills: settings that make a crashed worker's job reappear within seconds
 * (the same code paths as production, with shorter timers), valuations to run, and the figures the
 * drills print and assert: for each valuation exactly one result, report, completion audit row and
 * notification.
 */
export const DRILL_TIMERS = {
  JOB_LOCK_MS: "4000",
  JOB_STALLED_INTERVAL_MS: "1000",
  RECONCILE_INTERVAL_MS: "1000",
  RECONCILE_GRACE_MS: "2000",
  OUTBOX_LEASE_MS: "3000",
  // Steps take a few milliseconds now (the PDF is drawn on download): a pause inside each keeps a kill landing mid-step.
  VALUATION_STEP_PAUSE_MS: "300",
};

/** `n` valuations over a few organisations (one asset each, so none is a duplicate of another). */
export async function requestValuations(n: number, orgs?: TestOrg[]) {
  const owners = orgs ?? (await Promise.all(Array.from({ length: Math.min(4, n) }, () => createOrg())));
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const org = owners[i % owners.length]!;
    const asset = await createAsset({ ownerOrgId: org.orgId, claimsCount: 5 + i });
    const { id } = await requestValuation(org.actor, {
      assetIds: [asset.id], purpose: "pledge", locale: i % 2 ? "en" : "zh-CN", questionnaire: { annualRevenueFen: 1_000_000_000n + BigInt(i), maturity: 3 },
    });
    ids.push(id);
  }
  return { ids, orgs: owners };
}

export type Figures = {
  runs: number;
  completed: number;
  failed: number;
  stranded: number;
  lost: number;
  doubled: number;
  autoRetried: number;
  /** The highest attempt any valuation reached (1: never restarted). */
  maxAttempt: number;
};

/**
 * Per valuation: its status, how many results (one row per step, unique), report files, completion
 * audit rows and completion notifications. `lost`: not completed; `stranded`: still queued or
 * running; `doubled`: any of those effects more than once.
 */
export async function valuationFigures(ids: string[], reportDir: string): Promise<Figures & { problems: string[] }> {
  const db = await getDb();
  const rows = await db.select({ id: valuations.id, status: valuations.status, resultHash: valuations.resultHash, reportPath: valuations.reportPath, attempt: valuations.attempt })
    .from(valuations).where(inArray(valuations.id, ids));
  const audits = await db.select({ entityId: auditEvents.entityId, action: auditEvents.action, n: sql<number>`count(*)::int` }).from(auditEvents)
    .where(and(inArray(auditEvents.entityId, ids), inArray(auditEvents.action, ["valuation.completed", "valuation.auto-retried"])))
    .groupBy(auditEvents.entityId, auditEvents.action);
  const notes = await db.select({ link: notifications.link, n: sql<number>`count(*)::int` }).from(notifications)
    .where(eq(notifications.kind, "valuation.notify.completed")).groupBy(notifications.link);
  const steps = await db.select({ valuationId: valuationSteps.valuationId, n: sql<number>`count(*)::int` }).from(valuationSteps)
    .where(and(inArray(valuationSteps.valuationId, ids), eq(valuationSteps.status, "completed"))).groupBy(valuationSteps.valuationId);
  // The report is drawn on first download: download each completed one, as its owner would.
  const previous = env.REPORT_DIR;
  env.REPORT_DIR = reportDir;
  try {
    for (const v of rows) if (v.status === "completed") await ensureReportFile(db, v.id);
  } finally {
    env.REPORT_DIR = previous;
  }
  const files = fs.existsSync(reportDir) ? fs.readdirSync(reportDir) : [];
  const problems: string[] = [];
  let doubled = 0;
  for (const v of rows) {
    const completions = audits.find((a) => a.entityId === v.id && a.action === "valuation.completed")?.n ?? 0;
    const notified = notes.find((n) => n.link === `/valuations/${v.id}`)?.n ?? 0;
    const reports = files.filter((f) => f.startsWith(v.id)).length;
    const stepsDone = steps.find((s) => s.valuationId === v.id)?.n ?? 0;
    if (completions > 1 || notified > 1 || reports > 1) doubled++;
    if (v.status === "completed" && (completions !== 1 || notified !== 1 || reports !== 1 || stepsDone !== 4 || !v.resultHash)) {
      problems.push(`${v.id}: completions ${completions}, notifications ${notified}, report files ${reports}, steps ${stepsDone}`);
    }
  }
  const completed = rows.filter((v) => v.status === "completed").length;
  return {
    runs: ids.length,
    completed,
    failed: rows.filter((v) => v.status === "failed").length,
    stranded: rows.filter((v) => v.status === "queued" || v.status === "running").length,
    lost: ids.length - completed,
    doubled,
    autoRetried: audits.filter((a) => a.action === "valuation.auto-retried").reduce((s, a) => s + a.n, 0),
    maxAttempt: Math.max(0, ...rows.map((v) => v.attempt)),
    problems,
  };
}

/** The drill's figures on one line, for the report (`[drill] …`). */
export function printFigures(drill: string, f: Record<string, unknown>) {
  // Deliberately on stdout: the lead quotes these.
  process.stdout.write(`[drill] ${drill}: ${Object.entries(f).map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : v}`).join(" ")}\n`);
}

/** Lines a process logged that say something went unhandled. */
export const unhandledIn = (log: string) => log.split("\n").filter((l) => /unhandledRejection|uncaughtException|Unhandled error event/.test(l));

/** A process's JSON log lines (pino), parsed. */
export function logLines(log: string): Array<Record<string, unknown>> {
  return log.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>);
}
