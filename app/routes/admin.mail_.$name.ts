import type { LoaderFunctionArgs } from "@remix-run/node";
import { readMailLogFile } from "#app/services/mail-log.server";
import { requireAdmin } from "#app/utils/auth.server";

/** One `.eml` file of the embedded mail folder (admins only). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireAdmin(request);
  const body = await readMailLogFile(su.actor, params.name ?? "");
  if (!body) throw new Response("Not Found", { status: 404 });
  return new Response(new Uint8Array(body), { headers: { "content-type": "message/rfc822", "content-disposition": `attachment; filename="${params.name}"` } });
}
