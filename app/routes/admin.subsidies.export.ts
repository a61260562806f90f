import type { LoaderFunctionArgs } from "@remix-run/node";
import { translateStored } from "#app/i18n/index";
import { subsidyExportBatches, type SubsidyExportRow } from "#app/services/subsidy-programmes.server";
import { requireAdmin } from "#app/utils/auth.server";
import { exportResponse, isExportFormat, type ExportColumn } from "#app/utils/export-stream.server";
import { ServiceError } from "#app/utils/http.server";
import { getT } from "#app/utils/i18n.server";
import { resourceLoader } from "#app/utils/resource.server";

/** `/admin/subsidies/export?format=csv|xlsx[&programme=…]`: the finance bureau's list of applications, approvals and payouts. */
export const loader = resourceLoader(async ({ request }: LoaderFunctionArgs) => {
  const su = await requireAdmin(request);
  const { t, locale } = getT(request);
  const url = new URL(request.url);
  const format = url.searchParams.get("format") ?? "csv";
  if (!isExportFormat(format)) return new Response(t("errors.badRequest"), { status: 400 });
  try {
    const fetch = subsidyExportBatches(su.actor, url.searchParams.get("programme"));
    const fen = (v: string | null) => (v === null ? null : BigInt(v));
    const columns: ExportColumn<SubsidyExportRow>[] = [
      { header: t("subsidy.export.programmeCode"), value: (r) => r.programme_code },
      { header: t("subsidy.programme"), value: (r) => r.programme_name },
      { header: t("subsidy.export.enterprise"), value: (r) => r.enterprise_name },
      { header: t("account.uscc"), value: (r) => r.uscc },
      { header: t("account.park"), value: (r) => (locale === "en" ? r.park_en : r.park_zh) },
      { header: t("subsidy.status"), value: (r) => translateStored(t, `publicMoney.status.subsidy.${r.status}`) },
      { header: t("subsidy.export.requestedYuan"), value: (r) => fen(r.requested_fen), money: true },
      { header: t("subsidy.export.approvedYuan"), value: (r) => fen(r.approved_fen), money: true },
      { header: t("subsidy.export.paidYuan"), value: (r) => fen(r.paid_fen), money: true },
      { header: t("subsidy.paidOn"), value: (r) => r.paid_on },
      { header: t("subsidy.admin.reference"), value: (r) => r.payment_reference },
      { header: t("subsidy.reason"), value: (r) => r.decision_reason },
      { header: t("subsidy.export.appliedOn"), value: (r) => r.applied_at },
    ];
    return exportResponse({ format, fileName: t("subsidy.export.file"), sheetName: t("subsidy.export.file"), columns, fetch });
  } catch (e) {
    if (e instanceof ServiceError) return new Response(translateStored(t, e.messageKey), { status: e.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    throw e;
  }
});
