/** Guards throw these; the root error boundary renders them in the user's language. */
export const notFound = () => new Response("Not Found", { status: 404 });
export const forbidden = () => new Response("Forbidden", { status: 403 });
export const unauthorized = () => new Response("Unauthorized", { status: 401 });
export const badRequest = (message = "Bad Request") => new Response(message, { status: 400 });
export const conflict = () => new Response("Conflict", { status: 409 });

/** Set by the express layer from `req.ip` (which honours TRUST_PROXY); a client's own value is overwritten. */
export const CLIENT_IP_HEADER = "x-ipm-client-ip";

/** The client's address: the socket's, or a trusted proxy's X-Forwarded-For entry (TRUST_PROXY). */
export function clientIp(request: Request): string | null {
  return request.headers.get(CLIENT_IP_HEADER) || null;
}

/** Errors a service raises on purpose; routes map them to a status and a message key. */
export class ServiceError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 413 | 422,
    readonly messageKey: string,
    readonly fieldErrors: Record<string, string[]> = {},
    readonly params: Record<string, string | number> = {},
  ) {
    super(messageKey);
    this.name = "ServiceError";
  }
}
