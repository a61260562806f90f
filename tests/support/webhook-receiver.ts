import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

/**
 * A bank's webhook receiver, for tests: a real HTTP server that verifies every request with the
 * `standardwebhooks` package (against each secret it is given), dedupes on `webhook-id` as the
 * spec asks receivers to, and answers what the test scripted (status, Retry-After, or a hang).
 */
export type Answer = { status: number; retryAfter?: string } | { hang: true } | { holdUntil: Promise<void>; status: number };

export type Received = {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  /** For each secret given: did the request verify with it? */
  verifiedWith: boolean[];
  at: number;
};

export async function startReceiver(opts: { secrets: () => string[]; answers?: Answer[]; fallback?: Answer } ) {
  const received: Received[] = [];
  /** webhook-ids acted upon once (a receiver's dedupe). */
  const processed = new Set<string>();
  const answers = [...(opts.answers ?? [])];
  const waiters: Array<() => void> = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      const headers = { "webhook-id": String(req.headers["webhook-id"] ?? ""), "webhook-timestamp": String(req.headers["webhook-timestamp"] ?? ""), "webhook-signature": String(req.headers["webhook-signature"] ?? "") };
      const verifiedWith = opts.secrets().map((s) => {
        try {
          new Webhook(s).verify(body, headers);
          return true;
        } catch {
          return false;
        }
      });
      received.push({ id: headers["webhook-id"], timestamp: headers["webhook-timestamp"], signature: headers["webhook-signature"], body, verifiedWith, at: Date.now() });
      waiters.splice(0).forEach((w) => w());
      const answer = answers.shift() ?? opts.fallback ?? { status: 200 };
      if ("hang" in answer) return; // never answers: the sender's timeout must end it
      const reply = () => {
        if (answer.status >= 200 && answer.status < 300 && verifiedWith.some(Boolean)) processed.add(headers["webhook-id"]);
        const h: Record<string, string> = { "content-type": "application/json" };
        if ("retryAfter" in answer && answer.retryAfter) h["retry-after"] = answer.retryAfter;
        res.writeHead(answer.status, h).end(JSON.stringify({ ok: answer.status < 300 }));
      };
      if ("holdUntil" in answer) void answer.holdUntil.then(reply, reply);
      else reply();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    processed,
    answers,
    /** Resolves once `n` requests have arrived. */
    async waitFor(n: number, ms = 30_000) {
      const until = Date.now() + ms;
      while (received.length < n) {
        if (Date.now() > until) throw new Error(`receiver: waited for ${n} requests, got ${received.length}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 200);
        });
      }
      return received;
    },
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}
