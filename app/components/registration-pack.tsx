import { Form } from "@remix-run/react";
import type { PackPage } from "#app/services/registration-pack-views.server";
import { formatDate, useLocale, useT } from "#app/i18n/react";
import { Button, Card, Field, TextareaField } from "./ui";

type Pack = PackPage["packs"][number];

/** One registration pack: its documents, signatures, CNIPA's clock and the actions the viewer may take. */
export function PackCard({ pack, applicationId, today, busy, errors }: { pack: Pack; applicationId: string; today: string; busy: boolean; errors: Record<string, string[]> }) {
  const t = useT();
  const locale = useLocale();
  const base = `/registration/${applicationId}/packs/${pack.id}`;
  const waiting = (["pledgor", "pledgee"] as const).filter((p) => !pack.signedNow.includes(p));
  const hidden = <input type="hidden" name="packId" value={pack.id} />;
  return (
    <Card title={`${t(`registration.kind.${pack.kind}`)} · ${t(`registration.registry.${pack.registry}`)} · ${t(`registration.status.${pack.status}`)}`}>
      <div className="stack" data-testid={`pack-${pack.kind}`} data-registry={pack.registry}>
        <p data-testid="pack-status">{t(`registration.status.${pack.status}`)} · {t("registration.revision", { revision: pack.revision })}</p>
        {pack.clock ? (
          <p data-testid="pack-clock">
            {t("registration.clock", { startedOn: pack.clock.startedOn, dueOn: pack.clock.dueOn })}{" "}
            {pack.clock.left >= 0 ? t("registration.clock.left", { days: pack.clock.left }) : t("registration.clock.overdue", { days: -pack.clock.left })}
            {pack.clock.provisional ? ` ${t("registration.clock.provisional")}` : ""}
          </p>
        ) : null}
        {pack.cnipaNumber ? <p data-testid="pack-recorded">{t("registration.recordedLine", { number: pack.cnipaNumber, notice: pack.noticeNumber ?? "—", date: pack.recordedOn ?? "" })}</p> : null}
        <h3>{t("registration.documents")}</h3>
        <ul>
          {pack.documents.map((d) => (
            <li key={d.id}><a href={`${base}/documents/${d.id}`} data-testid="pack-document">{d.title}</a> <span className="mono muted">{d.sha256.slice(0, 16)}…</span></li>
          ))}
        </ul>
        <p><a href={`${base}/archive`} data-testid="pack-download" download>{t("registration.download")}</a></p>
        {pack.signatures.length ? (
          <>
            <h3>{t("registration.signatures")}</h3>
            <ul data-testid="pack-signatures">
              {pack.signatures.map((s) => (
                <li key={`${s.revision}-${s.party}`}>
                  {t("registration.revision", { revision: s.revision })}:{" "}
                  {t("registration.signedBy", { party: t(`registration.party.${s.party}`), signer: s.signer, at: formatDate(s.signedAt, locale, true), ip: s.ip ?? "—", serial: s.certificateSerial.slice(0, 12) })}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {pack.corrections.length ? (
          <>
            <h3>{t("registration.corrections")}</h3>
            <ul>{pack.corrections.map((c) => (
              <li key={c.revision}>{t("registration.correction.line", { receivedOn: c.receivedOn, items: c.items })} {c.completedOn ? t("registration.correction.completed", { completedOn: c.completedOn }) : ""}</li>
            ))}</ul>
          </>
        ) : null}
        {["draft", "signed_one", "correction_requested", "resigned_one"].includes(pack.status)
          ? <p className="muted">{waiting.map((p) => t("registration.waitingFor", { party: t(`registration.party.${p}`) })).join("；")}</p> : null}
        {pack.actions.sign ? <Form method="post">{hidden}<Button name="intent" value="sign" disabled={busy}>{t("registration.sign")}</Button></Form> : null}
        {pack.actions.file ? (
          <Form method="post" className="inline-form">{hidden}
            <Field label={t("registration.filedOn")} name="filedOn" type="date" defaultValue={today} error={errors.filedOn} />
            <Button name="intent" value="file" disabled={busy}>{t("registration.file")}</Button>
          </Form>
        ) : null}
        {pack.actions.correct ? (
          <Form method="post" className="stack">{hidden}
            <h3>{t("registration.correction")}</h3>
            <Field label={t("registration.correction.receivedOn")} name="receivedOn" type="date" defaultValue={today} error={errors.receivedOn} />
            <TextareaField label={t("registration.correction.items")} name="items" error={errors.items} />
            <Button name="intent" value="correct" variant="secondary" disabled={busy}>{t("registration.correction.submit")}</Button>
          </Form>
        ) : null}
        {pack.actions.record ? (
          <Form method="post" className="stack">{hidden}
            <h3>{t("registration.record")}</h3>
            <Field label={t("registration.record.number")} name="cnipaNumber" error={errors.cnipaNumber} />
            <Field label={t("registration.record.notice")} name="noticeNumber" error={errors.noticeNumber} />
            <Field label={t("registration.record.date")} name="registeredOn" type="date" defaultValue={today} error={errors.registeredOn} />
            <Button name="intent" value="record" disabled={busy}>{t("registration.record.submit")}</Button>
          </Form>
        ) : null}
        {pack.actions.cancel ? <Form method="post">{hidden}<Button name="intent" value="cancel" variant="ghost" disabled={busy}>{t("registration.cancel")}</Button></Form> : null}
      </div>
    </Card>
  );
}
