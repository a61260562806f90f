import { data } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import { isMessageKey, translateStored, type Translate } from "#app/i18n/index";
import { ServiceError } from "./http.server";
import { RateLimitedError } from "./rate-limit.server";

export type FormErrors = { formError?: string; fieldErrors: Record<string, string[]>; values?: Record<string, unknown> };

/** Field messages are dictionary keys; anything else (zod's own messages) shows as "invalid". */
export function translateErrors(errors: Record<string, string[] | null | undefined>, t: Translate) {
  const out: Record<string, string[]> = {};
  for (const [field, msgs] of Object.entries(errors)) {
    if (!msgs?.length) continue;
    out[field || "form"] = [...new Set(msgs.map((m) => (isMessageKey(m) ? t(m) : t("errors.invalid"))))];
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
 * Parses a form with its shared schema (Conform coerces strings to numbers, dates and booleans).
 * On failure it returns the 400 the action should answer: field messages in the reader's language
 * and the values to put back into the form (never passwords).
 */
export function parseForm<S extends z.ZodType>(formData: FormData, schema: S, t: Translate) {
  const submission = parseWithZod(formData, { schema });
  if (submission.status === "success") return { ok: true as const, value: submission.value as z.output<S> };
  const fieldErrors = translateErrors((submission.error ?? {}) as Record<string, string[]>, t);
  return {
    ok: false as const,
    response: data<FormErrors>({ formError: t("errors.fixBelow"), fieldErrors, values: plainValues(formData) }, { status: 400 }),
  };
}

/** Turns a ServiceError into the action's answer; anything else propagates (and is a real bug). */
export function serviceErrorResponse(e: unknown, t: Translate, formData?: FormData) {
  if (e instanceof RateLimitedError) return tooManyRequests(t, e.retryAfterSeconds, "errors.rateLimited");
  if (!(e instanceof ServiceError)) throw e;
  if (e.status === 404) throw new Response("Not Found", { status: 404 });
  if (e.status === 403) throw new Response("Forbidden", { status: 403 });
  return data<FormErrors>(
    {
      formError: translateStored(t, e.messageKey, e.params),
      fieldErrors: translateErrors(e.fieldErrors, t),
      values: formData ? plainValues(formData) : undefined,
    },
    { status: e.status },
  );
}

/** 429 with `Retry-After` and the wait in the reader's language. */
export function tooManyRequests(t: Translate, seconds: number, key: "errors.rateLimited" | "errors.locked", values?: Record<string, unknown>) {
  return data<FormErrors>({ formError: t(key, { seconds }), fieldErrors: {}, values }, { status: 429, headers: { "Retry-After": String(seconds) } });
}
