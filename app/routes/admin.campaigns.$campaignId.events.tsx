import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AdminNav } from "#app/components/admin-nav";
import { CheckboxGroup } from "#app/components/campaign-form";
import { formatFenShort } from "#app/components/charts";
import { Button, ButtonLink, Card, EmptyState, Field, FormError, Notice, PageHeader, SelectField, StatusBadge, Table, TextareaField } from "#app/components/ui";
import { EventActionSchema } from "#app/domain/forms/campaigns";
import { isMessageKey } from "#app/i18n/index";
import { formatDate, useLocale, useT } from "#app/i18n/react";
import { createEvent, recordLetter, recordMeeting } from "#app/services/campaign-events.server";
import { enrolmentOptions } from "#app/services/campaign-whitelist.server";
import { getCampaignForAdmin } from "#app/services/campaign-views.server";
import { requireAdmin } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { ServiceError } from "#app/utils/http.server";
import { getT } from "#app/utils/i18n.server";
import { withListValues } from "#app/utils/list-values.server";
import { readForm } from "#app/utils/body.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireAdmin(request);
  try {
    const d = await getCampaignForAdmin(su.actor, params.campaignId ?? "");
    const all = await enrolmentOptions(su.actor, d.campaign.id);
    return {
      campaign: { id: d.campaign.id, name: d.campaign.name, status: d.campaign.status },
      banks: d.banks.map((b) => ({ id: b.bankOrgId, name: b.bankName })),
      enrolments: all,
      events: d.events, letters: d.letters,
    };
  } catch (e) {
    if (e instanceof ServiceError && e.status === 404) throw new Response("Not Found", { status: 404 });
    throw e;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const su = await requireAdmin(request);
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, EventActionSchema, t);
  if (!parsed.ok) return withListValues(parsed.response, form, ["bankOrgIds", "enrolmentIds"]);
  const d = parsed.value;
  const id = params.campaignId ?? "";
  try {
    if (d.intent === "create-event") {
      await createEvent(su.actor, id, d);
      return { done: t("campaign.done.eventCreated", { title: d.title }), fieldErrors: {} as Record<string, string[]>, intent: d.intent };
    }
    if (d.intent === "record-meeting") {
      await recordMeeting(su.actor, id, d);
      return { done: t("campaign.done.meetingRecorded"), fieldErrors: {} as Record<string, string[]>, intent: d.intent };
    }
    await recordLetter(su.actor, id, d);
    return { done: t("campaign.done.letterRecorded"), fieldErrors: {} as Record<string, string[]>, intent: d.intent };
  } catch (e) {
    return withListValues(serviceErrorResponse(e, t, form), form, ["bankOrgIds", "enrolmentIds"]);
  }
}

