import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { isCrossSiteWrite } from "./csrf.server";
import { env } from "./env.server";

/**
 * The web application: static assets, security headers, a cross-site write guard in front of every
 * action, then Remix. Stateless, so any number can run behind a load balancer.
 */
export function createApp(build: ServerBuild) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", true);
  app.use(compression());
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));

  app.use((req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("X-Frame-Options", "DENY");
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

  app.all("*", createRequestHandler({ build, mode: env.NODE_ENV === "development" ? "development" : "production" }));
  return app;
}
