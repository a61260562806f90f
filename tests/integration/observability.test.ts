import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "#app/utils/env.server";
import { startTestServer } from "#tests/support/server";

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe("what an operator sees of the web process", () => {
  it("gives every response a request id, keeping a well-formed one the caller sent", async () => {
    const fresh = await fetch(`${server.base}/market`);
    expect(fresh.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const given = await fetch(`${server.base}/market`, { headers: { "x-request-id": "lb-7f3a9c01" } });
    expect(given.headers.get("x-request-id")).toBe("lb-7f3a9c01");
    const forged = await fetch(`${server.base}/market`, { headers: { "x-request-id": "<script>" } });
    expect(forged.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("serves Prometheus metrics to a loopback scraper: latency by Remix route, queue depths, outbox lag, stranded work", async () => {
    await fetch(`${server.base}/market`);
    const res = await fetch(`${server.base}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/ipm_http_request_duration_seconds_count\{method="GET",route="routes\/market\._index",status="200"\} [1-9]/);
    expect(text).toMatch(/ipm_queue_jobs\{queue="valuation",state="waiting"\} \d+/);
    expect(text).toMatch(/ipm_outbox_oldest_pending_seconds \d/);
    expect(text).toMatch(/ipm_jobs_stranded\{kind="valuation"\} \d+/);
  });

  it("refuses metrics to anyone else: a request relayed by a proxy, or without the token once one is set", async () => {
    expect((await fetch(`${server.base}/metrics`, { headers: { "x-forwarded-for": "203.0.113.9" } })).status).toBe(403);
    env.METRICS_TOKEN = "metrics-token-0123456789";
    try {
      expect((await fetch(`${server.base}/metrics`)).status).toBe(401);
      expect((await fetch(`${server.base}/metrics`, { headers: { authorization: "Bearer wrong-token-0123456789" } })).status).toBe(401);
      expect((await fetch(`${server.base}/metrics`, { headers: { authorization: `Bearer ${env.METRICS_TOKEN}`, "x-forwarded-for": "203.0.113.9" } })).status).toBe(200);
    } finally {
      env.METRICS_TOKEN = undefined;
    }
  });
});
