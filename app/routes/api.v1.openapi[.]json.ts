import { openApiDocument } from "#app/domain/financing/openapi";
import { apiGetOnly } from "#app/utils/api.server";

/** GET /api/v1/openapi.json — the bank API's OpenAPI 3.1 document (public, no key needed). */
export async function loader() {
  return Response.json(openApiDocument("/api/v1"), { headers: { "Cache-Control": "public, max-age=300" } });
}

export const action = apiGetOnly;
