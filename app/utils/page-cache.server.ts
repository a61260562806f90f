import type { ServerResponse } from "node:http";
import type { RequestHandler } from "express";
import { LRUCache } from "lru-cache";
import { shanghaiDate } from "#app/domain/dates";
import { env } from "./env.server";
import { bodyEtag, isPublicPath } from "./http-cache.server";

/**
 * Public pages rendered once per change (docs/decisions/page-cache.md).
 *
 * An anonymous GET of a public path (the market, a listing page, the public listings API, their
 * `.data` twins; http-cache.server.ts's list) is answered from this process's memory when the same
 * URL, language cookie, Accept-Language and Shanghai day were rendered since the last change. A
 * change is any committed write to a table a public page may read: PostgreSQL tells every web
 * process on channel `ipm_public` (triggers of migration 0032), and each clears its pages.
 *
 * - Never for a request with any cookie but `lang` (a session, a flash), never a response that sets
 *   a cookie or is not 200, never one whose render began before the last change.
 * - The page's CSP nonce is cut out when stored and this response's own nonce put back, so every
 *   response still carries a nonce of its own, matching its header.
 * - While this process is not listening (at start, or PostgreSQL restarted and LISTEN is being
 *   renewed) nothing is stored or served; each renewal counts as a change. An entry lives at most
 *   PAGE_CACHE_TTL_SECONDS in any case.
 */
export const PUBLIC_CHANGES_CHANNEL = "ipm_public";

/** Tables no public page reads, without the trigger (the same list as migration 0032, and 0036's data-room log). */
export const UNWATCHED_TABLES = [
  "audit_events", "domain_events", "outbox", "sessions", "login_attempts", "rate_limits", "idempotency_keys",
  "notifications", "notification_preferences", "email_messages", "user_tokens", "api_keys", "stripe_events",
  "webhook_attempts", "webhook_deliveries", "webhook_endpoints", "webhook_secrets", "valuation_steps",
  "deal_messages", "deal_thread_reads", "review_messages", "saved_searches", "saved_search_hits", "join_requests",
  // Written on a data-room read; no public page shows it (migration 0036 gives the other auction tables the trigger).
  "auction_data_room_views",
] as const;

type Entry = { storedAt: number; status: number; headers: Array<[string, string | number | string[]]>; parts: Buffer[]; etag: string };

const STORED = /^(text\/html|application\/json|text\/x-script)\b/i;
const MAX_PAGE_BYTES = 1024 * 1024;

export function createPageCache(opts: { maxBytes: number; ttlMs: number; now?: () => number }) {
  const now = opts.now ?? Date.now;
  const pages = new LRUCache<string, Entry>({
    maxSize: opts.maxBytes,
    sizeCalculation: (e) => Math.max(1, e.parts.reduce((n, p) => n + p.length, 0)),
  });
  let version = 0;
  let listening = false;
  const counts = { hit: 0, miss: 0 };

  const changed = () => {
    version++;
    pages.clear();
  };

  /** What the database's LISTEN tells (db/client.server.ts): pages are kept only while it listens. */
  const listener = {
    notify: changed,
    listen: () => {
      changed();
      listening = true;
    },
    lost: () => {
      listening = false;
      changed();
    },
  };

  const middleware: RequestHandler = (req, res, next) => {
    if (!listening || req.method !== "GET" || !isPublicPath(req.path)) return next();
    const lang = onlyLangCookie(req.headers.cookie);
    if (lang === null) return next();
    const nonce = typeof res.locals.cspNonce === "string" ? res.locals.cspNonce : "";
    const key = `${req.originalUrl}\n${lang}\n${req.headers["accept-language"] ?? ""}\n${shanghaiDate()}`;
    const hit = pages.get(key);
    if (hit && now() - hit.storedAt < opts.ttlMs) {
      counts.hit++;
      res.statusCode = hit.status;
      for (const [name, value] of hit.headers) res.setHeader(name, value);
      res.setHeader("X-Page-Cache", "hit");
      // The ETag of the page without its nonce, computed once when stored (http-cache.server.ts reuses it).
      res.locals.pageEtag = hit.etag;
      res.end(withNonce(hit.parts, nonce));
      return;
    }
    counts.miss++;
    res.setHeader("X-Page-Cache", "miss");
    const rendering = version;
    capture(res, (status, headers, body) => {
      // A change committed while this page rendered (or the listener lost meanwhile): it may hold the old rows.
      if (version !== rendering || !listening) return;
      if (status !== 200 || headers.some(([h]) => h === "set-cookie") || body.length > MAX_PAGE_BYTES) return;
      if (!STORED.test(String(headers.find(([h]) => h === "content-type")?.[1] ?? ""))) return;
      const parts = withoutNonce(body, nonce);
      pages.set(key, { storedAt: now(), status, headers, parts, etag: bodyEtag(parts.length === 1 ? parts[0]! : Buffer.concat(parts)) });
    });
    next();
  };

  return {
    middleware,
    listener,
    changed,
    stats: () => ({ ...counts, pages: pages.size, bytes: pages.calculatedSize, listening, version }),
  };
}

