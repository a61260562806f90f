import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { getDb, type Tx } from "#db/client.server";
import { idempotencyKeys } from "#db/schema/index";
import type { Actor } from "#app/domain/policy/index";
import { isMessageKey, pickLocale, translateStored, translator, type Locale, type Translate } from "#app/i18n/index";
import { authenticateApiKey } from "#app/services/api-keys.server";
import { readJson } from "./body.server";
import { clientIp, ServiceError } from "./http.server";
import { consume, penalise, RateLimitedError, retryAfterSeconds, waitMs } from "./rate-limit.server";

/**
 * The bank API's plumbing: bearer keys, JSON errors in the caller's language (Accept-Language),
 * and Idempotency-Key for POSTs, recorded in the same transaction as the change it protects.
 */
export type ApiActor = Extract<Actor, { type: "apiKey" }>;

export function apiLocale(request: Request): Locale {
  // The pages' order without the cookie (a bank's system has none): ?lang, Accept-Language, zh-CN.
  return pickLocale({ query: new URL(request.url).searchParams.get("lang"), acceptLanguage: request.headers.get("accept-language") });
}

const CODES: Record<number, string> = {
  400: "invalid_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed", 409: "conflict",
  413: "payload_too_large", 415: "unsupported_media_type", 422: "unprocessable", 429: "too_many_requests",
};

export function apiError(
  t: Translate, status: number, messageKey: string, fields?: Record<string, string[]>, code?: string, headers?: HeadersInit, params?: Record<string, string | number>,
) {
  const translated = fields
    ? Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.map((m) => (isMessageKey(m) ? t(m, params) : t("errors.invalid")))]))
    : undefined;
  return Response.json({ error: { code: code ?? CODES[status] ?? "error", message: translateStored(t, messageKey, params), ...(translated ? { fields: translated } : {}) } }, { status, headers });
}

/** Runs an API handler: a key is required; service errors and guard responses become JSON. */
export async function apiHandler(request: Request, fn: (ctx: { actor: ApiActor; t: Translate; locale: Locale }) => Promise<Response>): Promise<Response> {
  const locale = apiLocale(request);
  const t = translator(locale);
  const auth = request.headers.get("authorization") ?? "";
  const m = /^Bearer\s+(\S+)$/i.exec(auth);
  const ip = clientIp(request) ?? "unknown";
  // Key guessing: an address that keeps presenting unknown keys waits, whatever key it tries next.
  const guessing = await waitMs("apiKeyFailuresIp", ip);
  if (guessing > 0) return apiTooMany(t, retryAfterSeconds(guessing));
  const actor = m ? await authenticateApiKey(m[1]!, clientIp(request)) : null;
  if (!actor) {
    await penalise("apiKeyFailuresIp", ip);
    return apiError(t, 401, "financing.api.unauthorized");
  }
  try {
    await consume("apiKey", actor.keyId);
    return await fn({ actor, t, locale });
  } catch (e) {
    return errorToResponse(e, t);
  }
}

function errorToResponse(e: unknown, t: Translate): Response {
  if (e instanceof RateLimitedError) return apiTooMany(t, e.retryAfterSeconds);
  if (e instanceof ServiceError) return apiError(t, e.status, e.messageKey, Object.keys(e.fieldErrors).length ? e.fieldErrors : undefined, undefined, undefined, e.params);
  if (e instanceof Response) {
    if (e.status === 404) return apiError(t, 404, "errors.notFound");
    if (e.status === 403) return apiError(t, 403, "errors.forbidden");
    if (e.status === 401) return apiError(t, 401, "financing.api.unauthorized");
    return apiError(t, e.status, e.status === 405 ? "errors.methodNotAllowed" : "errors.badRequest");
  }
  throw e;
}

function apiTooMany(t: Translate, seconds: number) {
  return Response.json(
    { error: { code: "rate_limited", message: t("errors.rateLimited", { seconds }) } },
    { status: 429, headers: { "Retry-After": String(seconds) } },
  );
}

