import type { LoaderFunctionArgs } from "@remix-run/node";
import { bankWhitelistExport } from "#app/services/exports.server";
import { requireBusinessUser } from "#app/utils/auth.server";
import { exportResponse, isExportFormat } from "#app/utils/export-stream.server";
import { ServiceError } from "#app/utils/http.server";
import { getT } from "#app/utils/i18n.server";
import { translateStored } from "#app/i18n/index";
import { resourceLoader } from "#app/utils/resource.server";

/** A participating bank's download of the campaign's enterprises and their needs (streamed). */
export const loader = resourceLoader(async ({ request, params }: LoaderFunctionArgs) => {
  const su = await requireBusinessUser(request, "bank");
  const { t } = getT(request);
  const format = new URL(request.url).searchParams.get("format") ?? "csv";
  if (!isExportFormat(format)) return new Response(t("errors.badRequest"), { status: 400 });
  try {
    return exportResponse({ format, ...(await bankWhitelistExport(su.actor, params.campaignId ?? "", t)) });
  } catch (e) {
    if (e instanceof ServiceError) return new Response(translateStored(t, e.messageKey), { status: e.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    throw e;
  }
});
