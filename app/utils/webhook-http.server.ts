import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { env } from "./env.server";

/**
 * Outbound webhook HTTP: the target check (no private, loopback or link-local address in
 * production — checked on the address actually connected to, so a DNS name that later resolves
 * inward is refused too) and one POST with a hard time limit.
 */

const blocked = new net.BlockList();
for (const [net4, bits] of [["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12], ["192.168.0.0", 16], ["198.18.0.0", 15], ["224.0.0.0", 4], ["240.0.0.0", 4]] as const) {
  blocked.addSubnet(net4, bits, "ipv4");
}
for (const [net6, bits] of [["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8]] as const) blocked.addSubnet(net6, bits, "ipv6");

export const privateTargetsAllowed = () =>
  env.WEBHOOK_ALLOW_PRIVATE_TARGETS === "true" || (env.WEBHOOK_ALLOW_PRIVATE_TARGETS === "auto" && env.NODE_ENV !== "production");

export function isBlockedAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1]!, "ipv4");
  const family = net.isIP(address);
  if (!family) return true;
  return blocked.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** Why a URL may not be an endpoint (a message key), or null. Names are checked again at delivery. */
export function targetProblem(raw: string): "webhooks.errors.url" | "webhooks.errors.privateTarget" | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return "webhooks.errors.url";
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return "webhooks.errors.url";
  if (u.username || u.password) return "webhooks.errors.url";
  if (privateTargetsAllowed()) return null;
  if (u.protocol !== "https:") return "webhooks.errors.url";
  const host = u.hostname.replace(/^\[|\]$/g, "");
  if (net.isIP(host) && isBlockedAddress(host)) return "webhooks.errors.privateTarget";
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local") || host.endsWith(".internal")) return "webhooks.errors.privateTarget";
  return null;
}

/** DNS lookup that refuses blocked addresses (unless private targets are allowed). */
const guardedLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, "", 4);
    const list = addresses as dns.LookupAddress[];
    const bad = !privateTargetsAllowed() && list.some((a) => isBlockedAddress(a.address));
    if (bad) return callback(Object.assign(new Error(`refused: ${hostname} resolves to a private address`), { code: "EPRIVATE" }), "", 4);
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    return callback(null, list[0]!.address, list[0]!.family);
  });
};

export type PostResult = { status: number | null; headers: Record<string, string>; body: string; error: string | null; durationMs: number };

/** One POST; never throws: a timeout, a refused connection or a refused target is `status: null` with the error. */
export function postWebhook(url: string, headers: Record<string, string>, body: string, timeoutMs = env.WEBHOOK_TIMEOUT_MS): Promise<PostResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: Omit<PostResult, "durationMs">) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ ...r, durationMs: Date.now() - started });
    };
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return finish({ status: null, headers: {}, body: "", error: "invalid URL" });
    }
    const host = u.hostname.replace(/^\[|\]$/g, "");
    if (!privateTargetsAllowed() && net.isIP(host) && isBlockedAddress(host)) {
      return finish({ status: null, headers: {}, body: "", error: "refused: private address" });
    }
    const lib = u.protocol === "https:" ? https : http;
    const req = lib.request(u, {
      method: "POST", lookup: guardedLookup, agent: false,
      headers: { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(body).toString(), "user-agent": "ipm-webhooks/1" },
    }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        if (text.length < 4_000) text += chunk;
      });
      res.on("end", () => {
        const h: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string") h[k] = v;
        finish({ status: res.statusCode ?? null, headers: h, body: text, error: null });
      });
      res.on("error", (e) => finish({ status: null, headers: {}, body: "", error: e.message }));
    });
    const timer = setTimeout(() => {
      req.destroy(new Error(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    req.on("error", (e) => finish({ status: null, headers: {}, body: "", error: e.message }));
    req.end(body);
  });
}
