import { data } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import { isMessageKey, translateStored, type Translate } from "#app/i18n/index";
import { normalizeText, textProblem, TEXT_PROBLEM_KEY } from "#app/domain/forms/text-rule";
import { ServiceError } from "./http.server";
import { RateLimitedError } from "./rate-limit.server";

export type FormErrors = { formError?: string; fieldErrors: Record<string, string[]>; values?: Record<string, unknown> };

/** Field messages are dictionary keys; anything else (zod's own messages) shows as "invalid". */
export function translateErrors(errors: Record<string, string[] | null | undefined>, t: Translate, params?: Record<string, string | number>) {
  const out: Record<string, string[]> = {};
  for (const [field, msgs] of Object.entries(errors)) {
    if (!msgs?.length) continue;
    out[field || "form"] = [...new Set(msgs.map((m) => (isMessageKey(m) ? t(m, params) : t("errors.invalid"))))];
  }
  return out;
}

function plainValues(formData: FormData) {
  const values: Record<string, unknown> = {};
  for (const [k, v] of formData) {
    if (typeof v === "string" && !/password/i.test(k)) values[k] = v;
  }
  return values;
}

/**
 * The text rule (app/domain/forms/text-rule.ts) over every field of a form: the values NFC-normalised,
 * and for each refused field (a NUL, another control character, a lone surrogate, far too long) its message.
 */
export function applyTextRule(formData: FormData) {
  const clean = new FormData();
  const problems: Record<string, string[]> = {};
  for (const [k, v] of formData) {
    if (typeof v !== "string") {
      clean.append(k, v);
      continue;
    }
    const p = textProblem(k) ?? textProblem(v);
    if (p) problems[textProblem(k) ? "form" : k] = [TEXT_PROBLEM_KEY[p]];
    else clean.append(normalizeText(k), normalizeText(v));
  }
  return { clean, problems };
}

/**
 * Parses a form with its shared schema (Conform coerces strings to numbers, dates and booleans).
 * On failure it returns the 400 the action should answer: field messages in the reader's language
 * and the values to put back into the form (never passwords).
 */
export function parseForm<S extends z.ZodType>(formData: FormData, schema: S, t: Translate) {
  const { clean, problems } = applyTextRule(formData);
  const submission = parseWithZod(clean, { schema });
  if (submission.status === "success" && !Object.keys(problems).length) return { ok: true as const, value: submission.value as z.output<S> };
  const zodErrors = submission.status === "success" ? {} : ((submission.error ?? {}) as Record<string, string[]>);
  const fieldErrors = translateErrors({ ...zodErrors, ...problems }, t);
  return {
    ok: false as const,
    response: data<FormErrors>({ formError: t("errors.fixBelow"), fieldErrors, values: plainValues(clean) }, { status: 400 }),
  };
}

/** Turns a ServiceError into the action's answer; anything else propagates (and is a real bug). */
export function serviceErrorResponse(e: unknown, t: Translate, formData?: FormData) {
  if (e instanceof RateLimitedError) return tooManyRequests(t, e.retryAfterSeconds, "errors.rateLimited");
  if (!(e instanceof ServiceError)) throw e;
  if (e.status === 404) {
    // An id the form carried (a policy, a claim, an asset to pick) that is missing or another
    // organisation's: say so at that field. Without one, the page's own object is missing.
    const idFields = formData ? [...formData.keys()].filter((k) => /(^id|Id|Ids)$/.test(k) && String(formData.get(k) ?? "") !== "") : [];
    if (!idFields.length) throw new Response(t("errors.notFound"), { status: 404 });
    const message = t("errors.notFoundField");
    return data<FormErrors>(
      { formError: message, fieldErrors: Object.fromEntries(idFields.map((k) => [k, [message]])), values: plainValues(formData!) },
      { status: 404 },
    );
  }
  if (e.status === 403) throw new Response(t("errors.forbidden"), { status: 403 });
  return data<FormErrors>(
    {
      formError: translateStored(t, e.messageKey, e.params),
      fieldErrors: translateErrors(e.fieldErrors, t, e.params),
      values: formData ? plainValues(formData) : undefined,
    },
    { status: e.status },
  );
}

/** 429 with `Retry-After` and the wait in the reader's language. */
export function tooManyRequests(t: Translate, seconds: number, key: "errors.rateLimited" | "errors.locked", values?: Record<string, unknown>) {
  return data<FormErrors>({ formError: t(key, { seconds }), fieldErrors: {}, values }, { status: 429, headers: { "Retry-After": String(seconds) } });
}
