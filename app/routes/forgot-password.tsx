import type { ActionFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { Button, Card, Field, FormError, Notice } from "#app/components/ui";
import { ForgotPasswordSchema } from "#app/domain/forms/mail";
import { useT } from "#app/i18n/react";
import { requestPasswordReset } from "#app/services/account-email.server";
import { parseForm, type FormErrors } from "#app/utils/forms.server";
import { clientIp } from "#app/utils/http.server";
import { getT } from "#app/utils/i18n.server";
import { readForm } from "#app/utils/body.server";

/** Asks for a reset link. The answer never tells whether the address is registered. */
export async function action({ request }: ActionFunctionArgs) {
  const { t } = getT(request);
  const parsed = parseForm(await readForm(request), ForgotPasswordSchema, t);
  if (!parsed.ok) return parsed.response;
  await requestPasswordReset(parsed.value.email, clientIp(request));
  return { sent: true, fieldErrors: {} } as FormErrors & { sent: true };
}

export default function ForgotPassword() {
  const t = useT();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="container narrow">
      <Card>
        <h1>{t("mail.forgot.title")}</h1>
        {result && "sent" in result ? <Notice tone="ok">{t("mail.forgot.sent")}</Notice> : (
          <>
            <p className="muted">{t("mail.forgot.intro")}</p>
            <FormError message={result?.formError} />
            <Form method="post" className="form" noValidate>
              <Field label={t("login.email")} name="email" type="email" autoComplete="username" required error={result?.fieldErrors.email} />
              <Button disabled={busy}>{t("mail.forgot.submit")}</Button>
            </Form>
          </>
        )}
      </Card>
    </div>
  );
}
