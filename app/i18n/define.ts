export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";

/** A context's messages: English must have exactly the keys Chinese has. */
export function defineMessages<K extends string>(m: { "zh-CN": Record<K, string>; en: Record<K, string> }) {
  return m;
}
