import { ServiceError } from "./http.server";

/** Loaders: a ServiceError becomes the status it names (a foreign or missing object is a 404 page). */
export async function orThrowResponse<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof ServiceError) throw new Response(e.status === 404 ? "Not Found" : e.messageKey, { status: e.status });
    throw e;
  }
}
