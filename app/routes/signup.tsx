import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, Card, Field, FormError, Notice, SelectField } from "#app/components/ui";
import { SignupSchema } from "#app/domain/forms/identity";
import { INDUSTRIES } from "#app/domain/industries";
import { SIGNUP_ORG_KINDS } from "#app/domain/organization";
import { useLocale, useT } from "#app/i18n/react";
import { register } from "#app/services/accounts.server";
import { listParks } from "#app/services/parks.server";
import { getSessionUser } from "#app/utils/auth.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { clientIp } from "#app/utils/http.server";
import { getT } from "#app/utils/i18n.server";
import { consume } from "#app/utils/rate-limit.server";
import { readForm } from "#app/utils/body.server";
import { retryAfterHeaders } from "#app/utils/route-headers";

export const headers = retryAfterHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSessionUser(request)) throw redirect("/account");
  return { parks: await listParks() };
}

/**
 * The answer is "check your e-mail" whether the address is new or registered (its owner is told by
 * e-mail), so the form tells nobody which addresses have accounts; nobody is signed in here.
 */
export async function action({ request }: ActionFunctionArgs) {
  const { t, locale } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, SignupSchema, t);
  if (!parsed.ok) return parsed.response;
  const ip = clientIp(request);
  try {
    await consume("signupIp", ip ?? "unknown");
    await register(parsed.value, { ip, locale });
    return { sent: true as const, email: parsed.value.email, join: !!parsed.value.joinRequest };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function Signup() {
  const t = useT();
  const locale = useLocale();
  const { parks } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  if (data && "sent" in data) {
    return (
      <div className="container medium">
        <Card>
          <h1>{t("signup.sent.title")}</h1>
          <Notice tone="ok"><span data-testid="signup-sent">{t("signup.sent.body", { email: data.email })}</span></Notice>
          <p>{data.join ? t("signup.sent.join") : t("signup.sent.new")}</p>
          <p><Link to="/login">{t("nav.login")}</Link></p>
        </Card>
      </div>
    );
  }
  const result = data;
  const e = result?.fieldErrors ?? {};
  const v = (k: string) => String(result?.values?.[k] ?? "");
  // A registered USCC: the second step is asking that organisation's owners to let this account in.
  const offerJoin = !!e.uscc?.includes(t("signup.usccTakenJoin"));
  return (
    <div className="container medium">
      <Card>
        <h1>{t("signup.title")}</h1>
        <p className="muted">{t("signup.intro")}</p>
        <FormError message={result?.formError} />
        <Form method="post" className="form" noValidate>
          <div className="form-row">
            <SelectField label={t("signup.orgKind")} name="orgKind" defaultValue={v("orgKind") || "enterprise"} error={e.orgKind}
              options={SIGNUP_ORG_KINDS.map((k) => ({ value: k, label: t(`orgKind.${k}`) }))} />
            <Field label={t("signup.orgName")} name="orgName" required defaultValue={v("orgName")} error={e.orgName} autoComplete="organization" />
          </div>
          <Field label={t("signup.uscc")} name="uscc" required defaultValue={v("uscc")} error={e.uscc} hint={t("signup.usccHint")} maxLength={40} />
          {offerJoin || v("joinRequest") ? (
            <label className="row">
              <input type="checkbox" name="joinRequest" defaultChecked={!!v("joinRequest")} /> {t("signup.joinRequest")}
            </label>
          ) : null}
          <div className="form-row">
            <SelectField label={t("signup.park")} name="parkId" optional defaultValue={v("parkId")} error={e.parkId}
              options={[{ value: "", label: t("signup.parkNone") }, ...parks.map((p) => ({ value: p.id, label: locale === "en" ? p.nameEn : p.nameZh }))]} />
            <SelectField label={t("signup.industry")} name="industry" optional defaultValue={v("industry")} error={e.industry}
              options={[{ value: "", label: "—" }, ...INDUSTRIES.map((k) => ({ value: k, label: t(`industry.${k}`) }))]} />
          </div>
          <div className="form-row">
            <Field label={t("signup.name")} name="name" required defaultValue={v("name")} error={e.name} autoComplete="name" />
            <Field label={t("signup.email")} name="email" type="email" required defaultValue={v("email")} error={e.email} autoComplete="email" />
          </div>
          <div className="form-row">
            <Field label={t("signup.password")} name="password" type="password" required error={e.password} hint={t("signup.passwordHint")} autoComplete="new-password" />
            <Field label={t("signup.passwordConfirm")} name="passwordConfirm" type="password" required error={e.passwordConfirm} autoComplete="new-password" />
          </div>
          <Button disabled={busy}>{t("signup.submit")}</Button>
        </Form>
        <p className="muted">
          {t("signup.haveAccount")} <Link to="/login">{t("nav.login")}</Link>
        </p>
      </Card>
    </div>
  );
}
