import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createDrain, inFlightRequests, isDraining, trackRequest } from "./graceful.server";

/** A server whose requests wait until released, behind the drain's request tracking. */
async function slowServer() {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const server = http.createServer((req, res) => trackRequest(req, res, () => {
    if (req.url === "/health") {
      res.writeHead(isDraining() ? 503 : 200).end();
      return;
    }
    void released.then(() => res.writeHead(200, { "Content-Type": "text/plain" }).end("done"));
  }));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, base, release };
}

const waitUntil = async (fn: () => boolean) => {
  while (!fn()) await new Promise((r) => setTimeout(r, 5));
};

describe("draining a web process", () => {
  it("reports draining, stops accepting, lets requests in flight finish, and closes the pools only after them", async () => {
    const { server, base, release } = await slowServer();
    const answers = Array.from({ length: 5 }, () => fetch(`${base}/slow`).then((r) => r.text()));
    await waitUntil(() => inFlightRequests() === 5);
    const order: string[] = [];
    const { drain } = createDrain({
      server, timeoutMs: 10_000, delayMs: 100,
      stopBackground: async () => void order.push("background"),
      close: [async () => void order.push("pool")],
    });
    const drained = drain("test");
    expect(isDraining()).toBe(true);
    // During the delay a health check still gets through, and says 503.
    expect((await fetch(`${base}/health`)).status).toBe(503);
    await new Promise((r) => setTimeout(r, 200));
    await expect(fetch(`${base}/health`)).rejects.toThrow();
    expect(order).toEqual(["background"]);
    release();
    expect(await Promise.all(answers)).toEqual(["done", "done", "done", "done", "done"]);
    await drained;
    expect(order).toEqual(["background", "pool"]);
  });
});
