import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { errorFields, logger } from "./logger.server";
import { metrics } from "./metrics.server";

/**
 * Graceful shutdown of one web process. Each process drains itself on SIGTERM, so this composes
 * with any supervisor: one process per container, or a `node:cluster` primary that forwards the
 * signal to every worker (each worker calls `drainOnSignals` for its own server; the primary only
 * forwards and waits).
 *
 * Order: /healthz answers 503 at once (`isDraining`), after `delayMs` the server stops accepting
 * connections, responses still in flight are told to close their connection and finish (at most
 * `timeoutMs`), idle keep-alive connections are closed, background work stops, then the pools close.
 */
type State = { draining: boolean; inFlight: Set<ServerResponse>; idle: (() => void)[] };
// Shared by server.ts and the Remix build's copy of this module (healthz reads it).
const g = globalThis as unknown as { __ipmGraceful?: State };
const state: State = (g.__ipmGraceful ??= { draining: false, inFlight: new Set(), idle: [] });

export const isDraining = () => state.draining;
export const inFlightRequests = () => state.inFlight.size;

/** Express middleware: tracks responses in flight; once draining, every response closes its connection. */
export function trackRequest(_req: IncomingMessage, res: ServerResponse, next: () => void) {
  state.inFlight.add(res);
  metrics.httpInFlight.inc();
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    state.inFlight.delete(res);
    metrics.httpInFlight.dec();
    if (state.draining) for (const fn of state.idle) fn();
  };
  res.once("finish", finish);
  res.once("close", finish);
  if (state.draining) closeAfter(res);
  next();
}

function closeAfter(res: ServerResponse) {
  if (res.headersSent) return;
  res.shouldKeepAlive = false;
  res.setHeader("Connection", "close");
}

export type DrainOptions = {
  server: Server;
  /** In-flight requests (and `stopBackground`) may take this long; then remaining connections are cut. */
  timeoutMs: number;
  /** Keep accepting this long after /healthz turned 503, so a load balancer stops sending first. */
  delayMs?: number;
  /** Runs alongside the HTTP drain (e.g. embedded mode's relay: stop claiming, finish the job in hand). */
  stopBackground?: () => Promise<void>;
  /** Run in order once requests are done (Redis producer, database pool). */
  close: Array<() => Promise<unknown>>;
  exit?: (code: number) => void;
};

export function createDrain(opts: DrainOptions) {
  let draining: Promise<void> | null = null;
  const drain = (reason: string) => (draining ??= (async () => {
    const started = Date.now();
    state.draining = true;
    logger.info({ reason, inFlight: state.inFlight.size, timeoutMs: opts.timeoutMs }, "draining: /healthz answers 503");
    if (opts.delayMs) await sleep(opts.delayMs);
    const deadline = started + opts.timeoutMs;

    for (const res of state.inFlight) closeAfter(res);
    const closed = new Promise<void>((resolve) => opts.server.close(() => resolve()));
    const closeIdle = () => opts.server.closeIdleConnections();
    state.idle.push(closeIdle);
    closeIdle();
    const background = (opts.stopBackground?.() ?? Promise.resolve()).catch((e) => logger.error(errorFields(e), "draining: stopping background work failed"));

    const inTime = await Promise.race([closed.then(() => true), sleep(Math.max(0, deadline - Date.now())).then(() => false)]);
    if (!inTime) {
      logger.warn({ cut: state.inFlight.size }, "draining: timeout, closing the connections still open");
      opts.server.closeAllConnections();
      await closed;
    }
    await Promise.race([background, sleep(Math.max(0, deadline - Date.now()))]);
    for (const fn of opts.close) {
      try {
        await fn();
      } catch (e) {
        logger.error(errorFields(e), "draining: close failed");
      }
    }
    logger.info({ ms: Date.now() - started, inTime }, "drained");
  })());
  return {
    drain,
    /** SIGTERM and SIGINT drain the process, then exit. */
    installSignalHandlers(signals: NodeJS.Signals[] = ["SIGTERM", "SIGINT"]) {
      for (const sig of signals) {
        process.once(sig, () => {
          void drain(sig).then(() => (opts.exit ?? process.exit)(0));
        });
      }
    },
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
