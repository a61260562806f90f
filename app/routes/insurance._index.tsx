import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { bpText, MoneyStatus } from "#app/components/public-money";
import { Button, Card, EmptyState, Field, FormError, Notice, PageHeader, SelectField, Table } from "#app/components/ui";
import { PolicyRequestSchema } from "#app/domain/forms/public-money";
import { formatDate, formatFen, useLocale, useT } from "#app/i18n/react";
import { listMyCover, requestPolicy } from "#app/services/insurance-policies.server";
import { listOfferedProducts } from "#app/services/insurance-products.server";
import { requireBusinessUser } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { readForm } from "#app/utils/body.server";

/** An enterprise's IP insurance: its policies, and cover to ask for on its loans (guarantee insurance) and open-licence deals. */
export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise", "bank");
  return { ...(await listMyCover(su.actor)), products: await listOfferedProducts(su.actor) };
}

export async function action({ request }: ActionFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise", "bank");
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, PolicyRequestSchema, t);
  if (!parsed.ok) return parsed.response;
  try {
    await requestPolicy(su.actor, { productId: parsed.value.productId, subject: parsed.value.subject, coverFen: parsed.value.cover });
    return { done: t("insurance.done.requested"), fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function MyInsurance() {
  const t = useT();
  const locale = useLocale();
  const { policies, loans, deals, products } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const e = result && "fieldErrors" in result ? result.fieldErrors : {};
  const subjects = [
    ...loans.map((l) => ({ value: `loan:${l.id}`, label: t("insurance.subject.loan", { amount: formatFen(l.principalFen, locale), bank: l.bankName }) })),
    ...deals.map((d) => ({ value: `deal:${d.id}`, label: t("insurance.subject.deal", { title: d.title }) })),
  ];
  return (
    <div className="container stack">
      <PageHeader title={t("insurance.title")} subtitle={t("insurance.intro")} />
      {result && "done" in result ? <Notice tone="ok">{result.done}</Notice> : null}
      {result && "formError" in result ? <FormError message={result.formError} /> : null}
      <Card title={t("insurance.myPolicies")}>
        {policies.length === 0 ? <EmptyState /> : (
          <Table caption={t("insurance.myPolicies")} head={[t("insurance.insurer"), t("insurance.product"), t("insurance.subject"), t("insurance.policyNumber"), t("insurance.cover"), t("insurance.premium"), t("insurance.period"), t("insurance.status")]}>
            {policies.map((p) => (
              <tr key={p.id}>
                <td>{p.insurerName}</td><td>{p.productName}</td>
                <td>{p.loanId ? t("insurance.subject.loan", { amount: formatFen(p.loanPrincipalFen, locale), bank: p.bankName ?? "" }) : t("insurance.subject.deal", { title: p.dealTitle ?? "" })}</td>
                <td className="mono">{p.policyNumber ?? "—"}</td><td className="num">{formatFen(p.coverFen ?? p.requestedCoverFen, locale)}</td><td className="num">{formatFen(p.premiumFen, locale)}</td>
                <td>{p.startsOn ? `${formatDate(p.startsOn, locale)} – ${formatDate(p.endsOn, locale)}` : "—"}</td>
                <td><MoneyStatus kind="policy" status={p.status} /></td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
      <Card title={t("insurance.requestTitle")}>
        {subjects.length === 0 || products.length === 0 ? <EmptyState>{t("insurance.nothingToCover")}</EmptyState> : (
          <Form method="post" className="form" noValidate>
            <SelectField label={t("insurance.subject")} name="subject" error={e.subject} options={subjects} />
            <SelectField label={t("insurance.product")} name="productId" error={e.productId}
              options={products.map((p) => ({ value: p.id, label: `${p.insurerName} · ${p.name} · ${t(`insurance.kind.${p.kind}`)} · ${bpText(p.premiumRateBp)}` }))} />
            <Field label={t("insurance.requestedCover")} name="cover" inputMode="decimal" error={e.cover} />
            <Button disabled={busy}>{t("insurance.request")}</Button>
          </Form>
        )}
      </Card>
    </div>
  );
}
