import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, Card, FormError, Notice } from "#app/components/ui";
import { VerifyEmailSchema } from "#app/domain/forms/mail";
import { useT } from "#app/i18n/react";
import { verifyEmail } from "#app/services/account-email.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { clientIp } from "#app/utils/http.server";
import { getT } from "#app/utils/i18n.server";
import { readForm } from "#app/utils/body.server";

/**
 * The link of the verification e-mail. Opening it shows a button; the token is used by the POST,
 * so a mail scanner that fetches links does not use it up.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  return { token: new URL(request.url).searchParams.get("token") ?? "" };
}

export async function action({ request }: ActionFunctionArgs) {
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, VerifyEmailSchema, t);
  if (!parsed.ok) return data({ formError: t("mail.token.invalid"), fieldErrors: {} }, { status: 400 });
  try {
    await verifyEmail(parsed.value.token, clientIp(request));
    return { done: true };
  } catch (e) {
    return serviceErrorResponse(e, t);
  }
}

export default function VerifyEmail() {
  const t = useT();
  const { token } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="container narrow">
      <Card>
        <h1>{t("mail.verify.title")}</h1>
        {result && "done" in result ? <Notice tone="ok">{t("mail.verify.done")} <Link to="/login">{t("nav.login")}</Link></Notice> : (
          <>
            {result && "formError" in result ? <FormError message={result.formError} /> : null}
            <Form method="post">
              <input type="hidden" name="token" value={token} />
              <Button disabled={busy}>{t("mail.verify.confirm")}</Button>
            </Form>
          </>
        )}
      </Card>
    </div>
  );
}
