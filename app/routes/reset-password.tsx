import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, Card, Field, FormError, Notice } from "#app/components/ui";
import { ResetPasswordSchema } from "#app/domain/forms/mail";
import { useT } from "#app/i18n/react";
import { resetPassword } from "#app/services/account-email.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { clientIp } from "#app/utils/http.server";
import { getT } from "#app/utils/i18n.server";
import { readForm } from "#app/utils/body.server";

/** The link of the reset e-mail: a new password, once per link; every session of the account ends. */
export async function loader({ request }: LoaderFunctionArgs) {
  return { token: new URL(request.url).searchParams.get("token") ?? "" };
}

export async function action({ request }: ActionFunctionArgs) {
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, ResetPasswordSchema, t);
  if (!parsed.ok) return parsed.response;
  try {
    await resetPassword(parsed.value.token, parsed.value.password, clientIp(request));
    return { done: true as const, fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    return serviceErrorResponse(e, t);
  }
}

export default function ResetPassword() {
  const t = useT();
  const { token } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors = result && "fieldErrors" in result ? result.fieldErrors : {};
  return (
    <div className="container narrow">
      <Card>
        <h1>{t("mail.reset.title")}</h1>
        {result && "done" in result ? <Notice tone="ok">{t("mail.reset.done")} <Link to="/login">{t("nav.login")}</Link></Notice> : (
          <>
            <FormError message={result && "formError" in result ? result.formError : undefined} />
            <Form method="post" className="form" noValidate>
              <input type="hidden" name="token" value={token} />
              <Field label={t("mail.reset.password")} name="password" type="password" autoComplete="new-password" required error={errors.password} />
              <Field label={t("signup.passwordConfirm")} name="passwordConfirm" type="password" autoComplete="new-password" required error={errors.passwordConfirm} />
              <Button disabled={busy}>{t("mail.reset.submit")}</Button>
            </Form>
          </>
        )}
      </Card>
    </div>
  );
}
