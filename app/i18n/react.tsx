import { useLocation, useRouteLoaderData } from "@remix-run/react";
import { createContext, useContext, useMemo } from "react";
import { isLocale, pickLocale, translator, type Locale } from "./index";

/** The request's locale (?lang, cookie, Accept-Language), given by entry.server to every render. */
export const ServerLocale = createContext<Locale | null>(null);

/**
 * The root loader's locale. When it did not run (an action threw, so the root's error boundary
 * renders without loader data) the server still knows the request's locale, and in the browser the
 * page's `<html lang>` it rendered says it — the same order as pages, never Chinese by default alone.
 */
export function useLocale(): Locale {
  const root = useRouteLoaderData("root") as { locale?: Locale } | undefined;
  const server = useContext(ServerLocale);
  const { search } = useLocation();
  if (root?.locale) return root.locale;
  if (server) return server;
  const rendered = typeof document !== "undefined" ? document.documentElement.lang : null;
  return isLocale(rendered) ? rendered : pickLocale({ query: new URLSearchParams(search).get("lang") });
}

export function useT() {
  const locale = useLocale();
  return useMemo(() => translator(locale), [locale]);
}

/** Formats 分 as 元 in the reader's locale; money is formatted only in the UI. */
export function formatFen(fen: bigint | string | number | null | undefined, locale: Locale): string {
  if (fen === null || fen === undefined || fen === "") return "—";
  const v = BigInt(fen);
  const neg = v < 0n;
  const abs = neg ? -v : v;
  const yuan = abs / 100n;
  const cents = (abs % 100n).toString().padStart(2, "0");
  const grouped = yuan.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${neg ? "-" : ""}${locale === "en" ? "CNY " : "¥"}${grouped}.${cents}`;
}

/**
 * An estimate in whole yuan (half up): valuations are ranges, and printing them to the fen claims a
 * precision they do not have. Amounts that are paid or lent keep formatFen.
 */
export function formatYuan(fen: bigint | string | number | null | undefined, locale: Locale): string {
  if (fen === null || fen === undefined || fen === "") return "—";
  const v = BigInt(fen);
  const abs = v < 0n ? -v : v;
  const grouped = ((abs + 50n) / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${v < 0n ? "-" : ""}${locale === "en" ? "CNY " : "¥"}${grouped}`;
}

/**
 * One date format in both languages, the one the stored dates already have: ISO 8601 (2026-06-03,
 * 2026-06-03 14:05), Shanghai time. Raw dates from the database and formatted timestamps then read the
 * same on one card (en-GB's 03/06/2026 beside 2026-06-03 was ambiguous).
 */
export function formatDate(d: Date | string | null | undefined, _locale: Locale, withTime = false): string {
  if (!d) return "—";
  if (typeof d === "string" && /^\d{4}-\d{2}-\d{2}$/.test(d)) return d;
  const date = typeof d === "string" ? new Date(d) : d;
  if (Number.isNaN(date.getTime())) return "—";
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-CA", {
    year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "Asia/Shanghai",
  }).formatToParts(date).map((p) => [p.type, p.value]));
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  return withTime ? `${day} ${parts.hour}:${parts.minute}` : day;
}
