import crypto from "node:crypto";
import type { RequestHandler } from "express";
import helmet from "helmet";
import { env } from "./env.server";

/** Features no page of the app uses; a framed or injected script cannot ask for them either. */
const PERMISSIONS_POLICY = [
  "camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()", "serial=()", "bluetooth=()",
  "magnetometer=()", "gyroscope=()", "accelerometer=()", "display-capture=()", "browsing-topics=()",
].join(", ");

/**
 * Every response's security headers (helmet). Scripts: same origin plus the request's nonce, which
 * entry.server.tsx puts on Remix's inline scripts — no other inline script runs. Styles allow inline
 * `style` attributes (charts and progress bars set widths). No framing anywhere (frame-ancestors and
 * X-Frame-Options). HSTS only in production, where the app is served over TLS.
 */
export function securityHeaders(): RequestHandler[] {
  const dev = env.NODE_ENV === "development";
  return [
    (_req, res, next) => {
      res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
      res.setHeader("Permissions-Policy", PERMISSIONS_POLICY);
      next();
    },
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          "default-src": ["'self'"],
          "script-src": ["'self'", (_req, res) => `'nonce-${(res as unknown as { locals: { cspNonce: string } }).locals.cspNonce}'`],
          "script-src-attr": ["'none'"],
          "style-src": ["'self'", "'unsafe-inline'"],
          "img-src": ["'self'", "data:", "blob:"],
          "font-src": ["'self'", "data:"],
          // `remix dev` reloads over a websocket on another port.
          "connect-src": dev ? ["'self'", "ws:"] : ["'self'"],
          "object-src": ["'none'"],
          "base-uri": ["'self'"],
          "form-action": ["'self'"],
          "frame-ancestors": ["'none'"],
          // Behind TLS the proxy and HSTS upgrade; the embedded quick start runs on plain http.
          "upgrade-insecure-requests": null,
        },
      },
      strictTransportSecurity: env.NODE_ENV === "production" ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      xFrameOptions: { action: "deny" },
      referrerPolicy: { policy: "same-origin" },
      crossOriginEmbedderPolicy: false,
    }),
  ];
}
