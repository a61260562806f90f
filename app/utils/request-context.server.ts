import crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ServerBuild } from "@remix-run/node";
import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import type { RequestHandler } from "express";
import onHeaders from "on-headers";
import { pinoHttp } from "pino-http";
import { trackRequest } from "./graceful.server";
import { httpLogger, withLogContext } from "./logger.server";
import { metrics } from "./metrics.server";
import { retryAfter } from "./outage.server";

/**
 * What every request gets before Remix: a request id (the caller's `X-Request-Id` when it looks
 * like one, else a new UUID; echoed in the response) on every log line written for it, one JSON
 * line when it ends, its latency in the histogram by Remix route, `Retry-After` on any 503, and
 * tracking for the graceful drain.
 */
export function requestContext(build: ServerBuild): RequestHandler[] {
  const routeOf = routeMatcher(build);
  const http = pinoHttp({
    logger: httpLogger,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const given = req.headers["x-request-id"];
      const id = typeof given === "string" && /^[\w.:-]{8,100}$/.test(given) ? given : crypto.randomUUID();
      res.setHeader("X-Request-Id", id);
      return id;
    },
    customAttributeKeys: { reqId: "reqId" },
    quietReqLogger: true,
    customProps: () => ({ proc: "web" }),
    // Never the headers: cookies and API keys stay out of the logs.
    serializers: {
      req: (req: { method?: string; url?: string }) => ({ method: req.method, url: req.url?.split("?")[0] }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    // A 503 is an outage being reported (its cause is logged once, as a warning), not a bug.
    customLogLevel: (_req, res, err) => (res.statusCode === 503 ? "warn" : err || res.statusCode >= 500 ? "error" : "info"),
  });
  return [
    http as unknown as RequestHandler,
    (req, res, next) => {
      trackRequest(req, res, () => {});
      onHeaders(res, function (this: ServerResponse) {
        if (this.statusCode === 503 && !this.getHeader("retry-after")) this.setHeader("Retry-After", retryAfter());
      });
      const end = metrics.httpDuration.startTimer();
      res.once("finish", () => end({ method: req.method, route: routeOf(req.path), status: String(res.statusCode) }));
      withLogContext({ reqId: String(req.id) }, next);
    },
  ];
}

/** The Remix route a path renders (the histogram's label: ids, not URLs, so the label set stays small). */
export function routeMatcher(build: ServerBuild) {
  const routes = Object.values(build.routes);
  const tree = (parentId: string | undefined): AgnosticRouteObject[] =>
    routes.filter((r) => r.parentId === parentId).map((r) =>
      r.index
        ? { id: r.id, index: true, path: r.path, caseSensitive: r.caseSensitive }
        : { id: r.id, path: r.path, caseSensitive: r.caseSensitive, children: tree(r.id) });
  const manifest = tree(undefined);
  // Matching walks every branch of the tree; the answer for a path shape is kept. Ids (UUIDs, numbers)
  // only ever fill a dynamic segment, so paths that differ only in them share one answer.
  const known = new Map<string, string>();
  return (pathname: string) => {
    // Single fetch asks for `/x.data` (and `/_root.data` for the home page).
    let p = pathname.endsWith(".data") ? pathname.slice(0, -5) : pathname;
    if (p === "/_root") p = "/";
    const shape = p.replace(ID_SEGMENT, "/0");
    let id = known.get(shape);
    if (id === undefined) {
      id = matchRoutes(manifest, shape)?.at(-1)?.route.id ?? "unmatched";
      if (known.size >= 5_000) known.clear();
      known.set(shape, id);
    }
    return id;
  };
}

const ID_SEGMENT = /\/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+)(?=\/|$)/gi;
