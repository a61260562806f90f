import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, Card, EmptyState, Field, FormError, Notice, PageHeader } from "#app/components/ui";
import { PackCard } from "#app/components/registration-pack";
import { shanghaiDate } from "#app/domain/dates";
import { PackIntentSchema } from "#app/domain/forms/registration";
import type { MessageKey } from "#app/i18n/index";
import { useT } from "#app/i18n/react";
import { filePack, recordPack, requestCorrection } from "#app/services/registration-filing.server";
import { packPage } from "#app/services/registration-pack-views.server";
import { cancelPack, preparePack, signPack } from "#app/services/registration-packs.server";
import { requireUser } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { readForm } from "#app/utils/body.server";
import { orThrowResponse } from "#app/utils/service-errors.server";

export const meta: MetaFunction = () => [{ title: "质押登记材料" }];

/** The registration pack of one application: for its pledgor, its pledgee bank and platform admins. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireUser(request);
  return { page: await orThrowResponse(packPage(su.actor, params.applicationId ?? "")), today: shanghaiDate() };
}

const DONE: Record<string, MessageKey> = {
  prepare: "registration.prepared", sign: "registration.signed", cancel: "registration.withdrawn",
  file: "registration.filed", correct: "registration.corrected", record: "registration.recorded",
};

export async function action({ request, params }: ActionFunctionArgs) {
  const su = await requireUser(request);
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, PackIntentSchema, t);
  if (!parsed.ok) return parsed.response;
  const v = parsed.value;
  const id = params.applicationId ?? "";
  try {
    if (v.intent === "prepare") {
      await preparePack(su.actor, id, { kind: v.kind, address: v.address || null, agent: v.agent || null, declareValuation: v.declareValuation ?? false, change: v.change || null });
    } else {
      // Every other intent names a pack of this application: one of another application answers 404.
      const page = await packPage(su.actor, id);
      if (!page.packs.some((p) => p.id === v.packId)) throw new Response("Not Found", { status: 404 });
      if (v.intent === "sign") await signPack(su.actor, v.packId);
      if (v.intent === "cancel") await cancelPack(su.actor, v.packId);
      if (v.intent === "file") await filePack(su.actor, v.packId, { filedOn: v.filedOn });
      if (v.intent === "correct") await requestCorrection(su.actor, v.packId, { receivedOn: v.receivedOn, items: v.items });
      if (v.intent === "record") await recordPack(su.actor, v.packId, { cnipaNumber: v.cnipaNumber, noticeNumber: v.noticeNumber, registeredOn: v.registeredOn });
    }
    return { ok: t(DONE[v.intent]!), fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function RegistrationPack() {
  const t = useT();
  const { page, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors = result && "fieldErrors" in result ? result.fieldErrors : {};
  const kinds = (["registration", "change", "cancellation"] as const).filter((k) => page.prepare[k]);
  return (
    <div className="container medium stack">
      <PageHeader title={t("registration.title")} subtitle={`${page.pledgor.name} → ${page.pledgee.name}`} />
      <p className="muted">{t("registration.intro")}</p>
      {result && "ok" in result ? <Notice tone="ok"><span role="status">{result.ok}</span></Notice> : null}
      {result && "formError" in result && result.formError ? <FormError message={result.formError} /> : null}
      {Object.entries(errors).filter(([k]) => k !== "address").map(([k, msgs]) => <Notice key={k} tone="error">{msgs.join(" ")}</Notice>)}
      {kinds.map((kind) => (
        <Card key={kind} title={t("registration.prepare.title")}>
          <Form method="post" className="stack">
            <input type="hidden" name="kind" value={kind} />
            {page.party ? (
              <Field label={t("registration.prepare.address")} name="address"
                defaultValue={(page.party === "pledgor" ? page.pledgor.address : page.pledgee.address) ?? ""} error={errors.address} />
            ) : null}
            <Field label={t("registration.prepare.agent")} name="agent" optional />
            {kind === "change" ? <Field label={t("registration.prepare.change")} name="change" error={errors.change} /> : null}
            {page.application.hasValuation ? (
              <label className="check"><input type="checkbox" name="declareValuation" value="on" defaultChecked /> {t("registration.prepare.declareValuation")}</label>
            ) : null}
            <Button name="intent" value="prepare" disabled={busy}>{t("registration.prepare.submit", { kind: t(`registration.kind.${kind}`) })}</Button>
          </Form>
        </Card>
      ))}
      {page.packs.length === 0 ? <EmptyState>{t("registration.none")}</EmptyState> : null}
      {page.packs.map((p) => <PackCard key={p.id} pack={p} applicationId={page.application.id} today={today} busy={busy} errors={errors} />)}
    </div>
  );
}
