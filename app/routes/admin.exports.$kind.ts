import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildExport } from "#app/services/exports.server";
import { requireAdmin } from "#app/utils/auth.server";
import { exportResponse, isExportFormat } from "#app/utils/export-stream.server";
import { ServiceError } from "#app/utils/http.server";
import { getT } from "#app/utils/i18n.server";
import { translateStored } from "#app/i18n/index";
import { resourceLoader } from "#app/utils/resource.server";

/** `/admin/exports/<kind>?format=csv|xlsx&…filters`: a streamed download in the reader's language. */
export const loader = resourceLoader(async ({ request, params }: LoaderFunctionArgs) => {
  const su = await requireAdmin(request);
  const { t, locale } = getT(request);
  const url = new URL(request.url);
  const format = url.searchParams.get("format") ?? "csv";
  if (!isExportFormat(format)) return new Response(t("errors.badRequest"), { status: 400 });
  try {
    const spec = await buildExport(su.actor, params.kind ?? "", url.searchParams, t, locale);
    return exportResponse({ format, ...spec });
  } catch (e) {
    if (e instanceof ServiceError) return new Response(translateStored(t, e.messageKey), { status: e.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    throw e;
  }
});
