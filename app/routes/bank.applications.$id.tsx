import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { FinStatus, MatchExplanation, PrecheckAgreements, rateText, ScheduleTable, Since, Thread } from "#app/components/financing";
import { ReceivablesTable } from "#app/components/public-money";
import { Button, Card, DefinitionList, Field, FormError, Notice, PageHeader, SelectField, Table, TextareaField } from "#app/components/ui";
import {
  AgreementSchema, DefaultSchema, DisbursementSchema, MessageSchema, OfferSchema, RegistrationSchema, RejectSchema, RepaymentSchema,
} from "#app/domain/forms/financing";
import { DAY_COUNTS } from "#app/domain/financing/schedule";
import { RegistryRecordSchema } from "#app/domain/forms/public-money";
import { recordRegistryRegistration } from "#app/services/receivable-pledges.server";
import { fenToYuanInput } from "#app/domain/money";
import { shanghaiDate } from "#app/domain/dates";
import { formatDate, formatFen, formatYuan, useLocale, useT } from "#app/i18n/react";
import { makeOffer, offerContext, rejectApplication, requestInfo, startReview } from "#app/services/bank-review.server";
import { listRiskSchemes } from "#app/services/bank-products.server";
import { closeDisposal, declareDefault, disburseLoan, getLoan, recordRepayment } from "#app/services/loans.server";
import { ApplicationClosedError, getApplicationView } from "#app/services/pledge-applications.server";
import { recordRegistration, startRegistration } from "#app/services/pledge-registration.server";
import { agreeToPrecheckGround } from "#app/services/precheck-agreements.server";
import { requireBusinessUser } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { ServiceError } from "#app/utils/http.server";
import { getT } from "#app/utils/i18n.server";
import { translateStored } from "#app/i18n/index";
import { readForm } from "#app/utils/body.server";
import { schemeLabel } from "#app/i18n/labels";

