import type { HeadersFunction } from "@remix-run/node";

/**
 * A route's `headers` export for forms that can answer 429: a document POST gets the action's
 * `Retry-After` (single fetch passes `data()` headers only to this function on document requests).
 */
export const retryAfterHeaders: HeadersFunction = ({ actionHeaders }) => {
  const h = new Headers();
  const wait = actionHeaders.get("retry-after");
  if (wait) h.set("Retry-After", wait);
  return h;
};
