/**
 * The one check for every redirect to a user-supplied target (`redirectTo` after sign-in, the
 * language switch): only a path on this site. The raw value is refused outright when it carries
 * anything a browser might read differently from us — control characters (a tab or newline is
 * dropped by browsers, so `/\t/evil.example` becomes `//evil.example`), backslashes (read as `/`),
 * or their percent-encoded forms — and what remains must parse, against a placeholder origin, to
 * that same origin. The answer is re-serialised from the parsed URL, never echoed.
 */
const ORIGIN = "http://app.invalid";
// Control characters, whitespace and backslashes, anywhere in the raw value.
const UNSAFE_RAW = /[\u0000-\u0020\u007F-\u009F\\\u00A0\u1680\u2000-\u200F\u2028\u2029\u202F\u205F\u3000\uFEFF]/;
// Their percent-encoded forms (%00–%20, %7F, %5C) in the path, where a proxy or server may decode them.
const UNSAFE_ENCODED = /%(?:[01][0-9a-f]|7f|20|5c)/i;

export function safeRedirect(to: string | null | undefined, fallback = "/"): string {
  if (!to || typeof to !== "string" || to.length > 2048) return fallback;
  if (!to.startsWith("/") || to.startsWith("//") || UNSAFE_RAW.test(to)) return fallback;
  const path = to.split(/[?#]/, 1)[0]!;
  if (UNSAFE_ENCODED.test(path)) return fallback;
  // `/%2F/evil.example` reads as `//evil.example` to whatever decodes it first.
  if (/^\/(?:%2f|%5c)/i.test(path)) return fallback;
  let url: URL;
  try {
    url = new URL(to, ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== ORIGIN) return fallback;
  const out = url.pathname + url.search + url.hash;
  return out.startsWith("//") ? fallback : out;
}
