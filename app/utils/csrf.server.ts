const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request forgery guard for cookie-authenticated writes: a state-changing request must
 * come from our own origin. Browsers send `Origin` on every POST; `Sec-Fetch-Site` covers the rest.
 * Requests that carry neither come from non-browser clients, which cannot ride a user's cookie.
 */
export function isCrossSiteWrite(input: {
  method: string;
  origin?: string | null;
  secFetchSite?: string | null;
  host?: string | null;
  protocol?: string;
  allowedOrigin?: string | null;
}): boolean {
  if (SAFE.has(input.method.toUpperCase())) return false;
  const { origin, secFetchSite } = input;
  if (origin && origin !== "null") {
    const expected = input.allowedOrigin ?? (input.host ? `${input.protocol ?? "http"}://${input.host}` : null);
    if (!expected) return true;
    return normalizeOrigin(origin) !== normalizeOrigin(expected);
  }
  if (origin === "null") return true;
  if (secFetchSite) return secFetchSite === "cross-site";
  return false;
}

function normalizeOrigin(o: string): string {
  try {
    return new URL(o).origin;
  } catch {
    return o;
  }
}
