/**
 * Webhook delivery rules, pure: what one attempt's answer means for the delivery and its endpoint.
 * The service (app/services/webhook-delivery.server.ts) does the I/O and applies the outcome.
 */
import { backoffMs, type Backoff } from "./backoff";

/** Webhook retries: a backoff, and a window after which no retry starts. */
export type RetryPolicy = Backoff & {
  /** No retry starts later than this after the schedule began. */
  windowMs: number;
};

export type AttemptAnswer = {
  /** HTTP status, or null when no answer came (timeout, refused connection, reset). */
  status: number | null;
  retryAfter?: string | null;
};

export type AttemptOutcome =
  | { outcome: "delivered" }
  /** 410 Gone: the receiver says the endpoint no longer exists. */
  | { outcome: "gone" }
  | { outcome: "retry"; delayMs: number; honoured: boolean }
  | { outcome: "give-up" };

export const isSuccess = (status: number | null) => status !== null && status >= 200 && status < 300;

/** `Retry-After` as seconds or an HTTP date, in milliseconds from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}

/**
 * The outcome of attempt `seq` of a schedule that began at `startedAt`. A 429 or 503 with
 * `Retry-After` waits what the receiver asked (at most the cap); other failures back off.
 */
export function decideAttempt(
  answer: AttemptAnswer,
  ctx: { seq: number; startedAt: Date; now: Date; policy: RetryPolicy; random?: () => number },
): AttemptOutcome {
  if (isSuccess(answer.status)) return { outcome: "delivered" };
  if (answer.status === 410) return { outcome: "gone" };
  const asked = answer.status === 429 || answer.status === 503 ? parseRetryAfter(answer.retryAfter, ctx.now) : null;
  const delayMs = asked !== null ? Math.min(asked, ctx.policy.capMs) : backoffMs(ctx.seq, ctx.policy, ctx.random);
  const elapsed = ctx.now.getTime() + delayMs - ctx.startedAt.getTime();
  if (elapsed > ctx.policy.windowMs) return { outcome: "give-up" };
  return { outcome: "retry", delayMs, honoured: asked !== null };
}

/** An endpoint that has not succeeded since `failingSince` for longer than `disableAfterMs` is disabled. */
export function failingTooLong(failingSince: Date | null, now: Date, disableAfterMs: number) {
  return failingSince !== null && now.getTime() - failingSince.getTime() >= disableAfterMs;
}

/**
 * Which secrets sign a message: the current one and any rotated-out one still inside its overlap.
 * Newest first, so the `webhook-signature` header lists the current signature first.
 */
export function signingSecrets<T extends { secret: string; expiresAt: Date | null; createdAt: Date }>(secrets: T[], now: Date): T[] {
  return secrets
    .filter((s) => s.expiresAt === null || s.expiresAt.getTime() > now.getTime())
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

/** The delivery log keeps this much of a receiver's answer. */
export const RESPONSE_BODY_LIMIT = 2_000;
