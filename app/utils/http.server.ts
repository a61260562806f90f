/** Guards throw these; the root error boundary renders them in the user's language. */
export const notFound = () => new Response("Not Found", { status: 404 });
export const forbidden = () => new Response("Forbidden", { status: 403 });
export const unauthorized = () => new Response("Unauthorized", { status: 401 });
export const badRequest = (message = "Bad Request") => new Response(message, { status: 400 });
export const conflict = () => new Response("Conflict", { status: 409 });

/** The client's address, from the proxy header when the app runs behind one. */
export function clientIp(request: Request): string | null {
  const fwd = request.headers.get("x-forwarded-for");
  if (fwd) return fwd.split(",")[0]!.trim();
  return request.headers.get("x-real-ip");
}

/** Errors a service raises on purpose; routes map them to a status and a message key. */
export class ServiceError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 422,
    readonly messageKey: string,
    readonly fieldErrors: Record<string, string[]> = {},
    readonly params: Record<string, string | number> = {},
  ) {
    super(messageKey);
    this.name = "ServiceError";
  }
}
