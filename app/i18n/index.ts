import { DEFAULT_LOCALE, LOCALES, type Locale } from "./define";
import { common } from "./messages/common";
import { identity } from "./messages/identity";
import { adminConsole } from "./messages/console";
import { campaignMessages } from "./messages/campaigns";
import { valuation } from "./messages/valuation";
import { financing } from "./messages/financing";
import { market } from "./messages/market";
import { marketAssets } from "./messages/market-assets";
import { marketDeals } from "./messages/market-deals";
import { financingBank } from "./messages/financing-bank";
import { financingMatch } from "./messages/financing-match";
import { financingQueues } from "./messages/financing-queues";
import { progressMessages } from "./messages/progress";
import { campaignImport } from "./messages/campaign-import";
import { valuationReport } from "./messages/valuation-report";
import { valuationBatch } from "./messages/valuation-batch";
import { subsidyMessages } from "./messages/subsidies";
import { fundMessages } from "./messages/funds";
import { insuranceMessages } from "./messages/insurance";
import { royaltyMessages } from "./messages/royalties";
import { registrationMessages } from "./messages/registration";
import { marketWatch } from "./messages/market-watch";
import { marketDemands } from "./messages/market-demands";
import { demandPages } from "./messages/demand-pages";
import { marketFacetMessages } from "./messages/market-facets";
import { webhookMessages } from "./messages/webhooks";
import { mailMessages } from "./messages/mail";
import { edges } from "./messages/edges";
import { accountMessages } from "./messages/accounts";
import { auctionMessages } from "./messages/auctions";
import { applyInputs } from "./messages/apply-inputs";

export { DEFAULT_LOCALE, LOCALES, type Locale };

/** Every context's messages; add a context's module here. */
const contexts = [
  common, identity, adminConsole, campaignMessages, campaignImport, progressMessages, valuation, valuationReport, valuationBatch,
  financing, financingBank, financingMatch, financingQueues, market, marketAssets, marketDeals, subsidyMessages, fundMessages, insuranceMessages, royaltyMessages,
  webhookMessages, mailMessages, registrationMessages,
  marketWatch, marketDemands, demandPages, marketFacetMessages, edges, accountMessages, applyInputs, auctionMessages,
] as const;

type KeysOf<C> = C extends { "zh-CN": Record<infer K, string> } ? K : never;
/** Every message key of every context: a misspelt or missing key is a type error where it is used. */
export type MessageKey = KeysOf<(typeof contexts)[number]>;

/** Every message of every context, per locale (tests check coverage against these). */
export const dictionaries: Record<Locale, Record<string, string>> = {
  "zh-CN": Object.assign({}, ...contexts.map((c) => c["zh-CN"])),
  en: Object.assign({}, ...contexts.map((c) => c.en)),
};

export type Params = Record<string, string | number | bigint | null | undefined>;
export type Translate = (key: MessageKey, params?: Params) => string;

export function isLocale(v: unknown): v is Locale {
  return typeof v === "string" && (LOCALES as readonly string[]).includes(v);
}

/**
 * For keys that come from data at run time (a stored notification's kind, a ServiceError's key, a zod
 * message): true when the dictionaries have it, narrowing it to a `MessageKey`. Callers show a visible
 * fallback otherwise.
 */
export function isMessageKey(key: string | null | undefined): key is MessageKey {
  return typeof key === "string" && Object.prototype.hasOwnProperty.call(dictionaries["zh-CN"], key);
}

/**
 * A key that comes from data (a stored report's reason, a job's notification kind): its message, or
 * the key itself in brackets — visibly out of place, never a blank — when the dictionaries lack it.
 */
export function translateStored(t: Translate, key: string, params?: Params): string {
  return isMessageKey(key) ? t(key, params) : `[${key}]`;
}

/** `translateStored` as a function of any string key, for modules that build keys from the data they explain. */
export const storedTranslator = (t: Translate) => (key: string, params?: Params) => translateStored(t, key, params);

export function translator(locale: Locale): Translate {
  const dict = dictionaries[locale];
  const fallback = dictionaries[DEFAULT_LOCALE];
  return (key, params) => {
    const template = dict[key] ?? fallback[key] ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (m, name: string) => (params[name] == null ? m : String(params[name])));
  };
}

/** Locale from `?lang=`, then the cookie, then Accept-Language; zh-CN by default. */
export function pickLocale(opts: { query?: string | null; cookie?: string | null; acceptLanguage?: string | null }): Locale {
  const q = normalize(opts.query);
  if (q) return q;
  const c = normalize(opts.cookie);
  if (c) return c;
  return fromAcceptLanguage(opts.acceptLanguage) ?? DEFAULT_LOCALE;
}

/** The supported locale an `Accept-Language` header ranks highest (q-values honoured, `q=0` refused). */
export function fromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranked = header.split(",").map((part, i) => {
    const [tag, ...params] = part.trim().split(";");
    const q = params.map((x) => x.trim()).find((x) => x.startsWith("q="));
    const weight = q ? Number(q.slice(2)) : 1;
    return { locale: normalize(tag?.trim()), weight: Number.isFinite(weight) ? weight : 0, i };
  });
  const best = ranked.filter((r) => r.locale && r.weight > 0).sort((a, b) => b.weight - a.weight || a.i - b.i)[0];
  return best?.locale ?? null;
}

function normalize(v: string | null | undefined): Locale | null {
  if (!v) return null;
  const s = v.toLowerCase();
  if (s === "en" || s.startsWith("en-")) return "en";
  if (s === "zh" || s.startsWith("zh")) return "zh-CN";
  return null;
}
