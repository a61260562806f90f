import fs from "node:fs/promises";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getReportFile } from "#app/services/valuations.server";
import { requireBusinessUser } from "#app/utils/auth.server";
import { orNotFound } from "#app/utils/valuation-route.server";
import { resourceLoader } from "#app/utils/resource.server";

/** The valuation report PDF: the owner, admins and banks the owner applied to; anyone else gets 404. */
export const loader = resourceLoader(async ({ request, params }: LoaderFunctionArgs) => {
  const su = await requireBusinessUser(request);
  const file = await orNotFound(getReportFile(su.actor, params.id!));
  let body: Buffer;
  try {
    body = await fs.readFile(file.path);
  } catch {
    throw new Response("Not Found", { status: 404 });
  }
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${file.fileName}"`,
      "Content-Length": String(body.length),
      "Cache-Control": "private, no-store",
      ...(file.sha256 ? { "X-Content-SHA256": file.sha256 } : {}),
    },
  });
});
