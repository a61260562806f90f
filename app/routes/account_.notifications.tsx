import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, Card, FormError, Notice, PageHeader, Table } from "#app/components/ui";
import { PreferencesSchema } from "#app/domain/forms/mail";
import { MAIL_CATEGORIES } from "#app/domain/mail";
import { formatDate, useLocale, useT } from "#app/i18n/react";
import { getMailSettings, requestVerification, setPreference } from "#app/services/account-email.server";
import { requireUser } from "#app/utils/auth.server";
import { parseForm } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { readForm } from "#app/utils/body.server";

/** The signed-in user's e-mail: verification status and, per kind of notification, in-app only / e-mail / daily digest. */
export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireUser(request);
  return getMailSettings(su.actor);
}

export async function action({ request }: ActionFunctionArgs) {
  const su = await requireUser(request);
  const { t } = getT(request);
  const parsed = parseForm(await readForm(request), PreferencesSchema, t);
  if (!parsed.ok) return parsed.response;
  const d = parsed.value;
  if (d.intent === "resend") return { done: "resent" as const, ...(await requestVerification(su.actor)) };
  for (const c of MAIL_CATEGORIES) await setPreference(su.actor, c, d[c]);
  return { done: "saved" as const };
}

const CHANNELS = ["in_app", "email", "digest"] as const;

export default function NotificationSettings() {
  const t = useT();
  const locale = useLocale();
  const { email, verifiedAt, preferences } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="container medium stack">
      <PageHeader title={t("mail.prefs.title")} subtitle={t("mail.prefs.intro")} />
      {result && "done" in result && result.done === "saved" ? <Notice tone="ok">{t("mail.prefs.saved")}</Notice> : null}
      {result && "done" in result && result.done === "resent" ? <Notice tone="ok">{t("mail.verify.sent")}</Notice> : null}
      {result && "formError" in result ? <FormError message={result.formError} unplaced={result.fieldErrors} /> : null}
      <Card>
        <p><strong className="mono">{email}</strong> {verifiedAt ? <span className="muted">· {t("mail.verify.verified")} {formatDate(verifiedAt, locale)}</span> : null}</p>
        {verifiedAt ? null : (
          <Form method="post" className="inline-form">
            <span>{t("mail.verify.banner")}</span>
            <Button name="intent" value="resend" variant="secondary" disabled={busy}>{t("mail.verify.resend")}</Button>
          </Form>
        )}
      </Card>
      <Card>
        <Form method="post">
          <Table caption={t("mail.prefs.title")} head={[t("mail.prefs.category"), ...CHANNELS.map((c) => t(`mail.prefs.${c}`))]}>
            {preferences.map((p) => (
              <tr key={p.category}>
                <th scope="row">{t(`mail.category.${p.category}`)}</th>
                {CHANNELS.map((c) => (
                  <td key={c}>
                    <input type="radio" name={p.category} value={c} defaultChecked={p.channel === c} aria-label={`${t(`mail.category.${p.category}`)}: ${t(`mail.prefs.${c}`)}`} />
                  </td>
                ))}
              </tr>
            ))}
          </Table>
          <Button name="intent" value="save" disabled={busy}>{t("mail.prefs.save")}</Button>
        </Form>
      </Card>
    </div>
  );
}
