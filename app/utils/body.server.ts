import { data } from "@remix-run/node";
import { duplicateJsonKey } from "#app/domain/forms/json-keys";
import { jsonTextProblems, normalizeJson, TEXT_PROBLEM_KEY } from "#app/domain/forms/text-rule";
import type { MessageKey, Translate } from "#app/i18n/index";
import { apiError } from "./api.server";
import { env } from "./env.server";
import type { FormErrors } from "./forms.server";
import { getT } from "./i18n.server";

/**
 * The one input boundary: every action reads its body here. The content type is checked (415), the
 * size is bounded while the stream is read — a body over the route kind's limit is cut off as soon
 * as it passes it, never buffered whole (413) — and a body that does not parse is a 400. Forms get
 * a page in the reader's language (thrown, so the root error boundary renders it); uploads get the
 * file field's message; the API gets its JSON error shape.
 */
export type BodyKind = "form" | "upload" | "json";

export class BodyError extends Error {
  constructor(readonly status: 400 | 413 | 415, readonly messageKey: MessageKey, readonly code: string) {
    super(code);
    this.name = "BodyError";
  }
}

/** Room for a multipart body's boundaries and the page's other fields around the file itself. */
const MULTIPART_OVERHEAD = 65_536;

export function bodyLimit(kind: BodyKind, fileBytes = env.UPLOAD_MAX_BYTES): number {
  if (kind === "upload") return fileBytes + MULTIPART_OVERHEAD;
  return kind === "json" ? env.JSON_MAX_BYTES : env.FORM_MAX_BYTES;
}

const tooLarge = () => new BodyError(413, "errors.tooLarge", "payload_too_large");
const unsupported = () => new BodyError(415, "errors.unsupportedType", "unsupported_media_type");
const broken = () => new BodyError(400, "errors.brokenBody", "invalid_body");

function mediaType(request: Request): string {
  return (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

/** The body's bytes, refused the moment they pass `limit` (a declared Content-Length over it is refused unread). */
export async function readBytes(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  if (!request.body) return new Uint8Array(new ArrayBuffer(0));
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let step: ReadableStreamReadResult<Uint8Array>;
    try {
      step = await reader.read();
    } catch {
      throw broken();
    }
    if (step.done) break;
    total += step.value.byteLength;
    if (total > limit) {
      // Stop reading, without cancelling: a cancel destroys the socket and the client would see a reset
      // instead of the 413. The server discards the rest and closes the connection (express.server.ts).
      reader.releaseLock();
      throw tooLarge();
    }
    chunks.push(step.value);
  }
  const out = new Uint8Array(new ArrayBuffer(total));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** `a=1&b=2`, refusing percent-escapes that are not UTF-8 (URLSearchParams would turn them into U+FFFD silently). */
function parseUrlEncoded(bytes: Uint8Array): FormData {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    throw broken();
  }
  const form = new FormData();
  for (const pair of text.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const [k, v] = eq < 0 ? [pair, ""] : [pair.slice(0, eq), pair.slice(eq + 1)];
    try {
      form.append(decodeURIComponent(k.replace(/\+/g, " ")), decodeURIComponent(v.replace(/\+/g, " ")));
    } catch {
      throw broken();
    }
  }
  return form;
}

async function parseMultipart(request: Request, bytes: Uint8Array<ArrayBuffer>): Promise<FormData> {
  try {
    return await new Request(request.url, { method: "POST", headers: { "content-type": request.headers.get("content-type")! }, body: bytes }).formData();
  } catch {
    throw broken();
  }
}

/** A form's fields (urlencoded or multipart) within the kind's limit; an empty body is an empty form. */
export async function formFromRequest(request: Request, kind: "form" | "upload", fileBytes?: number): Promise<FormData> {
  const type = mediaType(request);
  const declared = request.headers.get("content-length");
  if (!type && (declared === "0" || !request.body)) return new FormData();
  if (type !== "application/x-www-form-urlencoded" && type !== "multipart/form-data") throw unsupported();
  const bytes = await readBytes(request, bodyLimit(kind, fileBytes));
  return type === "multipart/form-data" ? parseMultipart(request, bytes) : parseUrlEncoded(bytes);
}

function pageError(request: Request, e: BodyError): Response {
  const { t } = getT(request);
  return new Response(t(e.messageKey, { max: Math.floor(bodyLimit("form") / 1024) }), { status: e.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** A form route's body. A body that is not a form, too large or broken throws the page to show. */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await formFromRequest(request, "form");
  } catch (e) {
    if (e instanceof BodyError) throw pageError(request, e);
    throw e;
  }
}

/**
 * An upload route's body (multipart with a file, or the page's other plain forms), with the larger
 * upload limit; a refusal is the file field's message on the page rather than a whole error page.
 */
export async function readUpload(request: Request, t: Translate, opts: { maxBytes: number; messageKey: "market.errors.fileTooLarge" | "spreadsheet.errors.tooLarge" }) {
  try {
    return { ok: true as const, form: await formFromRequest(request, "upload", opts.maxBytes) };
  } catch (e) {
    if (!(e instanceof BodyError)) throw e;
    const message = e.status === 413 ? t(opts.messageKey, { max: Math.floor(opts.maxBytes / 1048576) }) : t(e.messageKey);
    return { ok: false as const, response: data<FormErrors>({ formError: message, fieldErrors: { file: [message] } }, { status: e.status }) };
  }
}

/**
 * An API body: JSON (an empty body is `{}`), within JSON_MAX_BYTES, strings passing the text rule
 * (NFC-normalised). `text` is the raw body, for the idempotency hash.
 */
export async function readJson(request: Request, t: Translate): Promise<{ ok: true; text: string; value: unknown } | { ok: false; response: Response }> {
  try {
    const type = mediaType(request);
    const bytes = await readBytes(request, bodyLimit("json"));
    if (bytes.byteLength === 0) return { ok: true, text: "", value: {} };
    if (type !== "application/json" && !type.endsWith("+json")) throw unsupported();
    let text: string;
    let value: unknown;
    try {
      text = strictUtf8.decode(bytes);
      value = text.trim() ? JSON.parse(text) : {};
    } catch {
      return { ok: false, response: apiError(t, 400, "financing.api.badJson", undefined, "invalid_json") };
    }
    // JSON.parse keeps the last of two copies of a key silently: refuse the ambiguity instead.
    const duplicate = duplicateJsonKey(text);
    if (duplicate) return { ok: false, response: apiError(t, 400, "errors.badRequest", { [duplicate]: ["errors.duplicateField"] }) };
    const problems = jsonTextProblems(value);
    if (Object.keys(problems).length) {
      const fields = Object.fromEntries(Object.entries(problems).map(([k, p]) => [k, [TEXT_PROBLEM_KEY[p]]]));
      return { ok: false, response: apiError(t, 400, "errors.badRequest", fields) };
    }
    return { ok: true, text, value: normalizeJson(value) };
  } catch (e) {
    if (!(e instanceof BodyError)) throw e;
    return { ok: false, response: jsonBodyError(t, e) };
  }
}

/** A body refused while reading (413, 415, broken), as the API answers it: JSON with a code and a message. */
export const jsonBodyError = (t: Translate, e: BodyError) =>
  apiError(t, e.status, e.messageKey, undefined, e.code, undefined, { max: Math.floor(bodyLimit("json") / 1024) });
