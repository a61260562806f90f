import fs from "node:fs/promises";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getReportFile } from "#app/services/valuations.server";
import { requireBusinessUser } from "#app/utils/auth.server";
import { privateFile, resourceLoader } from "#app/utils/resource.server";

/** The valuation report PDF: the owner, admins and banks the owner applied to; anyone else gets 404. */
export const loader = resourceLoader(async ({ request, params }: LoaderFunctionArgs) => {
  const su = await requireBusinessUser(request);
  const file = await getReportFile(su.actor, params.id ?? "");
  const body = await fs.readFile(file.path).catch(() => {
    throw new Response("Not Found", { status: 404 });
  });
  return privateFile(new Uint8Array(body), { mime: "application/pdf", fileName: file.fileName, sha256: file.sha256 });
});
