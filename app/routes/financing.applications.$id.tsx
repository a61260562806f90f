import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { usePollWhile } from "#app/utils/use-poll";
import { z } from "zod";
import { FinStatus, MatchExplanation, PrecheckAgreements, PrecheckReport, rateText, ScheduleTable, Thread } from "#app/components/financing";
import { ReceivablesTable } from "#app/components/public-money";
import { Button, Card, DefinitionList, EmptyState, Field, FormError, Notice, PageHeader, Table, TextareaField } from "#app/components/ui";
import { AgreementSchema, ApplicationEditSchema, MessageSchema } from "#app/domain/forms/financing";
import { EditApplicationForm, LoanCapCard } from "#app/components/application-edit";
import { editApplication, getApplicationPanel } from "#app/services/pledge-application-edit.server";
import { formatDate, formatFen, formatYuan, useLocale, useT } from "#app/i18n/react";
import { getLoan } from "#app/services/loans.server";
import { acceptOffer, answerInfoRequest, getApplicationView, listPledgeableAssets, submitApplication, withdrawApplication } from "#app/services/pledge-applications.server";
import { agreeToPrecheckGround } from "#app/services/precheck-agreements.server";
import { requireBusinessUser } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { ServiceError } from "#app/utils/http.server";
import { readUpload } from "#app/utils/body.server";
import { env } from "#app/utils/env.server";

const IntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("submit") }),
  z.object({ intent: z.literal("withdraw") }),
  z.object({ intent: z.literal("accept"), reviewId: z.uuid({ error: "errors.invalid" }) }),
  MessageSchema.extend({ intent: z.literal("answer"), reviewId: z.uuid({ error: "errors.invalid" }) }),
  AgreementSchema,
  ApplicationEditSchema.extend({ intent: z.literal("edit") }),
]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise");
  try {
    const view = await getApplicationView(su.actor, params.id ?? "");
    const loan = view.loan ? await getLoan(su.actor, view.loan.id) : null;
    const panel = await getApplicationPanel(su.actor, params.id ?? "");
    const assets = panel.mayEdit ? await listPledgeableAssets(su.actor) : [];
    return { view, loan, orgId: su.org.id, panel, assets, uploadMaxMb: Math.floor(env.UPLOAD_MAX_BYTES / 1048576) };
  } catch (e) {
    if (e instanceof ServiceError && e.status === 404) throw new Response("Not Found", { status: 404 });
    throw e;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const su = await requireBusinessUser(request, "enterprise");
  const { t, locale } = getT(request);
  // The answer form may carry an attachment: the upload limit, refused as the file field's message (413).
  const body = await readUpload(request, t, { maxBytes: env.UPLOAD_MAX_BYTES, messageKey: "market.errors.fileTooLarge" });
  if (!body.ok) return body.response;
  const form = body.form;
  const parsed = parseForm(form, IntentSchema, t);
  if (!parsed.ok) return parsed.response;
  const d = parsed.value;
  const id = params.id ?? "";
  try {
    if (d.intent === "submit") await submitApplication(su.actor, id, { locale });
    else if (d.intent === "withdraw") await withdrawApplication(su.actor, id);
    else if (d.intent === "accept") await acceptOffer(su.actor, id, d.reviewId);
    else if (d.intent === "agree") await agreeToPrecheckGround(su.actor, id, { assetId: d.assetId, rule: d.rule });
    else if (d.intent === "edit") await editApplication(su.actor, id, d, { locale });
    else {
      const file = form.get("file");
      await answerInfoRequest(su.actor, id, d.reviewId, d.body, file instanceof File && file.size > 0 ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } : null);
    }
    return { done: t(`financing.done.${d.intent}`), fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function ApplicationPage() {
  const t = useT();
  const locale = useLocale();
  const { view, loan, orgId, panel, assets, uploadMaxMb } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const app = view.application;
  const titles = Object.fromEntries(view.assets.map((a) => [a.id, locale === "en" && a.titleEn ? a.titleEn : a.title]));
  const eligible = view.matches.filter((m) => m.eligible);
  const ineligible = view.matches.filter((m) => !m.eligible);
  const e = result && "fieldErrors" in result ? result.fieldErrors : {};
  // Valuation and matching run in the background: their results appear without a reload.
  usePollWhile(["submitted", "valuating", "matching"].includes(app.status) || view.valuation?.status === "queued" || view.valuation?.status === "running");
  const capBeforeReview = panel.mayEdit && view.assets.length > 0;
  return (
    <div className="container stack">
      <PageHeader title={t("financing.application.title")} subtitle={<FinStatus status={app.status} />} actions={<Link to="/financing">{t("action.back")}</Link>} />
      {app.acceptedReviewId ? <p><Link to={`/registration/${app.id}`} data-testid="registration-pack-link">{t("registration.link")}</Link></p> : null}
      {result && "done" in result ? <Notice tone="ok">{result.done}</Notice> : null}
      {result && "formError" in result ? <FormError message={result.formError} /> : null}

      <Card title={t("financing.application.facts")}>
        <DefinitionList items={[
          [t("financing.field.amount"), formatFen(app.amountFen, locale)],
          [t("financing.field.term"), t("financing.months", { n: app.termMonths })],
          [t("financing.field.purpose"), app.purpose],
          [t("financing.field.assets"), view.assets.map((a) => `${a.number} ${titles[a.id]}`).join("；")],
          [t("financing.field.valuation"), view.valuation ? (
            view.valuation.status === "completed"
              ? <Link to={`/valuations/${view.valuation.id}`}>{`${formatYuan(view.valuation.lowFen, locale)} – ${formatYuan(view.valuation.highFen, locale)}`}</Link>
              : <Link to={`/valuations/${view.valuation.id}`}>{t(view.valuation.status === "needs_input" ? "financing.cap.needsInput" : "financing.application.valuating")}</Link>
          ) : "—"],
        ]} />
        <div className="row">
          {app.status === "draft" && (view.precheck?.ok || (view.assets.length === 0 && view.receivables.length > 0)) ? (
            <Form method="post"><Button name="intent" value="submit" disabled={busy}>{t("financing.application.submit")}</Button></Form>
          ) : null}
          {["draft", "submitted", "valuating", "matching", "matched", "under_review", "info_requested", "offered", "accepted"].includes(app.status) ? (
            <Form method="post"><Button name="intent" value="withdraw" variant="secondary" disabled={busy}>{t("financing.application.withdraw")}</Button></Form>
          ) : null}
        </div>
      </Card>

      {capBeforeReview ? <LoanCapCard preview={panel.preview} /> : null}

      {view.receivables.length ? <Card title={t("royalty.inApplication")}><ReceivablesTable rows={view.receivables} /></Card> : null}

      {view.precheck && view.assets.length ? (
        <Card title={t("financing.precheck.title")}>
          <p className="muted small">{t("financing.precheck.asOf", { date: view.precheck.asOf })}</p>
          <PrecheckReport report={view.precheck.results as never} titles={titles} />
          <PrecheckAgreements report={view.precheck.results as never} agreements={view.agreements} viewerOrgId={orgId} titles={titles} busy={busy} />
        </Card>
      ) : null}

      {panel.mayEdit ? <EditApplicationForm app={app} assets={assets} chosen={panel.assetIds} errors={e} busy={busy} /> : null}

      {view.matches.length ? (
        <Card title={t("financing.matches.title")}>
          {eligible.length === 0 ? <EmptyState>{t("financing.matches.none")}</EmptyState> : (
            <ol className="stack" data-testid="matches">
              {eligible.map((m) => (
                <li key={m.id} data-testid="match">
                  <strong>{m.bankName} · {m.productName}</strong> — {t("financing.matches.score", { score: m.score })} · {t("financing.matches.cap", { cap: formatFen(m.ltvCapFen, locale) })}
                  <MatchExplanation reasons={m.reasons as never} eligible />
                </li>
              ))}
            </ol>
          )}
          {ineligible.length ? (
            <details>
              <summary>{t("financing.matches.whyNot", { n: ineligible.length })}</summary>
              <ul className="stack">
                {ineligible.map((m) => (
                  <li key={m.id}><strong>{m.bankName} · {m.productName}</strong><MatchExplanation reasons={m.reasons as never} eligible={false} /></li>
                ))}
              </ul>
            </details>
          ) : null}
        </Card>
      ) : null}

      {view.reviews.map((r) => (
        <Card key={r.id} title={`${r.bankName} · ${r.productName}`} actions={<FinStatus status={r.status} />}>
          <div data-testid={`review-${r.status}`}>
            {r.status === "new" ? <p className="muted">{t("financing.review.waiting")}</p> : null}
            {r.rejectReason ? <Notice tone="warn">{t("financing.review.rejectedBecause", { reason: r.rejectReason })}</Notice> : null}
            <Thread messages={r.messages} ownOrgId={orgId} applicationId={app.id} />
            {r.status === "info_requested" ? (
              <Form method="post" className="form" encType="multipart/form-data">
                <input type="hidden" name="reviewId" value={r.id} />
                <TextareaField label={t("financing.review.answer")} name="body" rows={3} required error={e.body} />
                <Field label={t("financing.review.file")} name="file" type="file" optional accept="application/pdf,image/png,image/jpeg,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                  hint={t("financing.review.fileHint", { max: uploadMaxMb })} error={e.file} />
                <Button name="intent" value="answer" disabled={busy}>{t("financing.review.sendAnswer")}</Button>
              </Form>
            ) : null}
            {r.offer ? (
              <div className="stack" data-testid="offer">
                <DefinitionList items={[
                  [t("financing.offer.amount"), formatFen(r.offer.amountFen, locale)],
                  [t("financing.offer.rate"), `${rateText(r.offer.rateBp)} (LPR ${rateText(r.offer.lprBp)} + ${r.offer.spreadBp} bp)`],
                  [t("financing.field.term"), t("financing.months", { n: r.offer.termMonths })],
                  [t("financing.offer.method"), t(`financing.method.${r.offer.repaymentMethod}`)],
                  [t("financing.offer.dayCount"), t(`financing.dayCount.${r.offer.dayCount}`)],
                  [t("financing.offer.conditions"), r.offer.conditions ?? "—"],
                ]} />
                {app.status === "offered" && r.status === "offered" ? (
                  <Form method="post"><input type="hidden" name="reviewId" value={r.id} /><Button name="intent" value="accept" disabled={busy}>{t("financing.offer.accept")}</Button></Form>
                ) : null}
              </div>
            ) : null}
          </div>
        </Card>
      ))}

      {view.registration ? (
        <Card title={t("financing.registration.title")}>
          <DefinitionList items={[
            [t("financing.field.status"), <FinStatus key="s" status={view.registration.status} />],
            [t("financing.registration.number"), view.registration.cnipaNumber ?? "—"],
            [t("financing.registration.date"), formatDate(view.registration.registeredOn, locale)],
            [t("financing.registration.released"), formatDate(view.registration.releasedOn, locale)],
          ]} />
        </Card>
      ) : null}

      {loan ? (
        <Card title={t("financing.loan.title")} actions={<FinStatus status={loan.loan.status} />}>
          <DefinitionList items={[
            [t("financing.loan.principal"), formatFen(loan.loan.principalFen, locale)],
            [t("financing.offer.rate"), rateText(loan.loan.rateBp)],
            [t("financing.loan.disbursedOn"), formatDate(loan.loan.disbursedOn, locale)],
            [t("financing.loan.maturity"), formatDate(loan.loan.maturityDate, locale)],
            [t("financing.loan.outstanding"), formatFen(loan.outstandingFen, locale)],
          ]} />
          {loan.schedule.length ? <ScheduleTable rows={loan.schedule} /> : null}
          {loan.repayments.length ? (
            <Table caption={t("financing.loan.repayments")} head={[t("financing.loan.paidOn"), t("financing.loan.amount"), t("financing.loan.reference")]}>
              {loan.repayments.map((p) => (
                <tr key={p.id}><td>{formatDate(p.paidOn, locale)}</td><td className="num">{formatFen(p.amountFen, locale)}</td><td>{p.reference ?? "—"}</td></tr>
              ))}
            </Table>
          ) : null}
        </Card>
      ) : null}
    </div>
  );
}
