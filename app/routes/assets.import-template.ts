import type { LoaderFunctionArgs } from "@remix-run/node";
import { IMPORT_TEMPLATE_CSV } from "#app/services/asset-import.server";
import { requireBusinessUser } from "#app/utils/auth.server";
import { attachmentHeader } from "#app/utils/export-stream.server";
import { resourceLoader } from "#app/utils/resource.server";

export const loader = resourceLoader(async ({ request }: LoaderFunctionArgs) => {
  await requireBusinessUser(request, "enterprise", "university");
  return new Response(`\uFEFF${IMPORT_TEMPLATE_CSV}\r\n`, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": attachmentHeader("资产导入模板-asset-import-template.csv") },
  });
});
