import { createCookie } from "@remix-run/node";
import { pickLocale, translator, type Locale } from "#app/i18n/index";

export const langCookie = createCookie("lang", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 60 * 60 * 24 * 365 });

function cookieValue(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return null;
}

export function getLocale(request: Request): Locale {
  const url = new URL(request.url);
  const raw = cookieValue(request.headers.get("cookie"), "lang");
  // The lang cookie is unsigned JSON-in-base64 as Remix writes it; read it leniently.
  let cookie: string | null = null;
  if (raw) {
    try {
      cookie = JSON.parse(Buffer.from(raw, "base64").toString("utf8"));
    } catch {
      cookie = raw;
    }
  }
  return pickLocale({ query: url.searchParams.get("lang"), cookie, acceptLanguage: request.headers.get("accept-language") });
}

export function getT(request: Request) {
  const locale = getLocale(request);
  return { locale, t: translator(locale) };
}
