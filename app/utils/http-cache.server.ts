import type { ServerResponse } from "node:http";
import etag from "etag";
import type { RequestHandler } from "express";
import { SESSION_COOKIE_NAME } from "./session.server";

/**
 * HTTP caching of what anyone may see, and nothing else (docs/decisions/http-caching.md).
 *
 * - Anonymous GET/HEAD of a public page or the public listings API (PUBLIC below), answered 200
 *   without Set-Cookie: `Cache-Control: public, max-age=MAX_AGE, stale-while-revalidate=SWR`,
 *   `Vary: Cookie` (the language cookie changes the page), a weak ETag of the body, and 304 when
 *   the client's `If-None-Match` still matches. The server renders every request afresh, so a
 *   listing published is in the next response and its ETag differs.
 * - A request carrying the session cookie, or a response setting a cookie: `private, no-store`.
 *   Signed-in pages are never stored by a browser's or a proxy's cache.
 *
 * HTML and JSON bodies are collected and sent in one write (with its ETag computed over it):
 * the app renders its pages in full anyway (no deferred data), and one write spares compression a
 * flush per streamed chunk. Other bodies (files, CSV exports) stream as before.
 */
export const MAX_AGE_SECONDS = 10;
export const STALE_WHILE_REVALIDATE_SECONDS = 30;
const PUBLIC_CACHE = `public, max-age=${MAX_AGE_SECONDS}, stale-while-revalidate=${STALE_WHILE_REVALIDATE_SECONDS}`;
export const PRIVATE_CACHE = "private, no-store";

/** Paths anyone may read, the same for every anonymous visitor (single fetch's `.data` included). */
const PUBLIC = [/^\/(_root\.data)?$/, /^\/market(\.data|\/[^/]+(\.data)?)?$/, /^\/api\/v1\/listings(\/[^/]+)?$/];
const COLLECTED = /^(text\/html|application\/json|text\/x-script)\b/i;

/** The weak ETag of a body (without its CSP nonce). */
export const bodyEtag = (body: Buffer) => etag(body, { weak: true });

export function hasSessionCookie(cookieHeader: string | undefined): boolean {
  return !!cookieHeader && cookieHeader.split(";").some((c) => c.trim().startsWith(`${SESSION_COOKIE_NAME}=`));
}

export function isPublicPath(pathname: string): boolean {
  return PUBLIC.some((re) => re.test(pathname));
}

export function httpCache(): RequestHandler {
  return (req, res, next) => {
    const signedIn = hasSessionCookie(req.headers.cookie);
    const candidate = !signedIn && (req.method === "GET" || req.method === "HEAD") && isPublicPath(req.path);
    const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    let chunks: Buffer[] | null = null; // collecting; null: passing through
    let decided = false;

    /** Decided once, when the first byte (or the end) comes: headers are final by then. */
    const decide = () => {
      if (decided) return;
      decided = true;
      const setsCookie = res.getHeader("set-cookie") !== undefined;
      if (signedIn || setsCookie) res.setHeader("Cache-Control", PRIVATE_CACHE);
      if (COLLECTED.test(String(res.getHeader("content-type") ?? ""))) chunks = [];
      else passThrough();
    };
    const passThrough = () => {
      res.write = write as typeof res.write;
      res.end = end as typeof res.end;
    };
    const toBuffer = (chunk: unknown, encoding?: unknown) =>
      Buffer.isBuffer(chunk) ? chunk : typeof chunk === "string" ? Buffer.from(chunk, (encoding as BufferEncoding) ?? "utf8") : Buffer.from(chunk as Uint8Array);

    res.write = function (chunk: unknown, ...rest: unknown[]) {
      decide();
      if (!chunks) return write(chunk, ...rest);
      chunks.push(toBuffer(chunk, typeof rest[0] === "string" ? rest[0] : undefined));
      const cb = rest.find((r) => typeof r === "function") as (() => void) | undefined;
      cb?.();
      return true;
    } as typeof res.write;

    res.end = function (...args: unknown[]) {
      decide();
      if (!chunks) return end(...args);
      const [chunk, encoding] = args;
      if (chunk !== undefined && typeof chunk !== "function") chunks.push(toBuffer(chunk, typeof encoding === "string" ? encoding : undefined));
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      passThrough();
      if (!signedIn && candidate && res.getHeader("set-cookie") === undefined && res.statusCode === 200) {
        res.setHeader("Cache-Control", PUBLIC_CACHE);
        res.setHeader("Vary", "Cookie");
        // The CSP nonce (security-headers.server.ts) differs in every render: the ETag leaves it out,
        // and a 304 keeps the cached page's own CSP header, whose nonce is the one in the cached body.
        // A page from the page cache brings the ETag computed when it was stored.
        const nonce = typeof res.locals.cspNonce === "string" ? res.locals.cspNonce : "";
        const kept = typeof res.locals.pageEtag === "string" ? res.locals.pageEtag : null;
        res.setHeader("ETag", kept ?? bodyEtag(nonce ? Buffer.from(body.toString("latin1").replaceAll(nonce, ""), "latin1") : body));
        if (req.fresh) {
          res.statusCode = 304;
          for (const h of ["content-type", "content-length", "content-encoding", "content-security-policy"]) res.removeHeader(h);
          return end();
        }
      }
      res.setHeader("Content-Length", body.length);
      return end(body);
    } as typeof res.end;

    // While collecting, a flush (Remix flushes after each chunk it writes) has nothing to push yet.
    const flushable = res as unknown as { flush?: () => void };
    const flush = flushable.flush;
    if (flush) flushable.flush = () => (chunks ? undefined : flush.call(res));
    next();
  };
}