/** The `lang` cookie's value ("" without one), or null when the request carries any other cookie. */
export function onlyLangCookie(header: string | undefined): string | null {
  if (!header) return "";
  let lang = "";
  for (const part of header.split(";")) {
    const c = part.trim();
    if (!c) continue;
    if (!c.startsWith("lang=")) return null;
    lang = c.slice(5);
  }
  return lang;
}

/** Copies what Remix writes (passing it on unchanged) and hands the page over once it ended. */
function capture(res: ServerResponse, store: (status: number, headers: Entry["headers"], body: Buffer) => void) {
  const before = new Set(Object.keys(res.getHeaders()));
  const chunks: Buffer[] = [];
  const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  const keep = (chunk: unknown, encoding: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === "function") return;
    chunks.push(Buffer.isBuffer(chunk) ? chunk : typeof chunk === "string"
      ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8")
      : Buffer.from(chunk as Uint8Array));
  };
  res.write = function (chunk: unknown, ...rest: unknown[]) {
    keep(chunk, rest[0]);
    return write(chunk, ...rest);
  } as typeof res.write;
  res.end = function (...args: unknown[]) {
    res.write = write as typeof res.write;
    res.end = end as typeof res.end;
    keep(args[0], args[1]);
    // Headers Remix set (content type, single fetch's own); the earlier middleware sets its own again.
    const headers = Object.entries(res.getHeaders())
      .filter(([name]) => !before.has(name) && name !== "x-page-cache")
      .map(([name, value]) => [name, value] as [string, string | number | string[]]);
    store(res.statusCode, headers, Buffer.concat(chunks));
    return end(...args);
  } as typeof res.end;
}

function withoutNonce(body: Buffer, nonce: string): Buffer[] {
  if (!nonce) return [body];
  return body.toString("latin1").split(nonce).map((s) => Buffer.from(s, "latin1"));
}

function withNonce(parts: Buffer[], nonce: string): Buffer {
  if (parts.length === 1) return parts[0]!;
  const n = Buffer.from(nonce, "latin1");
  const out: Buffer[] = [];
  parts.forEach((p, i) => {
    if (i) out.push(n);
    out.push(p);
  });
  return Buffer.concat(out);
}

/**
 * The web process's page cache (PAGE_CACHE=off turns it off). One per process: the Remix build bundles
 * its own copy of this module (the market's facets read its version), so the instance lives on globalThis.
 */
const g = globalThis as unknown as { __ipmPageCache?: ReturnType<typeof createPageCache> };
export const pageCache = g.__ipmPageCache ??= createPageCache({ maxBytes: env.PAGE_CACHE_MAX_MIB * 1024 * 1024, ttlMs: env.PAGE_CACHE_TTL_SECONDS * 1000 });
