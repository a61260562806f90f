import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary as common } from "@zxcvbn-ts/language-common";
import { dictionary as en, translations } from "@zxcvbn-ts/language-en";
import type { MessageKey } from "#app/i18n/index";

/**
 * Password strength (zxcvbn-ts: common passwords, English words and names, keyboard patterns,
 * repeats and sequences, and the user's own name, e-mail and organisation). Score 0–4; below 3 is
 * refused. zxcvbn's feedback comes back as its own keys (its translations are mapped to the key
 * names), so the reason is worded by the app's dictionary in the reader's language.
 */
const keysOf = (o: Record<string, string>) => Object.fromEntries(Object.keys(o).map((k) => [k, k]));
const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common, ...en },
  graphs: adjacencyGraphs,
  translations: { ...translations, warnings: keysOf(translations.warnings), suggestions: keysOf(translations.suggestions) } as typeof translations,
});

export const MIN_PASSWORD_SCORE = 3;

const WARNING_KEYS: Record<string, MessageKey> = {
  straightRow: "errors.weakPassword.keyboard",
  keyPattern: "errors.weakPassword.keyboard",
  simpleRepeat: "errors.weakPassword.repeat",
  extendedRepeat: "errors.weakPassword.repeat",
  sequences: "errors.weakPassword.sequence",
  recentYears: "errors.weakPassword.dates",
  dates: "errors.weakPassword.dates",
  topTen: "errors.weakPassword.common",
  topHundred: "errors.weakPassword.common",
  common: "errors.weakPassword.common",
  similarToCommon: "errors.weakPassword.common",
  pwned: "errors.weakPassword.common",
  wordByItself: "errors.weakPassword.word",
  namesByThemselves: "errors.weakPassword.names",
  commonNames: "errors.weakPassword.names",
  userInputs: "errors.weakPassword.personal",
};

/**
 * Why a password is too weak, as the field's message key ("密码太弱：…" / "Password too weak: …"),
 * or null when it is strong enough. `userInputs` are the account's own words (e-mail, names).
 */
export function passwordProblem(password: string, userInputs: string[] = []): MessageKey | null {
  const inputs = userInputs.flatMap((s) => [s, ...s.split(/[@.\s_-]+/)]).filter((s) => s.length >= 3);
  const result = zxcvbn.check(password.slice(0, 200), inputs);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  return WARNING_KEYS[result.feedback.warning ?? ""] ?? "errors.weakPassword";
}

export const isStrongPassword = (password: string, userInputs: string[] = []) => passwordProblem(password, userInputs) === null;