export default function CampaignEvents() {
  const t = useT();
  const locale = useLocale();
  const { campaign, banks, enrolments, events, letters } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const failed = result && "values" in result ? (result.values as Record<string, unknown>) : null;
  const intent = failed ? String(failed.intent ?? "") : "";
  const errs = (which: string) => (intent === which && result && "fieldErrors" in result ? result.fieldErrors : {}) as Record<string, string[]>;
  const val = (which: string, k: string) => (intent === which && failed ? String(failed[k] ?? "") : "");
  const statusLabel = (s: string | null) => {
    const key = `financing.status.${s}`;
    return s ? (isMessageKey(key) ? t(key) : s) : "—";
  };
  return (
    <div className="container stack">
      <PageHeader title={t("campaign.eventsTitle", { name: campaign.name })} actions={<ButtonLink variant="secondary" to={`/admin/campaigns/${campaign.id}`}>{t("campaign.backToCampaign")}</ButtonLink>} />
      <AdminNav />
      {result && "done" in result ? <Notice tone="ok">{result.done}</Notice> : null}
      {result && "formError" in result ? <FormError message={result.formError} /> : null}

      <Card title={t("campaign.newEvent")}>
        {banks.length === 0 ? <EmptyState>{t("campaign.noBanks")}</EmptyState> : (
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="create-event" />
            <div className="form-row">
              <Field label={t("campaign.field.eventTitle")} name="title" required defaultValue={val("create-event", "title")} error={errs("create-event").title} />
              <Field label={t("campaign.field.heldAt")} name="heldAt" type="datetime-local" required defaultValue={val("create-event", "heldAt")} error={errs("create-event").heldAt} />
              <Field label={t("campaign.field.place")} name="place" required defaultValue={val("create-event", "place")} error={errs("create-event").place} />
            </div>
            <CheckboxGroup legend={t("campaign.field.eventBanks")} name="bankOrgIds" options={banks.map((b) => ({ id: b.id, label: b.name }))}
              checked={intent === "create-event" ? ((failed?.bankOrgIds as string[]) ?? []) : banks.map((b) => b.id)} error={errs("create-event").bankOrgIds} />
            <CheckboxGroup legend={t("campaign.field.invitees")} name="enrolmentIds" options={enrolments.map((e) => ({ id: e.id, label: e.name }))}
              checked={intent === "create-event" ? ((failed?.enrolmentIds as string[]) ?? []) : []} error={errs("create-event").enrolmentIds} />
            <TextareaField label={t("campaign.field.notes")} name="notes" optional defaultValue={val("create-event", "notes")} error={errs("create-event").notes} />
            <div><Button disabled={busy}>{t("campaign.createEvent")}</Button></div>
          </Form>
        )}
      </Card>

      {events.map((ev) => (
        <Card key={ev.id} title={ev.title}>
          <p className="muted">{formatDate(ev.heldAt, locale, true)} · {ev.place}</p>
          <p className="small">{t("campaign.field.eventBanks")}: {ev.banks.map((b) => b.name).join(locale === "en" ? ", " : "、")}</p>
          <p className="small">{t("campaign.field.invitees")}: {ev.invitees.length ? ev.invitees.map((i) => i.name).join(locale === "en" ? ", " : "、") : "—"}</p>
          {ev.meetings.length ? (
            <Table caption={t("campaign.meetings")} head={[t("progress.bank"), t("campaign.field.enterpriseName"), t("campaign.field.notes")]}>
              {ev.meetings.map((m) => <tr key={m.id}><td>{m.bankName}</td><td>{m.enterpriseName}</td><td className="small">{m.notes ?? "—"}</td></tr>)}
            </Table>
          ) : null}
          <details style={{ marginTop: 8 }}>
            <summary>{t("campaign.recordMeeting")}</summary>
            <Form method="post" className="form-row" noValidate>
              <input type="hidden" name="intent" value="record-meeting" />
              <input type="hidden" name="eventId" value={ev.id} />
              <SelectField label={t("progress.bank")} name="bankOrgId" options={ev.banks.map((b) => ({ value: b.bankOrgId, label: b.name }))} />
              <SelectField label={t("campaign.field.enterpriseName")} name="enrolmentId" options={(ev.invitees.length ? ev.invitees.map((i) => ({ value: i.enrolmentId, label: i.name })) : enrolments.map((e) => ({ value: e.id, label: e.name })))} />
              <Field label={t("campaign.field.notes")} name="notes" optional />
              <div style={{ alignSelf: "end" }}><Button variant="secondary" disabled={busy}>{t("action.save")}</Button></div>
            </Form>
          </details>
        </Card>
      ))}

      <Card title={t("campaign.lettersTitle")}>
        {letters.length === 0 ? <EmptyState>{t("campaign.noLetters")}</EmptyState> : (
          <Table caption={t("campaign.lettersTitle")} head={[t("campaign.field.signedOn"), t("progress.bank"), t("campaign.field.enterpriseName"), t("campaign.field.intendedAmount"), t("campaign.followApplication"), t("campaign.followLoan")]}>
            {letters.map((l) => (
              <tr key={l.id} data-testid={`letter-${l.id}`}>
                <td>{l.signed_on}{l.event_title ? <div className="muted small">{l.event_title}</div> : null}</td>
                <td>{l.bank_name}</td>
                <td>{l.enterprise_name}</td>
                <td className="num">{formatFenShort(BigInt(l.intended_amount), locale)}</td>
                <td>{l.application_id ? <><StatusBadge status={l.application_status ?? ""} label={statusLabel(l.application_status)} /><div className="muted small">{formatFenShort(BigInt(l.application_amount ?? 0), locale)}</div></> : <span className="muted">{t("campaign.notYetApplied")}</span>}</td>
                <td>{l.loan_status ? <><StatusBadge status={l.loan_status} label={statusLabel(l.loan_status)} /><div className="muted small">{formatFenShort(BigInt(l.loan_principal ?? 0), locale)}{l.loan_bank_org_id !== l.bank_org_id ? ` · ${t("campaign.otherBank")}` : ""}</div></> : "—"}</td>
              </tr>
            ))}
          </Table>
        )}
        {banks.length && enrolments.length ? (
          <details style={{ marginTop: 12 }} open={intent === "record-letter"}>
            <summary>{t("campaign.recordLetter")}</summary>
            <Form method="post" className="form" noValidate>
              <input type="hidden" name="intent" value="record-letter" />
              <div className="form-row">
                <SelectField label={t("campaign.field.event")} name="eventId" optional defaultValue={val("record-letter", "eventId")} error={errs("record-letter").eventId}
                  options={[{ value: "", label: "—" }, ...events.map((e) => ({ value: e.id, label: e.title }))]} />
                <SelectField label={t("progress.bank")} name="bankOrgId" defaultValue={val("record-letter", "bankOrgId")} error={errs("record-letter").bankOrgId}
                  options={banks.map((b) => ({ value: b.id, label: b.name }))} />
                <SelectField label={t("campaign.field.enterpriseName")} name="enrolmentId" defaultValue={val("record-letter", "enrolmentId")} error={errs("record-letter").enrolmentId}
                  options={enrolments.map((e) => ({ value: e.id, label: e.name }))} />
              </div>
              <div className="form-row">
                <Field label={t("campaign.field.intendedAmountWan")} name="intendedAmount" inputMode="decimal" required defaultValue={val("record-letter", "intendedAmount")} error={errs("record-letter").intendedAmount} />
                <Field label={t("campaign.field.signedOn")} name="signedOn" type="date" required defaultValue={val("record-letter", "signedOn")} error={errs("record-letter").signedOn} />
                <Field label={t("campaign.field.notes")} name="notes" optional defaultValue={val("record-letter", "notes")} error={errs("record-letter").notes} />
              </div>
              <div><Button variant="secondary" disabled={busy}>{t("campaign.recordLetter")}</Button></div>
            </Form>
          </details>
        ) : null}
      </Card>
    </div>
  );
}
