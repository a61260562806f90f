import { describe, expect, it } from "vitest";
import { backoffMs } from "./backoff";
import { decideAttempt, failingTooLong, parseRetryAfter, signingSecrets, type RetryPolicy } from "./webhooks";
import { eventLabelKey, WEBHOOK_EVENT_TYPES, webhookBody } from "./events";
import { dictionaries } from "#app/i18n/index";

const policy: RetryPolicy = { baseMs: 5_000, factor: 3, capMs: 12 * 3_600_000, windowMs: 3 * 86_400_000, jitter: 0.2 };
const t0 = new Date("2026-12-01T00:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

describe("webhook retry schedule", () => {
  it("backs off exponentially (×3), capped, within ±20 % jitter", () => {
    expect(backoffMs(1, policy, () => 0.5)).toBe(5_000);
    expect(backoffMs(2, policy, () => 0.5)).toBe(15_000);
    expect(backoffMs(3, policy, () => 0.5)).toBe(45_000);
    expect(backoffMs(20, policy, () => 0.5)).toBe(policy.capMs);
    expect(backoffMs(1, policy, () => 0)).toBe(4_000);
    expect(backoffMs(1, policy, () => 1)).toBe(6_000);
  });

  it("keeps retrying for about three days, then gives up", () => {
    let now = t0;
    let seq = 1;
    for (;;) {
      const d = decideAttempt({ status: 500 }, { seq, startedAt: t0, now, policy, random: () => 0.5 });
      if (d.outcome !== "retry") break;
      now = at(now.getTime() - t0.getTime() + d.delayMs);
      seq++;
    }
    const days = (now.getTime() - t0.getTime()) / 86_400_000;
    expect(days).toBeGreaterThan(2.5);
    expect(days).toBeLessThanOrEqual(3);
    expect(seq).toBeGreaterThan(10);
  });

  it("a 2xx is delivered, a 410 is gone, no answer retries", () => {
    expect(decideAttempt({ status: 204 }, { seq: 1, startedAt: t0, now: t0, policy })).toEqual({ outcome: "delivered" });
    expect(decideAttempt({ status: 410 }, { seq: 1, startedAt: t0, now: t0, policy })).toEqual({ outcome: "gone" });
    expect(decideAttempt({ status: null }, { seq: 1, startedAt: t0, now: t0, policy, random: () => 0.5 })).toEqual({ outcome: "retry", delayMs: 5_000, honoured: false });
  });

  it("honours Retry-After (seconds or a date) on 429 and 503 only", () => {
    expect(decideAttempt({ status: 429, retryAfter: "120" }, { seq: 1, startedAt: t0, now: t0, policy })).toEqual({ outcome: "retry", delayMs: 120_000, honoured: true });
    expect(decideAttempt({ status: 503, retryAfter: at(60_000).toUTCString() }, { seq: 1, startedAt: t0, now: t0, policy })).toMatchObject({ delayMs: 60_000, honoured: true });
    expect(decideAttempt({ status: 500, retryAfter: "120" }, { seq: 1, startedAt: t0, now: t0, policy, random: () => 0.5 })).toMatchObject({ delayMs: 5_000, honoured: false });
    expect(parseRetryAfter("soon", t0)).toBeNull();
  });

  it("disables an endpoint that has failed for longer than allowed", () => {
    expect(failingTooLong(null, t0, 1000)).toBe(false);
    expect(failingTooLong(t0, at(999), 1000)).toBe(false);
    expect(failingTooLong(t0, at(1000), 1000)).toBe(true);
  });

  it("signs with the current secret and with rotated-out ones until their overlap ends, newest first", () => {
    const secrets = [
      { secret: "old", expiresAt: at(1000), createdAt: t0 },
      { secret: "new", expiresAt: null, createdAt: at(10) },
      { secret: "gone", expiresAt: at(-1), createdAt: at(-100) },
    ];
    expect(signingSecrets(secrets, t0).map((s) => s.secret)).toEqual(["new", "old"]);
    expect(signingSecrets(secrets, at(1000)).map((s) => s.secret)).toEqual(["new"]);
  });
});

describe("event catalogue", () => {
  it("labels every event type in both languages", () => {
    for (const type of WEBHOOK_EVENT_TYPES) {
      expect(dictionaries["zh-CN"][eventLabelKey(type)], type).toBeTruthy();
      expect(dictionaries.en[eventLabelKey(type)], type).toBeTruthy();
    }
  });

  it("shapes a thin Standard Webhooks body: type, timestamp and ids only", () => {
    const body = webhookBody({ id: 7, type: "loan.defaulted", payload: { loanId: "l-1", applicationId: "a-1", assetId: undefined }, createdAt: t0 });
    expect(body).toEqual({ type: "loan.defaulted", timestamp: "2026-12-01T00:00:00.000Z", data: { loanId: "l-1", applicationId: "a-1", eventId: "evt_7" } });
  });
});
