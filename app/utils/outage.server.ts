import type { ServerBuild } from "@remix-run/node";
import { translator } from "#app/i18n/index";
import { apiLocale } from "./api.server";
import { env } from "./env.server";
import { getLocale } from "./i18n.server";
import { errorFields, logger } from "./logger.server";

/**
 * While PostgreSQL or Redis cannot be reached, a request is answered 503 (with `Retry-After`), not
 * 500: nothing is wrong with the request or the code, and the client should come back. Loaders and
 * actions are wrapped once at start-up, so no route has to think about it.
 */

/** Socket-level failures (Node, postgres.js) that mean "the server is not there right now". */
const NETWORK_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ECONNABORTED",
  "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT",
]);
/** PostgreSQL SQLSTATEs of a server shutting down, restarting or refusing connections. */
const PG_STATES = new Set(["57P01", "57P02", "57P03", "53300"]);
/** ioredis' errors while its connection is down (fail-fast producer, or retries used up). */
const REDIS_MESSAGES = [/^Connection is closed/, /enableOfflineQueue options is false/, /Reached the max retries per request limit/];

export function isOutageError(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== "object" || depth > 5) return false;
  const err = e as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  const code = typeof err.code === "string" ? err.code : "";
  if (NETWORK_CODES.has(code) || PG_STATES.has(code) || code.startsWith("08")) return true;
  if (err.name === "MaxRetriesPerRequestError") return true;
  if (typeof err.message === "string" && REDIS_MESSAGES.some((r) => r.test(err.message as string))) return true;
  // drizzle wraps driver errors (DrizzleQueryError.cause); a refused dual-stack connect is an AggregateError.
  if (Array.isArray(err.errors) && err.errors.some((x) => isOutageError(x, depth + 1))) return true;
  return isOutageError(err.cause, depth + 1);
}

const retryAfter = () => String(env.RETRY_AFTER_SECONDS);

/** The 503 a page, a form post or a resource route answers during an outage. */
export function outageResponse(request: Request, resource: boolean): Response {
  const headers = { "Retry-After": retryAfter(), "Cache-Control": "no-store" };
  if (!resource) return new Response("Service Unavailable", { status: 503, headers });
  const api = new URL(request.url).pathname.startsWith("/api/");
  const t = translator(api ? apiLocale(request) : getLocale(request));
  return Response.json({ error: { code: "service_unavailable", message: t("errors.unavailable") } }, { status: 503, headers });
}

type Handler = (args: { request: Request }) => unknown;

/**
 * A pooled connection that died while idle (PostgreSQL restarted under it): the server or the socket
 * closed it, and the next attempt opens a fresh one. A refused connection is not stale: nothing is there.
 */
const STALE_CODES = new Set(["CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "ECONNRESET", "EPIPE", "57P01", "57P02"]);

export function isStaleConnection(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== "object" || depth > 5) return false;
  const err = e as { code?: unknown; cause?: unknown };
  if (typeof err.code === "string" && STALE_CODES.has(err.code)) return true;
  return isStaleConnection(err.cause, depth + 1);
}

/**
 * A loader that meets an outage runs again: once after any outage error, and as long as the failure is a
 * stale connection, up to one attempt per pooled connection — after PostgreSQL restarts, each old connection
 * fails once before a fresh one replaces it, and a page's loaders run queries on several at once. A read is safe
 * to repeat. An action never reruns (it may have written before the failure); it answers 503 and the client decides.
 */
export function guard(fn: Handler, routeId: string, resource: boolean, kind: "loader" | "action", poolSize = env.DATABASE_POOL_SIZE): Handler {
  return async (args) => {
    let error: unknown;
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn(args);
      } catch (e) {
        if (!isOutageError(e)) throw e;
        error ??= e;
        const again = kind === "loader" && (attempt === 0 || (isStaleConnection(e) && attempt < poolSize));
        if (!again) break;
      }
    }
    logger.warn({ ...errorFields(error), route: routeId }, "dependency unreachable: answering 503");
    throw outageResponse(args.request, resource);
  };
}

/** The build with every loader and action guarded; a route without a component is a resource route (JSON). */
export function withOutageMapping(build: ServerBuild): ServerBuild {
  const routes = Object.fromEntries(Object.entries(build.routes).map(([id, route]) => {
    const m = route.module as unknown as Record<string, unknown>;
    const resource = !m.default;
    const module = {
      ...m,
      ...(typeof m.loader === "function" ? { loader: guard(m.loader as Handler, id, resource, "loader") } : {}),
      ...(typeof m.action === "function" ? { action: guard(m.action as Handler, id, resource, "action") } : {}),
    };
    return [id, { ...route, module: module as typeof route.module }];
  }));
  return { ...build, routes };
}

/** Express: every 503 carries `Retry-After` (Remix drops a thrown response's headers on documents). */
export { retryAfter };
