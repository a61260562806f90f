export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";

/**
 * A context's messages: English must have exactly the keys Chinese has — a key missing in English, or
 * one English has and Chinese has not, is a type error here. The keys are kept as literal types, so
 * `MessageKey` (app/i18n/index.ts) is the union of every context's keys.
 */
export function defineMessages<const Z extends Record<string, string>, const E extends Record<keyof Z, string>>(
  m: { "zh-CN": Z; en: E & Record<Exclude<keyof E, keyof Z>, never> },
): { "zh-CN": { [K in keyof Z]: string }; en: { [K in keyof Z]: string } } {
  return m;
}