/** Validates a JSON body with its schema; on failure the 400 with field messages to return. */
function parseBody<S extends z.ZodType>(value: unknown, schema: S, t: Translate): { ok: true; value: z.output<S> } | { ok: false; response: Response } {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, value: r.data };
  const fields: Record<string, string[]> = {};
  for (const issue of r.error.issues) {
    const key = issue.path.join(".") || "body";
    (fields[key] ??= []).push(issue.message);
  }
  return { ok: false, response: apiError(t, 400, "errors.badRequest", fields) };
}

const requestHash = (request: Request, body: string) => crypto.createHash("sha256").update(`${request.method} ${new URL(request.url).pathname}\n${body}`).digest("hex");

/**
 * Runs a POST at most once per Idempotency-Key: the key row is inserted in the same transaction as
 * the change; a concurrent twin waits on the unique index and then reads the stored response. The
 * same key with another body answers 422. Without the header the request simply runs.
 */
async function idempotent(
  request: Request, actor: ApiActor, bodyText: string, t: Translate,
  run: (tx: Tx) => Promise<{ status: number; body: unknown }>,
): Promise<Response> {
  const key = request.headers.get("idempotency-key")?.trim();
  const db = await getDb();
  if (!key) {
    return db.transaction(async (tx) => {
      const r = await run(tx);
      return Response.json(r.body, { status: r.status });
    });
  }
  if (key.length > 200) return apiError(t, 400, "errors.badRequest", { "Idempotency-Key": ["errors.tooLong"] });
  const hash = requestHash(request, bodyText);
  const outcome = await db.transaction(async (tx) => {
    const [mine] = await tx.insert(idempotencyKeys).values({ orgId: actor.orgId, key, requestHash: hash })
      .onConflictDoNothing({ target: [idempotencyKeys.orgId, idempotencyKeys.key] }).returning({ id: idempotencyKeys.id });
    if (!mine) {
      const [prior] = await tx.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.orgId, actor.orgId), eq(idempotencyKeys.key, key)));
      if (!prior || prior.requestHash !== hash) return { replay: false, response: apiError(t, 422, "financing.api.idempotencyMismatch", undefined, "idempotency_key_reused") };
      if (prior.status === null) return { replay: false, response: apiError(t, 409, "errors.conflict") };
      return { replay: true, response: Response.json(prior.body, { status: prior.status }) };
    }
    let status: number;
    let body: unknown;
    try {
      // A savepoint: a refused change rolls back alone, and its refusal is what gets stored.
      ({ status, body } = await tx.transaction((inner) => run(inner)));
    } catch (e) {
      const res = errorToResponse(e, t);
      status = res.status;
      body = await res.json();
    }
    await tx.update(idempotencyKeys).set({ status, body: body as object }).where(eq(idempotencyKeys.id, mine.id));
    return { replay: false, response: Response.json(body, { status }) };
  });
  if (outcome.replay) outcome.response.headers.set("Idempotent-Replayed", "true");
  return outcome.response;
}

/**
 * A bank API command (every POST): a key, a JSON body valid for `schema` (else 400 with field
 * messages), then `run` at most once per Idempotency-Key, in the transaction that stores the key.
 */
export function apiCommand<S extends z.ZodType>(
  request: Request, schema: S,
  run: (ctx: { actor: ApiActor; input: z.output<S>; tx: Tx }) => Promise<{ status: number; body: unknown }>,
): Promise<Response> {
  return apiHandler(request, async ({ actor, t }) => {
    if (request.method !== "POST") return apiError(t, 405, "errors.methodNotAllowed", undefined, "method_not_allowed");
    const body = await readJson(request, t);
    if (!body.ok) return body.response;
    const parsed = parseBody(body.value, schema, t);
    if (!parsed.ok) return parsed.response;
    return idempotent(request, actor, body.text, t, (tx) => run({ actor, input: parsed.value, tx }));
  });
}

/** The action of a read-only API route: POST (or any other write) answers 405 in JSON, in the caller's language. */
export const apiGetOnly = ({ request }: { request: Request }) =>
  apiError(translator(apiLocale(request)), 405, "errors.methodNotAllowed", undefined, "method_not_allowed", { Allow: "GET" });

/** The loader of a POST-only API route: GET answers 405 in JSON, in the caller's language. */
export const apiPostOnly = ({ request }: { request: Request }) =>
  apiError(translator(apiLocale(request)), 405, "errors.methodNotAllowed", undefined, "method_not_allowed", { Allow: "POST" });
