import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary as common } from "@zxcvbn-ts/language-common";
import { dictionary as en, translations } from "@zxcvbn-ts/language-en";

/**
 * Password strength (zxcvbn-ts: common passwords, English words and names, keyboard patterns,
 * repeats and sequences, and the user's own name, e-mail and organisation). Score 0–4; below 3 is
 * refused with `errors.weakPassword` (both languages in the app's dictionary).
 */
const zxcvbn = new ZxcvbnFactory({ dictionary: { ...common, ...en }, graphs: adjacencyGraphs, translations });

export const MIN_PASSWORD_SCORE = 3;

export function isStrongPassword(password: string, userInputs: string[] = []): boolean {
  const inputs = userInputs.flatMap((s) => [s, ...s.split(/[@.\s_-]+/)]).filter((s) => s.length >= 3);
  return zxcvbn.check(password.slice(0, 200), inputs).score >= MIN_PASSWORD_SCORE;
}
