import type { TransitionTable } from "../state-machine";

export const VALUATION_STATUSES = ["queued", "running", "completed", "failed", "expired", "invalidated"] as const;
export type ValuationStatus = (typeof VALUATION_STATUSES)[number];
export type ValuationEvent = "start" | "complete" | "fail" | "retry" | "expire" | "invalidate";

/**
 * queued → running → completed | failed; completed → expired after `valid_until`; a failed run may be
 * retried; a change to an asset's legal status invalidates every open valuation (queued, running or
 * completed), after which a new one must be requested.
 */
export const valuationLifecycle: TransitionTable<ValuationStatus, ValuationEvent> = {
  queued: { start: "running", fail: "failed", invalidate: "invalidated" },
  running: { complete: "completed", fail: "failed", invalidate: "invalidated" },
  completed: { expire: "expired", invalidate: "invalidated" },
  failed: { retry: "queued", invalidate: "invalidated" },
  expired: {},
  invalidated: {},
};

/** Valuations a legal-status change must invalidate. */
export const OPEN_VALUATION_STATUSES: ValuationStatus[] = ["queued", "running", "completed", "failed"];

export const VALUATION_STEPS = ["enrich", "score", "value", "report"] as const;
export type ValuationStep = (typeof VALUATION_STEPS)[number];

/** Progress shown once a step is done. */
export const STEP_PROGRESS: Record<ValuationStep, number> = { enrich: 25, score: 50, value: 75, report: 100 };
