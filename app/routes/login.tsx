import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { Button, Card, Field, FormError } from "#app/components/ui";
import { LoginSchema } from "#app/domain/forms/identity";
import { useT } from "#app/i18n/react";
import { logIn } from "#app/services/accounts.server";
import { getSessionUser } from "#app/utils/auth.server";
import { parseForm, tooManyRequests, type FormErrors } from "#app/utils/forms.server";
import { clientIp } from "#app/utils/http.server";
import { getT } from "#app/utils/i18n.server";
import { safeRedirect } from "#app/utils/redirect";
import { createSession } from "#app/utils/session.server";
import { env } from "#app/utils/env.server";
import { readForm } from "#app/utils/body.server";
import { retryAfterHeaders } from "#app/utils/route-headers";

export const headers = retryAfterHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSessionUser(request)) throw redirect("/dashboard");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, LoginSchema, t);
  if (!parsed.ok) return parsed.response;
  const ip = clientIp(request);
  const result = await logIn(parsed.value.email, parsed.value.password, { ip });
  if (!result.ok) {
    if (result.reason === "throttled") return tooManyRequests(t, result.retryAfterSeconds, "errors.locked", { email: parsed.value.email });
    if (result.reason === "join-pending" || result.reason === "join-declined") {
      const message = t(result.reason === "join-pending" ? "login.joinPending" : "login.joinDeclined", { org: result.org });
      return data<FormErrors>({ formError: message, fieldErrors: {}, values: { email: parsed.value.email } }, { status: 403 });
    }
    return data<FormErrors>({ formError: t("errors.badCredentials"), fieldErrors: {}, values: { email: parsed.value.email } }, { status: 400 });
  }
  const cookie = await createSession(result.userId, { ip, userAgent: request.headers.get("user-agent") });
  return redirect(safeRedirect(parsed.value.redirectTo, "/dashboard"), { headers: { "Set-Cookie": cookie } });
}

export default function Login() {
  const t = useT();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const errors = result?.fieldErrors ?? {};
  return (
    <div className="container narrow">
      <Card>
        <h1>{t("login.title")}</h1>
        <FormError message={result?.formError} />
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
          <Field label={t("login.email")} name="email" type="email" autoComplete="username" required defaultValue={String(result?.values?.email ?? "")} error={errors.email} />
          <Field label={t("login.password")} name="password" type="password" autoComplete="current-password" required error={errors.password} />
          <Button disabled={busy}>{t("login.submit")}</Button>
        </Form>
        <p className="muted"><Link to="/forgot-password">{t("mail.forgot.link")}</Link></p>
        <p className="muted">
          {t("login.noAccount")} <Link to="/signup">{t("nav.signup")}</Link>
        </p>
      </Card>
    </div>
  );
}
