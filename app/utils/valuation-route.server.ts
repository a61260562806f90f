import { ServiceError } from "./http.server";

/** Loaders: a service's "not found / forbidden" becomes the matching HTTP response (never a 500). */
export async function orNotFound<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof ServiceError && e.status === 404) throw new Response("Not Found", { status: 404 });
    if (e instanceof ServiceError && e.status === 403) throw new Response("Forbidden", { status: 403 });
    throw e;
  }
}
