import type { TransitionTable } from "../state-machine";

export const VALUATION_STATUSES = ["queued", "running", "needs_input", "completed", "failed", "expired", "invalidated"] as const;
export type ValuationStatus = (typeof VALUATION_STATUSES)[number];
export type ValuationEvent = "start" | "complete" | "needInput" | "provideInput" | "fail" | "retry" | "expire" | "invalidate";

/**
 * queued → running → completed | failed; completed → expired after `valid_until`; a failed run may be
 * retried, and so may a queued or running one that is stuck (no progress for a while) or whose run
 * was interrupted (the system restarts it): a retry is a new attempt, queued again; a change to an
 * asset's legal status invalidates every open valuation (queued, running or completed), after which
 * a new one must be requested. A run that finds no basis for a value (no sales, no R&D cost, too few
 * comparables: `missingInputs`) stops in `needs_input` instead of completing with zero; the owner's
 * answers queue it again (a new attempt that collects the facts afresh).
 */
export const valuationLifecycle: TransitionTable<ValuationStatus, ValuationEvent> = {
  queued: { start: "running", fail: "failed", retry: "queued", invalidate: "invalidated" },
  running: { complete: "completed", needInput: "needs_input", fail: "failed", retry: "queued", invalidate: "invalidated" },
  needs_input: { provideInput: "queued", invalidate: "invalidated" },
  completed: { expire: "expired", invalidate: "invalidated" },
  failed: { retry: "queued", invalidate: "invalidated" },
  expired: {},
  invalidated: {},
};

/** Valuations a legal-status change must invalidate. */
export const OPEN_VALUATION_STATUSES: ValuationStatus[] = ["queued", "running", "needs_input", "completed", "failed"];

export const VALUATION_STEPS = ["enrich", "score", "value", "report"] as const;
export type ValuationStep = (typeof VALUATION_STEPS)[number];

/** Progress shown once a step is done. */
export const STEP_PROGRESS: Record<ValuationStep, number> = { enrich: 25, score: 50, value: 75, report: 100 };

/** In progress (a job should be working on it). */
export const IN_PROGRESS: readonly ValuationStatus[] = ["queued", "running"];

/**
 * May the owner (or an admin) start the valuation again? A failed one always; one in progress only
 * once it has made no progress for `stuckAfterMs` (its work was lost or is hopelessly delayed).
 */
export function mayRetry(v: { status: ValuationStatus; updatedAt: Date }, now: Date, stuckAfterMs: number): boolean {
  if (v.status === "failed") return true;
  return IN_PROGRESS.includes(v.status) && now.getTime() - v.updatedAt.getTime() >= stuckAfterMs;
}
