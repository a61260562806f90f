import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { translateStored } from "#app/i18n/index";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { InstalmentTable, MoneyStatus } from "#app/components/public-money";
import { Button, Card, DefinitionList, Field, FormError, Notice, PageHeader, Table } from "#app/components/ui";
import { ReceiptSchema } from "#app/domain/forms/public-money";
import { formatDate, formatFen, useLocale, useT } from "#app/i18n/react";
import { getReceivable, recordReceipt, startInstalmentCheckout } from "#app/services/royalty-receivables.server";
import { requireBusinessUser } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { orThrowResponse } from "#app/utils/service-errors.server";
import { readForm } from "#app/utils/body.server";

const IntentSchema = z.discriminatedUnion("intent", [ReceiptSchema.extend({ intent: z.literal("receipt") }), z.object({ intent: z.literal("pay") })]);

/** A royalty receivable: its schedule, what came in, its pledge; the licensor records transfers, the licensee pays online. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise", "university", "bank", "platform");
  return orThrowResponse(getReceivable(su.actor, params.id ?? ""));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise", "university");
  const { t, locale } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, IntentSchema, t);
  if (!parsed.ok) return parsed.response;
  const d = parsed.value;
  try {
    if (d.intent === "pay") {
      const { url } = await startInstalmentCheckout(su.actor, params.id ?? "", { origin: new URL(request.url).origin, locale });
      if (url) return redirect(url);
      return { done: t("royalty.done.pay"), fieldErrors: {} as Record<string, string[]> };
    }
    await recordReceipt(su.actor, params.id ?? "", { amountFen: d.amount, receivedOn: d.receivedOn, reference: d.reference });
    return { done: t("royalty.done.receipt"), fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function Receivable() {
  const t = useT();
  const locale = useLocale();
  const v = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const e = result && "fieldErrors" in result ? result.fieldErrors : {};
  const r = v.receivable;
  return (
    <div className="container stack">
      <PageHeader title={r.title} subtitle={<><MoneyStatus kind="receivable" status={r.status} /> · {r.licensor} → {r.licensee}</>} actions={<Link to="/royalties">{t("action.back")}</Link>} />
      {result && "done" in result ? <Notice tone="ok">{result.done}</Notice> : null}
      {result && "formError" in result ? <FormError message={result.formError} /> : null}
      <Card>
        <DefinitionList items={[
          [t("royalty.total"), formatFen(r.totalFen, locale)],
          [t("royalty.received"), formatFen(r.paidFen, locale)],
          [t("royalty.outstanding"), <span key="o" data-testid="outstanding">{formatFen(v.outstandingFen, locale)}</span>],
          [t("royalty.deal"), <Link key="d" to={`/deals/${r.dealId}`}>{t("royalty.openDeal")}</Link>],
        ]} />
        <InstalmentTable rows={v.instalments} asOf={v.asOf} />
      </Card>
      {v.pledges.length ? (
        <Card title={t("royalty.pledgeTitle")}>
          <Table caption={t("royalty.pledgeTitle")} head={[t("royalty.pledgee"), t("royalty.registryNumber"), t("royalty.registeredOn"), t("royalty.status")]}>
            {v.pledges.map((p) => <tr key={p.id}><td>{p.bankName}</td><td className="mono">{p.registryNumber ?? "—"}</td><td>{formatDate(p.registeredOn, locale)}</td><td><MoneyStatus kind="pledge" status={p.status} /></td></tr>)}
          </Table>
        </Card>
      ) : null}
      {v.receipts.length ? (
        <Card title={t("royalty.receipts")}>
          <Table caption={t("royalty.receipts")} head={[t("royalty.receivedOn"), t("royalty.amount"), t("royalty.channel"), t("royalty.reference")]}>
            {v.receipts.map((x) => <tr key={x.id}><td>{formatDate(x.receivedOn, locale)}</td><td className="num">{formatFen(x.amountFen, locale)}</td><td>{translateStored(t, `royalty.channel.${x.channel}`)}</td><td className="mono">{x.reference ?? "—"}</td></tr>)}
          </Table>
        </Card>
      ) : null}
      {v.isLicensor && r.status === "active" ? (
        <Card title={t("royalty.recordReceipt")}>
          <Form method="post" className="form" noValidate>
            <div className="form-row">
              <Field label={t("royalty.amountYuan")} name="amount" inputMode="decimal" error={e.amount} />
              <Field label={t("royalty.receivedOn")} name="receivedOn" type="date" defaultValue={v.asOf} error={e.receivedOn} />
              <Field label={t("royalty.reference")} name="reference" error={e.reference} />
            </div>
            <Button name="intent" value="receipt" disabled={busy}>{t("royalty.recordReceipt")}</Button>
          </Form>
        </Card>
      ) : null}
      {v.isLicensee && r.status === "active" ? (
        <Card title={t("royalty.payTitle")}>
          {v.online ? <Form method="post"><Button name="intent" value="pay" disabled={busy}>{t("royalty.payOnline")}</Button></Form> : <p className="muted">{t("royalty.payOffline")}</p>}
        </Card>
      ) : null}
    </div>
  );
}
