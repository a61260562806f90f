import type { LoaderFunctionArgs } from "@remix-run/node";
import { translateStored, type MessageKey, type Translate } from "#app/i18n/index";
import { attachmentHeader } from "./export-stream.server";
import { ServiceError } from "./http.server";
import { getT } from "./i18n.server";

/** The message of an error status, for answers that are not pages (downloads, exports, files). */
export function statusMessage(t: Translate, status: number): string {
  const keys: Record<number, MessageKey> = {
    400: "errors.badRequest", 401: "errors.unauthorized", 403: "errors.forbidden", 404: "errors.notFound", 405: "errors.methodNotAllowed",
    409: "errors.conflict", 413: "errors.tooLargeTitle", 415: "errors.unsupportedTypeTitle", 429: "errors.tooManyRequests",
  };
  return t(keys[status] ?? "errors.server");
}

const plain = (status: number, text: string, headers?: Headers) => {
  const h = new Headers(headers);
  h.set("Content-Type", "text/plain; charset=utf-8");
  h.set("Cache-Control", "no-store");
  return new Response(text, { status, headers: h });
};

/**
 * A resource route's loader (a report, a file, an export): a guard's 403/404, a ServiceError or a
 * refused parameter answers in the reader's language instead of plain English `Not Found`.
 * Redirects (sign in first) and what the loader returns itself pass through.
 */
export function resourceLoader(fn: (args: LoaderFunctionArgs) => Promise<Response>) {
  return async (args: LoaderFunctionArgs): Promise<Response> => {
    const { t } = getT(args.request);
    try {
      return await fn(args);
    } catch (e) {
      if (e instanceof ServiceError) return plain(e.status, e.status === 404 || e.status === 403 ? statusMessage(t, e.status) : translateStored(t, e.messageKey, e.params));
      if (e instanceof Response) return e.status >= 400 ? plain(e.status, statusMessage(t, e.status), e.headers) : e;
      throw e;
    }
  };
}

/**
 * A private file download (a certificate, an attachment, a signed PDF, a report): never cached, never
 * sniffed or run as a page, always saved as a file under its own (possibly Chinese) name.
 */
export function privateFile(bytes: Uint8Array<ArrayBuffer>, file: { mime: string; fileName: string; sha256?: string | null }): Response {
  return new Response(bytes, {
    headers: {
      "Content-Type": file.mime,
      "Content-Disposition": attachmentHeader(file.fileName),
      "Content-Length": String(bytes.byteLength),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'",
      ...(file.sha256 ? { "X-Content-SHA256": file.sha256 } : {}),
    },
  });
}
