/**
 * The one rule every submitted text value passes (forms, the bank API, import cells) before any
 * schema sees it: no NUL or other control characters (tab and newlines are kept — a schema decides
 * whether its field is multi-line), no lone surrogates or non-characters (they cannot be stored as
 * UTF-8), and a ceiling on length far above any field's own maximum. Values are NFC-normalised so
 * the same name typed on two keyboards compares equal.
 */
export const MAX_TEXT_CHARS = 20_000;

export type TextProblem = "control" | "encoding" | "tooLong";

// C0 except \t \n \r, DEL, C1; the U+FFFE/U+FFFF non-characters.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function textProblem(value: string, max = MAX_TEXT_CHARS): TextProblem | null {
  if (value.length > max) return "tooLong";
  if (LONE_SURROGATE.test(value)) return "encoding";
  if (CONTROL.test(value)) return "control";
  return null;
}

/** The message key a refused value is answered with. */
export const TEXT_PROBLEM_KEY = {
  control: "errors.controlChars",
  encoding: "errors.encoding",
  tooLong: "errors.tooLong",
} as const satisfies Record<TextProblem, string>;

export const normalizeText = (value: string) => value.normalize("NFC");

/** Every string inside a JSON value, with its dotted path (for the API's field messages). */
export function* jsonStrings(value: unknown, path: string[] = []): Generator<[string, string]> {
  if (typeof value === "string") yield [path.join(".") || "body", value];
  else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* jsonStrings(value[i], [...path, String(i)]);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      yield [[...path, k].join("."), k];
      yield* jsonStrings(v, [...path, k]);
    }
  }
}

/** The problems of a JSON body's strings (keys included), by path; empty when it is clean. */
export function jsonTextProblems(value: unknown): Record<string, TextProblem> {
  const out: Record<string, TextProblem> = {};
  for (const [path, s] of jsonStrings(value)) {
    const p = textProblem(s);
    if (p && !out[path]) out[path] = p;
  }
  return out;
}

/** A JSON value with every string NFC-normalised. */
export function normalizeJson(value: unknown): unknown {
  if (typeof value === "string") return normalizeText(value);
  if (Array.isArray(value)) return value.map(normalizeJson);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [normalizeText(k), normalizeJson(v)]));
  return value;
}