const IntentSchema = z.discriminatedUnion("intent", [
  MessageSchema.extend({ intent: z.literal("requestInfo") }),
  OfferSchema.extend({ intent: z.literal("offer") }),
  RejectSchema.extend({ intent: z.literal("reject") }),
  z.object({ intent: z.literal("startRegistration") }),
  z.object({ intent: z.literal("startReview") }),
  RegistrationSchema.extend({ intent: z.literal("register") }),
  DisbursementSchema.extend({ intent: z.literal("disburse") }),
  RepaymentSchema.extend({ intent: z.literal("repay") }),
  DefaultSchema.extend({ intent: z.literal("default") }),
  z.object({ intent: z.literal("closeDisposal") }),
  AgreementSchema,
  RegistryRecordSchema.extend({ intent: z.literal("registry") }),
]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "bank");
  try {
    const view = await getApplicationView(su.actor, params.id ?? "");
    const ctx = await offerContext(su.actor, params.id ?? "");
    const loan = view.loan ? await getLoan(su.actor, view.loan.id) : null;
    return { view, ctx, loan, orgId: su.org.id, today: shanghaiDate(), schemes: await listRiskSchemes() };
  } catch (e) {
    if (e instanceof ApplicationClosedError) return { closed: true as const };
    if (e instanceof ServiceError && e.status === 404) throw new Response("Not Found", { status: 404 });
    throw e;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const su = await requireBusinessUser(request, "bank");
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, IntentSchema, t);
  if (!parsed.ok) return parsed.response;
  const d = parsed.value;
  const id = params.id ?? "";
  try {
    const loanId = async () => {
      const v = await getApplicationView(su.actor, id);
      if (!v.loan) throw new ServiceError(409, "errors.conflict");
      return v.loan.id;
    };
    switch (d.intent) {
      case "startReview": await startReview(su.actor, id); break;
      case "requestInfo": await requestInfo(su.actor, id, d.body); break;
      case "offer": await makeOffer(su.actor, id, d); break;
      case "reject": await rejectApplication(su.actor, id, d.reason); break;
      case "startRegistration": await startRegistration(su.actor, id); break;
      case "register": await recordRegistration(su.actor, id, d); break;
      case "disburse": await disburseLoan(su.actor, await loanId(), { amountFen: d.amount, disbursedOn: d.disbursedOn, reference: d.reference }); break;
      case "repay": await recordRepayment(su.actor, await loanId(), { amountFen: d.amount, paidOn: d.paidOn, reference: d.reference }, "ui"); break;
      case "default": await declareDefault(su.actor, await loanId(), { recoveredFen: d.recovered }); break;
      case "closeDisposal": await closeDisposal(su.actor, await loanId()); break;
      case "agree": await agreeToPrecheckGround(su.actor, id, { assetId: d.assetId, rule: d.rule }); break;
      case "registry": await recordRegistryRegistration(su.actor, id, d); break;
    }
    return { done: t(d.intent === "registry" ? "royalty.done.registry" : `financing.done.${d.intent}`), fieldErrors: {} as Record<string, string[]>, intent: d.intent };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function BankApplication() {
  const t = useT();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  if ("closed" in data) return <ClosedApplication />;
  const { view, ctx, loan, orgId, today, schemes } = data;
  const app = view.application;
  const review = view.reviews[0]!;
  const match = view.matches.find((m) => m.productId === review.productId);
  const e = result && "fieldErrors" in result ? result.fieldErrors : {};
  const failedIntent = result && "values" in result ? String(result.values?.intent ?? "") : "";
  const err = (intent: string, field: string) => (failedIntent === intent ? e[field] : undefined);
  const open = ["new", "under_review", "info_requested"].includes(review.status);
  const accepted = review.status === "accepted";
  const v = view.valuation;
  return (
    <div className="container stack">
      <PageHeader title={view.enterprise?.name ?? ""} subtitle={<><FinStatus status={review.status} /> · {t("financing.queue.waiting")}: <Since at={app.submittedAt} /></>}
        actions={<Link to="/bank/applications">{t("action.back")}</Link>} />
      {result && "done" in result ? <Notice tone="ok">{result.done}</Notice> : null}
      {result && "formError" in result ? <FormError message={result.formError} /> : null}

      <div className="grid grid-2">
        <Card title={t("financing.application.facts")}>
          <DefinitionList items={[
            [t("financing.field.amount"), formatFen(app.amountFen, locale)],
            [t("financing.field.term"), t("financing.months", { n: app.termMonths })],
            [t("financing.field.purpose"), app.purpose],
            [t("account.uscc"), <span key="u" className="mono">{view.enterprise?.uscc}</span>],
            [t("account.park"), (locale === "en" ? view.enterprise?.parkEn : view.enterprise?.parkZh) ?? "—"],
            [t("signup.industry"), view.enterprise?.industry ? t(`industry.${view.enterprise.industry}`) : "—"],
          ]} />
          <Table caption={t("financing.field.assets")} head={[t("financing.asset.number"), t("financing.asset.kind"), t("financing.asset.title"), t("financing.asset.expiry")]}>
            {view.assets.map((a) => (
              <tr key={a.id}><td className="mono">{a.number}</td><td>{t(`financing.kind.${a.kind}`)}</td><td>{locale === "en" && a.titleEn ? a.titleEn : a.title}</td><td>{formatDate(a.expiryDate, locale)}</td></tr>
            ))}
          </Table>
        </Card>
        <Card title={t("financing.valuation.title")}>
          {v ? (
            <div data-testid="valuation-summary">
              <DefinitionList items={[
                [t("financing.valuation.low"), formatYuan(v.lowFen, locale)],
                [t("financing.valuation.base"), formatYuan(v.baseFen, locale)],
                [t("financing.valuation.high"), formatYuan(v.highFen, locale)],
                [t("financing.valuation.validUntil"), formatDate(v.validUntil, locale)],
                [t("financing.valuation.cap"), formatFen(ctx.capFen, locale)],
              ]} />
              <p className="row"><a href={`/valuations/${v.id}/report`} download>{t("financing.valuation.report")}</a> <Link to={`/valuations/${v.id}`}>{t("financing.valuation.open")}</Link></p>
            </div>
          ) : "—"}
          {match ? (
            <>
              <h3>{t("financing.matches.score", { score: match.score })}</h3>
              <MatchExplanation reasons={match.reasons as never} eligible={match.eligible} />
            </>
          ) : null}
        </Card>
      </div>

      {view.precheck ? (
        <PrecheckAgreements report={view.precheck.results as never} agreements={view.agreements} viewerOrgId={orgId} busy={busy}
          titles={Object.fromEntries(view.assets.map((a) => [a.id, locale === "en" && a.titleEn ? a.titleEn : a.title]))} />
      ) : null}

      <Card title={t("financing.review.thread")}>
        {review.status === "new" ? (
          <Form method="post"><Button name="intent" value="startReview" disabled={busy}>{t("financing.bank.startReview")}</Button></Form>
        ) : null}
        <Thread messages={review.messages} ownOrgId={orgId} applicationId={app.id} />
        {open ? (
          <Form method="post" className="form">
            <TextareaField label={t("financing.review.requestInfo")} name="body" rows={3} error={err("requestInfo", "body")} />
            <Button name="intent" value="requestInfo" variant="secondary" disabled={busy}>{t("financing.review.sendRequest")}</Button>
          </Form>
        ) : null}
      </Card>

      {open ? (
        <div className="grid grid-2">
          <Card title={t("financing.review.approve")}>
            <Form method="post" className="form" noValidate>
              <Field label={t("financing.offer.amountYuan")} name="amount" inputMode="decimal" defaultValue={fenToYuanInput(ctx.capFen)} error={err("offer", "amount")}
                hint={t("financing.offer.capHint", { cap: formatFen(ctx.capFen, locale) })} />
              <div className="form-row">
                <Field label={t("financing.field.termMonths")} name="termMonths" type="number" defaultValue={String(app.termMonths)} error={err("offer", "termMonths")} />
                <Field label={t("financing.product.spread")} name="spreadBp" type="number" defaultValue={String(ctx.product?.spreadBp ?? 0)} error={err("offer", "spreadBp")}
                  hint={t("financing.offer.lprHint", { lpr: rateText(ctx.lprBp) })} />
              </div>
              <SelectField label={t("financing.offer.method")} name="repaymentMethod" error={err("offer", "repaymentMethod")}
                options={(ctx.product?.repaymentMethods ?? []).map((m) => ({ value: m, label: t(`financing.method.${m}`) }))} />
              <SelectField label={t("financing.offer.dayCount")} name="dayCount" error={err("offer", "dayCount")}
                options={DAY_COUNTS.map((d) => ({ value: d, label: t(`financing.dayCount.${d}`) }))} />
              <SelectField label={t("financing.offer.scheme")} name="riskSchemeCode" optional error={err("offer", "riskSchemeCode")}
                options={[{ value: "", label: "—" }, ...(ctx.product?.riskSchemes ?? []).map((s) => ({ value: s, label: schemeLabel(schemes, s, locale) }))]} />
              <TextareaField label={t("financing.offer.conditions")} name="conditions" optional rows={2} error={err("offer", "conditions")} />
              <Button name="intent" value="offer" disabled={busy}>{t("financing.review.approveButton")}</Button>
            </Form>
          </Card>
          <Card title={t("financing.review.reject")}>
            <Form method="post" className="form" noValidate>
              <TextareaField label={t("financing.review.reason")} name="reason" rows={3} error={err("reject", "reason")} />
              <Button name="intent" value="reject" variant="danger" disabled={busy}>{t("financing.review.rejectButton")}</Button>
            </Form>
          </Card>
        </div>
      ) : null}

      {review.offer ? (
        <Card title={t("financing.offer.title")}>
          <DefinitionList items={[
            [t("financing.offer.amount"), formatFen(review.offer.amountFen, locale)],
            [t("financing.offer.rate"), rateText(review.offer.rateBp)],
            [t("financing.field.term"), t("financing.months", { n: review.offer.termMonths })],
            [t("financing.offer.method"), t(`financing.method.${review.offer.repaymentMethod}`)],
            [t("financing.offer.dayCount"), t(`financing.dayCount.${review.offer.dayCount}`)],
          ]} />
        </Card>
      ) : null}

      {view.receivables.length ? (
        <Card title={t("royalty.inApplication")} actions={accepted ? <a href={`/bank/applications/${app.id}/registry`} download>{t("royalty.registryFiling")}</a> : undefined}>
          <ReceivablesTable rows={view.receivables} />
          {accepted && view.assets.length > 0 && view.receivables.some((r) => r.pledgeStatus === "pending") ? (
            <Form method="post" className="form" noValidate>
              <div className="form-row">
                <Field label={t("royalty.registryNumber")} name="registryNumber" error={err("registry", "registryNumber")} />
                <Field label={t("royalty.registeredOn")} name="registeredOn" type="date" defaultValue={today} error={err("registry", "registeredOn")} />
              </div>
              <Button name="intent" value="registry" variant="secondary" disabled={busy}>{t("royalty.recordRegistry")}</Button>
            </Form>
          ) : null}
          {view.assets.length === 0 ? <p className="muted small">{t("royalty.receivablesOnlyHint")}</p> : null}
        </Card>
      ) : null}

      {accepted ? (
        <Card title={t("financing.registration.title")}>
          <p><a href={`/registration/${app.id}`} data-testid="registration-pack-link">{t("registration.link")}</a></p>
          {app.status === "accepted" ? (
            <Form method="post"><p className="muted">{t("financing.registration.startHint")}</p><Button name="intent" value="startRegistration" disabled={busy}>{t("financing.registration.start")}</Button></Form>
          ) : null}
          {app.status === "registering" ? (
            <Form method="post" className="form" noValidate>
              <div className="form-row">
                <Field label={t("financing.registration.number")} name="cnipaNumber" error={err("register", "cnipaNumber")} />
                <Field label={t("financing.registration.date")} name="registeredOn" type="date" defaultValue={today} error={err("register", "registeredOn")} />
              </div>
              <Button name="intent" value="register" disabled={busy}>{t("financing.registration.record")}</Button>
            </Form>
          ) : null}
          {view.registration?.cnipaNumber ? (
            <DefinitionList items={[
              [t("financing.field.status"), <FinStatus key="s" status={view.registration.status} />],
              [t("financing.registration.number"), view.registration.cnipaNumber],
              [t("financing.registration.date"), formatDate(view.registration.registeredOn, locale)],
              [t("financing.registration.released"), formatDate(view.registration.releasedOn, locale)],
            ]} />
          ) : null}
        </Card>
      ) : null}

      {loan ? (
        <Card title={t("financing.loan.title")} actions={<span className="row"><Link to={`/bank/loans/${loan.loan.id}`}>{t("fund.bank.openLoan")}</Link><FinStatus status={loan.loan.status} /></span>}>
          <div data-testid="loan">
            <DefinitionList items={[
              [t("financing.loan.principal"), formatFen(loan.loan.principalFen, locale)],
              [t("financing.offer.rate"), rateText(loan.loan.rateBp)],
              [t("financing.loan.disbursedOn"), formatDate(loan.loan.disbursedOn, locale)],
              [t("financing.loan.maturity"), formatDate(loan.loan.maturityDate, locale)],
              [t("financing.loan.outstanding"), <span key="o" data-testid="outstanding">{formatFen(loan.outstandingFen, locale)}</span>],
            ]} />
            {loan.loan.status === "pending" ? (
              <Form method="post" className="form" noValidate>
                <div className="form-row">
                  <Field label={t("financing.loan.disburseAmount")} name="amount" inputMode="decimal" optional defaultValue={fenToYuanInput(loan.loan.principalFen)} error={err("disburse", "amount")} />
                  <Field label={t("financing.loan.disbursedOn")} name="disbursedOn" type="date" defaultValue={today} error={err("disburse", "disbursedOn")} />
                  <Field label={t("financing.loan.reference")} name="reference" optional error={err("disburse", "reference")} />
                </div>
                <Button name="intent" value="disburse" disabled={busy}>{t("financing.loan.disburse")}</Button>
              </Form>
            ) : null}
            {loan.schedule.length ? <ScheduleTable rows={loan.schedule} /> : null}
            {loan.loan.status === "active" || loan.loan.status === "overdue" ? (
              <div className="grid grid-2">
                <Form method="post" className="form" noValidate>
                  <h3>{t("financing.loan.recordRepayment")}</h3>
                  <Field label={t("financing.loan.amountYuan")} name="amount" inputMode="decimal" defaultValue={fenToYuanInput(loan.outstandingFen)} error={err("repay", "amount")} />
                  <div className="form-row">
                    <Field label={t("financing.loan.paidOn")} name="paidOn" type="date" defaultValue={today} error={err("repay", "paidOn")} />
                    <Field label={t("financing.loan.reference")} name="reference" optional error={err("repay", "reference")} />
                  </div>
                  <Button name="intent" value="repay" disabled={busy}>{t("financing.loan.repay")}</Button>
                </Form>
                <Form method="post" className="form" noValidate>
                  <h3>{t("financing.loan.declareDefault")}</h3>
                  <Field label={t("financing.loan.recovered")} name="recovered" inputMode="decimal" optional error={err("default", "recovered")} />
                  <Button name="intent" value="default" variant="danger" disabled={busy}>{t("financing.loan.defaultButton")}</Button>
                </Form>
              </div>
            ) : null}
            {loan.lossSplit ? (
              <Table caption={t("financing.loan.lossSplit")} head={[t("financing.loan.party"), t("financing.loan.amount")]}>
                {(loan.lossSplit.parts as unknown as Array<{ party: string; amountFen: string }>).map((p) => (
                  <tr key={p.party}><td>{translateStored(t, `financing.party.${p.party}`)}</td><td className="num">{formatFen(p.amountFen, locale)}</td></tr>
                ))}
              </Table>
            ) : null}
            {app.status === "in_disposal" ? (
              <Form method="post"><p className="muted">{t("financing.disposal.hint")}</p><Button name="intent" value="closeDisposal" variant="secondary" disabled={busy}>{t("financing.disposal.close")}</Button></Form>
            ) : null}
          </div>
        </Card>
      ) : null}
    </div>
  );
}

function ClosedApplication() {
  const t = useT();
  return (
    <div className="container stack">
      <PageHeader title={t("financing.closed.title")} subtitle={<FinStatus status="closed" />} actions={<Link to="/bank/applications">{t("action.back")}</Link>} />
      <Card><p data-testid="closed-application">{t("financing.closed.body")}</p></Card>
    </div>
  );
}
