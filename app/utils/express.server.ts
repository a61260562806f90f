import zlib from "node:zlib";
import type { Server } from "node:http";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { operationalSnapshot } from "#app/services/reconciliation.server";
import { getDb } from "#db/client.server";
import { isCrossSiteWrite } from "./csrf.server";
import { env } from "./env.server";
import { httpCache } from "./http-cache.server";
import { CLIENT_IP_HEADER } from "./http.server";
import { securityHeaders } from "./security-headers.server";
import { metrics, serveMetrics } from "./metrics.server";
import { pageCache } from "./page-cache.server";
import { withOutageMapping } from "./outage.server";
import { queueCounts } from "./queue.server";
import { requestContext } from "./request-context.server";

/**
 * The web application: static assets, request context (request id, logs, metrics, drain tracking),
 * `/metrics` (not public: METRICS_TOKEN or loopback), security headers (helmet, a CSP nonce per request), a cross-site write guard in
 * front of every action, then Remix — its loaders and actions answering 503 while a dependency is
 * unreachable. Stateless, so any number can run behind a load balancer.
 */
/**
 * A response written before its request's body was read whole closes its connection. The request
 * stream stops reading the socket once it holds 16 KiB nobody takes, so what is left of that body —
 * a guard's 401/403/404 before the action reads it, an unknown page, a 413 cut off at the limit
 * (body.server.ts) — would stay unread, and the next request on the same keep-alive connection (a
 * client's pool, a load balancer's upstream) would never be read or answered: a denial-of-service
 * lever (issue 12). With `Connection: close` Node ends the connection after the answer, so the client
 * sees it instead of a reset and opens a new connection, and a client still sending gigabytes cannot
 * keep this one busy. A body read to its end (every form and API body that passes the boundary, and
 * every request without one) keeps its connection.
 */
function closeIfBodyUnread(req: express.Request, res: express.Response, next: express.NextFunction) {
  const writeHead = res.writeHead;
  res.writeHead = function (this: express.Response, ...args: Parameters<typeof writeHead>) {
    const status = typeof args[0] === "number" ? args[0] : this.statusCode;
    if (status === 413 || !bodyReadWhole(req)) this.setHeader("Connection", "close");
    return writeHead.apply(this, args);
  } as typeof writeHead;
  next();
}

/**
 * The request has no body, or every byte of it has arrived and none is waiting in the request stream.
 * (A request without a body is not yet `complete` while its handler runs: an answer written in that
 * same turn — a page served from the page cache — must keep its connection too.)
 */
const bodyReadWhole = (req: Pick<express.Request, "complete" | "readableLength" | "headers">) =>
  (req.headers["transfer-encoding"] === undefined && (req.headers["content-length"] === undefined || req.headers["content-length"] === "0"))
  || (req.complete && req.readableLength === 0);

export function createApp(build: ServerBuild) {
  const app = express();
  app.disable("x-powered-by");
  // Only a configured proxy's X-Forwarded-For is believed; by default the socket's address is the client.
  app.set("trust proxy", trustProxy(env.TRUST_PROXY));
  // Fast settings: pages are 5–30 KiB of HTML, where gzip 3 is ~0.3 ms and within ~4 % of level 6's
  // size, and brotli 1 is faster still (brotli's default, 4, costs ~3× as much for ~10 % less).
  app.use(closeIfBodyUnread);
  app.use(compression({ level: 3, brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } } }));
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  // Only paths that name a file reach the disk (a page's path would be one failed stat per request).
  const files = express.static("public", { maxAge: "1h" });
  app.use((req, res, next) => (/\.[a-z0-9]+$/i.test(req.path) && !req.path.endsWith(".data") ? files(req, res, next) : next()));
  app.use(requestContext(build));
  metrics.setSource(async () => operationalSnapshot(await getDb(), queueCounts));
  app.get("/metrics", (req, res) => void serveMetrics(req, res));

  app.use(securityHeaders());
  app.use((req, res, next) => {
    // What `clientIp(request)` reads in Remix: express's `req.ip` under the trust setting above.
    req.headers[CLIENT_IP_HEADER] = req.ip ?? "";
    // Webhooks (signed) and the bank API (API keys, no cookies) cannot be ridden by a browser's session.
    const exempt = req.path.startsWith("/webhooks/") || req.path.startsWith("/api/v1/");
    if (
      !exempt &&
      isCrossSiteWrite({
        method: req.method, origin: req.get("origin"), secFetchSite: req.get("sec-fetch-site"),
        host: req.get("host"), protocol: req.protocol, allowedOrigin: env.APP_ORIGIN ?? null,
      })
    ) {
      res.status(403).type("text/plain").send("Cross-site request refused / 跨站请求已被拒绝");
      return;
    }
    next();
  });

  app.use(httpCache());
  if (env.PAGE_CACHE === "on") app.use(pageCache.middleware);
  app.all("*", createRequestHandler({
    build: withOutageMapping(build),
    mode: env.NODE_ENV === "development" ? "development" : "production",
    getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string }),
  }));
  return app;
}

/** TRUST_PROXY as express reads it: unset/false = none, true, a hop count, or addresses/CIDRs/`loopback`. */
export function trustProxy(value: string | undefined): boolean | number | string {
  if (!value || value === "false") return false;
  if (value === "true") return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

/**
 * An idle keep-alive connection stays open longer than a load balancer's or client's own idle timeout, so the
 * server never closes one the other side is about to reuse (that race answers the next request with a reset).
 */
export function withKeepAlive<S extends Server>(server: S): S {
  server.keepAliveTimeout = env.HTTP_KEEP_ALIVE_SECONDS * 1000;
  server.headersTimeout = server.keepAliveTimeout + 1000;
  return server;
}
