import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type Logger } from "pino";
import { env } from "./env.server";

/**
 * One structured (JSON) logger for every process. Each line carries the request id of the request
 * it was written for, or the job id of the job, without anyone passing a logger around: the web
 * middleware and the job runtime open a log context (AsyncLocalStorage) and the logger's mixin
 * reads it.
 */
export type LogContext = { reqId?: string; jobId?: string; queue?: string; job?: string; outage?: boolean };

type State = { als: AsyncLocalStorage<LogContext>; root: Logger; plain: Logger; proc: string };
// The Remix build bundles its own copy of this module: the state lives on globalThis so that
// server.ts, the build and the job runtime share one logger and one context.
const g = globalThis as unknown as { __ipmLog?: State };

function init(): State {
  const als = new AsyncLocalStorage<LogContext>();
  const destination = pino.destination({ dest: 1, sync: true });
  const base = {
    level: env.LOG_LEVEL,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  const state: State = {
    als,
    proc: "app",
    root: pino({
      ...base,
      mixin: () => {
        const c = als.getStore();
        return c ? { proc: state.proc, reqId: c.reqId, jobId: c.jobId, queue: c.queue, job: c.job } : { proc: state.proc };
      },
    }, destination),
    // For pino-http, whose lines bind the request id themselves (a mixin would repeat the key).
    plain: pino(base, destination),
  };
  return state;
}

const state = (g.__ipmLog ??= init());

export const logger: Logger = state.root;
/** The logger pino-http writes its request lines with. */
export const httpLogger: Logger = state.plain;

/** Names the process in every line (`web`, `worker`). */
export function setProcessName(name: string) {
  state.proc = name;
}

/** Runs `fn` with `ctx` added to every log line written while it (and what it awaits) runs. */
export function withLogContext<T>(ctx: LogContext, fn: () => T): T {
  return state.als.run({ ...state.als.getStore(), ...ctx }, fn);
}

/** The current request's or job's context (mutable: the outage mapping marks it). */
export function currentLogContext(): LogContext | undefined {
  return state.als.getStore();
}

/**
 * drizzle's wrapper of a failed query (DrizzleQueryError) carries the query's parameters in its message
 * (session ids, e-mail addresses…), which must reach neither the logs nor stored failure reasons: this is
 * the driver's error it wraps. The wrapper keeps the name "Error", so it is known by its own fields (the Remix
 * build and server.ts may each hold a copy of drizzle, so `instanceof` is not enough). Anything else as it is.
 */
export function withoutQueryParameters(e: unknown): unknown {
  const wrapped = e as Error & { query?: unknown; params?: unknown };
  if (!(e instanceof Error) || typeof wrapped.query !== "string" || !("params" in wrapped)) return e;
  return wrapped.cause instanceof Error ? wrapped.cause : new Error(`Failed query: ${wrapped.query}`);
}

/** An error's message, fit to log or store (`withoutQueryParameters`). */
export function errorMessage(e: unknown): string {
  const err = withoutQueryParameters(e);
  return err instanceof Error ? err.message : String(err);
}

/** An error as log fields (`logger.error(errorFields(e), msg)`): its type, code, message and stack, no query parameters. */
export function errorFields(e: unknown): { err: { type: string; message: string; code?: string; stack?: string } } {
  const unwrapped = withoutQueryParameters(e);
  const err = unwrapped instanceof Error ? unwrapped : new Error(String(unwrapped));
  const code = (err as { code?: unknown }).code;
  return { err: { type: err.name, message: err.message, ...(typeof code === "string" ? { code } : {}), stack: err.stack } };
}

/**
 * Process-level safety net (web and worker): an unhandled rejection is logged and the process
 * carries on (every path that matters handles its own errors; this one is a bug to fix, not a
 * reason to drop every job in flight); an uncaught exception is logged and the process exits, as
 * its state can no longer be trusted — the supervisor restarts it.
 */
export function logUnexpectedErrors() {
  const g2 = globalThis as unknown as { __ipmUnexpected?: boolean };
  if (g2.__ipmUnexpected) return;
  g2.__ipmUnexpected = true;
  process.on("unhandledRejection", (reason) => {
    logger.error({ ...errorFields(reason), event: "unhandledRejection" }, "unhandled promise rejection");
  });
  process.on("uncaughtException", (e) => {
    logger.fatal({ ...errorFields(e), event: "uncaughtException" }, "uncaught exception: exiting");
    process.exit(1);
  });
}
