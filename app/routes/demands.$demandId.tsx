import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { demandBudget, DemandStatusBadge, demandTitle, MatchReasons } from "#app/components/demands";
import { Button, ButtonLink, Card, DefinitionList, EmptyState, Field, FormError, Notice, PageHeader, SelectField, Table, TextareaField } from "#app/components/ui";
import { DemandPageIntentSchema, type DemandPageIntent } from "#app/domain/forms/demands";
import { EDITABLE_DEMAND_STATUSES } from "#app/domain/market/demand";
import type { MessageKey } from "#app/i18n/index";
import { formatDate, useLocale, useT } from "#app/i18n/react";
import { answerDemand, chooseSolver, runAsChallenge } from "#app/services/demand-answers.server";
import { getDemandPage } from "#app/services/demand-views.server";
import { markProposal, moveDemand } from "#app/services/demands.server";
import type { UserActor } from "#app/domain/policy/index";
import { requireUser } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { orThrowResponse } from "#app/utils/service-errors.server";
import { readForm } from "#app/utils/body.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.demand.title ?? "" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireUser(request);
  return orThrowResponse(getDemandPage(su.actor, params.demandId ?? ""));
}

/** One service per form: each checks the demand's policy itself (403 / 404). */
async function run(actor: UserActor, id: string, v: DemandPageIntent): Promise<MessageKey> {
  switch (v.intent) {
    case "publish": await moveDemand(actor, id, "publish"); return "demand.done.published";
    case "close": await moveDemand(actor, id, "close"); return "demand.done.closed";
    case "feedback": await markProposal(actor, id, v.proposalId, v.feedback); return "demand.done.marked";
    case "answer": await answerDemand(actor, id, v); return "demand.done.answered";
    case "challenge": await runAsChallenge(actor, id, v); return "demand.done.challenge";
    case "solver": await chooseSolver(actor, id, v.answerId); return "demand.done.solver";
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const su = await requireUser(request);
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, DemandPageIntentSchema, t);
  if (!parsed.ok) return parsed.response;
  try {
    return { done: t(await run(su.actor, params.demandId ?? "", parsed.value)), intent: parsed.value.intent, fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function DemandPage() {
  const t = useT();
  const locale = useLocale();
  const { demand: d, full, proposals, answers, myListings, can, campaigns } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const e = result?.fieldErrors ?? {};
  const posted = (k: string) => (result && "values" in result ? String(result.values?.[k] ?? "") : "");
  const solver = answers.find((a) => a.id === d.solverAnswerId);
  const sep = locale === "en" ? ", " : "、";
  return (
    <div className="container stack">
      <PageHeader title={demandTitle(locale, d)} subtitle={`${d.org} · ${t(`industry.${d.industry}`)}`} actions={<>
        <DemandStatusBadge status={d.status} />
        {can.manage && EDITABLE_DEMAND_STATUSES.includes(d.status) ? <ButtonLink to={`/demands/${d.id}/edit`} variant="secondary">{t("demand.action.edit")}</ButtonLink> : null}
        {can.manage && d.status === "draft" ? <Form method="post"><Button name="intent" value="publish" disabled={busy}>{t("demand.action.publish")}</Button></Form> : null}
        {can.manage && EDITABLE_DEMAND_STATUSES.includes(d.status) ? <Form method="post"><Button name="intent" value="close" variant="danger" disabled={busy}>{t("demand.action.close")}</Button></Form> : null}
      </>} />
      {result && "done" in result ? <Notice tone="ok">{result.done}</Notice> : null}
      <FormError message={result && "formError" in result ? result.formError : null} />
      {d.status === "draft" ? <Notice tone="info">{t("demand.draftNotice")}</Notice> : null}
      {d.status === "open" && !d.matchedAt && can.manage ? <Notice tone="info">{t("demand.matchingNotice")}</Notice> : null}
      {d.campaign ? <Notice tone="info">{t("demand.challenge.running", { campaign: d.campaign, date: d.challengeDeadline ?? "" })}</Notice> : null}
      {solver ? <Notice tone="ok">{t("demand.solver.chosen", { org: solver.org })}</Notice> : null}

      <Card>
        <p style={{ whiteSpace: "pre-wrap" }}>{locale === "en" && d.problemEn ? d.problemEn : d.problem}</p>
        <DefinitionList items={[
          [t("demand.field.keywords"), d.keywords.join(sep)],
          [t("demand.field.ipcClasses"), d.ipcClasses.length ? d.ipcClasses.join(sep) : "—"],
          [t("demand.field.budget"), demandBudget(d.budgetFen, locale, t("demand.budget.negotiable"))],
          [t("demand.field.deadline"), formatDate(d.deadline, locale)],
          [t("demand.field.visibility"), t(`demand.visibility.${d.visibility}`)],
          [t("demand.field.published"), formatDate(d.publishedAt, locale, true)],
        ]} />
      </Card>

      {d.status !== "draft" ? (
        <Card title={full ? t("demand.proposals.title") : t("demand.proposals.mine")}>
          {proposals.length === 0 ? <EmptyState>{t("demand.proposals.empty")}</EmptyState> : (
            <Table caption={full ? t("demand.proposals.title") : t("demand.proposals.mine")}
              head={[t("demand.proposal.asset"), t("demand.proposal.owner"), t("demand.proposal.score"), t("demand.proposal.reasons"), t("demand.proposal.feedback")]}>
              {proposals.map((p) => (
                <tr key={p.id} data-testid="proposal">
                  <td>
                    {p.listingId ? <Link to={`/market/${p.listingId}`}>{demandTitle(locale, p)}</Link> : demandTitle(locale, p)}
                    {p.assetId ? <div className="muted small">{t("demand.proposal.patent")}</div> : null}
                  </td>
                  <td>{p.owner}</td>
                  <td>{p.score}</td>
                  <td><MatchReasons reasons={p.reasons} /></td>
                  <td>
                    <div>{p.feedback ? t(`demand.feedback.${p.feedback}`) : t("demand.feedback.none")}</div>
                    {can.manage ? (
                      <Form method="post" className="row">
                        <input type="hidden" name="proposalId" value={p.id} />
                        <input type="hidden" name="intent" value="feedback" />
                        <Button name="feedback" value="useful" variant="secondary" disabled={busy || p.feedback === "useful"}>{t("demand.action.useful")}</Button>
                        <Button name="feedback" value="not_useful" variant="ghost" disabled={busy || p.feedback === "not_useful"}>{t("demand.action.notUseful")}</Button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </Table>
          )}
        </Card>
      ) : null}

      {d.status !== "draft" ? (
        <Card title={full ? t("demand.answers.title") : t("demand.answers.mine")}>
          {answers.length === 0 ? <EmptyState>{t("demand.answers.empty")}</EmptyState> : (
            <Table caption={t("demand.answers.title")} head={[t("demand.answer.org"), t("demand.answer.listing"), t("demand.answer.message"), t("demand.answer.time"), ""]}>
              {answers.map((a) => (
                <tr key={a.id}>
                  <td>{a.org}{a.id === d.solverAnswerId ? <span className="badge badge-ok">{t("demand.answer.solver")}</span> : null}</td>
                  <td>{a.listingId ? <Link to={`/market/${a.listingId}`}>{a.listingTitle}</Link> : "—"}</td>
                  <td style={{ whiteSpace: "pre-wrap" }}>{a.message || "—"}</td>
                  <td>{formatDate(a.createdAt, locale, true)}</td>
                  <td>
                    {can.chooseSolver ? (
                      <Form method="post">
                        <input type="hidden" name="answerId" value={a.id} />
                        <Button name="intent" value="solver" variant="secondary" disabled={busy}>{t("demand.solver.choose")}</Button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </Table>
          )}
        </Card>
      ) : null}

      {can.answer ? (
        <Card title={t("demand.answer.title")}>
          <Form method="post" className="form">
            <SelectField label={t("demand.answer.listing")} name="listingId" optional defaultValue={posted("listingId")} error={e.listingId}
              options={[{ value: "", label: t("demand.answer.noListing") }, ...myListings.map((l) => ({ value: l.id, label: l.title }))]} />
            <TextareaField label={t("demand.answer.message")} name="message" rows={3} maxLength={2000} defaultValue={posted("message")} error={e.message} />
            <div><Button name="intent" value="answer" disabled={busy}>{t("demand.answer.submit")}</Button></div>
          </Form>
        </Card>
      ) : null}

      {can.challenge && !d.campaign ? (
        <Card title={t("demand.challenge.title")}>
          {campaigns.length === 0 ? <EmptyState>{t("demand.challenge.noCampaigns")}</EmptyState> : (
            <Form method="post" className="form">
              <SelectField label={t("demand.challenge.campaign")} name="campaignId" defaultValue={posted("campaignId")} error={e.campaignId}
                options={campaigns.map((c) => ({ value: c.id, label: c.name }))} />
              <Field label={t("demand.challenge.deadline")} name="challengeDeadline" type="date" max={d.deadline} defaultValue={posted("challengeDeadline")} error={e.challengeDeadline} />
              <div><Button name="intent" value="challenge" disabled={busy}>{t("demand.challenge.submit")}</Button></div>
            </Form>
          )}
        </Card>
      ) : null}
    </div>
  );
}
