import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { AdminNav } from "#app/components/admin-nav";
import { ProgrammeForm } from "#app/components/programme-form";
import { MoneyStatus } from "#app/components/public-money";
import { Button, Card, EmptyState, FormError, Notice, PageHeader, Table, DownloadLink } from "#app/components/ui";
import { shanghaiDate, yearOf } from "#app/domain/dates";
import { ProgrammeSchema } from "#app/domain/forms/public-money";
import { SAMPLE_PROGRAMMES } from "#app/domain/public-money/samples";
import { formatFen, useLocale, useT } from "#app/i18n/react";
import { createProgramme, setProgrammeStatus, subsidyDashboard } from "#app/services/subsidy-programmes.server";
import { requireAdmin } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { readForm } from "#app/utils/body.server";

const StatusSchema = z.object({ intent: z.enum(["open", "close", "reopen"]), programmeId: z.uuid({ error: "errors.invalid" }) });

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireAdmin(request);
  const code = new URL(request.url).searchParams.get("sample");
  return { ...(await subsidyDashboard(su.actor)), sample: SAMPLE_PROGRAMMES.find((s) => s.code === code) ?? null, year: yearOf(shanghaiDate()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const su = await requireAdmin(request);
  const { t } = getT(request);
  const form = await readForm(request);
  try {
    if (form.get("intent") === "create") {
      const parsed = parseForm(form, ProgrammeSchema, t);
      if (!parsed.ok) return parsed.response;
      await createProgramme(su.actor, parsed.value);
      return { done: t("subsidy.admin.created"), fieldErrors: {} as Record<string, string[]> };
    }
    const parsed = parseForm(form, StatusSchema, t);
    if (!parsed.ok) return parsed.response;
    await setProgrammeStatus(su.actor, parsed.value.programmeId, parsed.value.intent);
    return { done: t(`subsidy.admin.done.${parsed.value.intent}`), fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function AdminSubsidies() {
  const t = useT();
  const locale = useLocale();
  const { programmes, parks, sample, year } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const e = result && "fieldErrors" in result ? result.fieldErrors : {};
  const values = (result && "values" in result ? result.values : undefined) ?? {};
  return (
    <div className="container stack">
      <PageHeader title={t("subsidy.admin.title")} subtitle={t("subsidy.admin.intro")}
        actions={<span className="row"><DownloadLink href="/admin/subsidies/export?format=csv">{t("export.csv")}</DownloadLink><DownloadLink href="/admin/subsidies/export?format=xlsx">{t("export.xlsx")}</DownloadLink></span>} />
      <AdminNav />
      {result && "done" in result ? <Notice tone="ok">{result.done}</Notice> : null}
      {result && "formError" in result ? <FormError message={result.formError} /> : null}
      <Card title={t("subsidy.admin.budgets")}>
        {programmes.length === 0 ? <EmptyState /> : (
          <Table caption={t("subsidy.admin.budgets")} head={[t("subsidy.programme"), t("subsidy.status"), t("subsidy.admin.budget"), t("subsidy.admin.committed"), t("subsidy.admin.paid"), t("subsidy.admin.remaining"), t("subsidy.admin.queue"), t("table.actions")]}>
            {programmes.map(({ programme: p, committedFen, paidFen, remainingFen, counts }) => (
              <tr key={p.id} data-testid={`budget-${p.code}`}>
                <td><Link to={`/admin/subsidies/${p.id}`}>{locale === "en" ? p.nameEn : p.nameZh}</Link><div className="muted small">{p.issuer}</div></td>
                <td><MoneyStatus kind="programme" status={p.status} /></td>
                <td className="num">{formatFen(p.budgetFen, locale)}</td>
                <td className="num">{formatFen(committedFen, locale)}</td>
                <td className="num">{formatFen(paidFen, locale)}</td>
                <td className="num">{formatFen(remainingFen, locale)}</td>
                <td className="num">{counts.submitted}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="programmeId" value={p.id} />
                    {p.status === "draft" ? <Button name="intent" value="open" variant="secondary" disabled={busy}>{t("subsidy.admin.open")}</Button> : null}
                    {p.status === "open" ? <Button name="intent" value="close" variant="ghost" disabled={busy}>{t("subsidy.admin.close")}</Button> : null}
                    {p.status === "closed" ? <Button name="intent" value="reopen" variant="ghost" disabled={busy}>{t("subsidy.admin.reopen")}</Button> : null}
                  </Form>
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
      <Card title={t("subsidy.admin.byPark")}>
        <Table caption={t("subsidy.admin.byPark")} head={[t("subsidy.programme"), t("account.park"), t("subsidy.admin.applications"), t("subsidy.admin.committed"), t("subsidy.admin.paid")]}>
          {programmes.flatMap(({ programme: p, byPark }) => byPark.map((r) => (
            <tr key={`${p.id}-${r.parkId}`}>
              <td>{locale === "en" ? p.nameEn : p.nameZh}</td><td>{(locale === "en" ? r.nameEn : r.nameZh) ?? t("progress.noPark")}</td>
              <td className="num">{r.applications}</td><td className="num">{formatFen(r.committedFen, locale)}</td><td className="num">{formatFen(r.paidFen, locale)}</td>
            </tr>
          )))}
        </Table>
      </Card>
      <Card title={t("subsidy.admin.new")}>
        <ProgrammeForm key={sample?.code ?? "blank"} sample={sample} samples={SAMPLE_PROGRAMMES} parks={parks} errors={e} values={values} busy={busy} year={year} />
      </Card>
    </div>
  );
}
