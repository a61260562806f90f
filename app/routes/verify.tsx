import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, Card, FormError, Notice, PageHeader } from "#app/components/ui";
import { formatDate, useLocale, useT } from "#app/i18n/react";
import { verifyDocument, type Verification } from "#app/services/document-verification.server";
import { env } from "#app/utils/env.server";
import { getT } from "#app/utils/i18n.server";
import { readUpload } from "#app/utils/body.server";
import type { FormErrors } from "#app/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "文件验证 · Verify" }];

/** Public: anyone holding a document the platform issued checks its signatures and hash here. */
export function loader(_: LoaderFunctionArgs) {
  return { maxMb: Math.floor(env.UPLOAD_MAX_BYTES / 1048576) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { t } = getT(request);
  const maxMb = Math.floor(env.UPLOAD_MAX_BYTES / 1048576);
  // Through the input boundary: a body that is not a form, too large or broken gets its message here.
  const body = await readUpload(request, t, { maxBytes: env.UPLOAD_MAX_BYTES, messageKey: "market.errors.fileTooLarge" });
  if (!body.ok) return body.response;
  const file = body.form.get("file");
  if (!(file instanceof File) || file.size === 0 || file.size > env.UPLOAD_MAX_BYTES) {
    const message = t("verify.errors.fileRequired", { mb: maxMb });
    return data<FormErrors>({ formError: message, fieldErrors: { file: [message] } }, { status: 400 });
  }
  const result: Verification = await verifyDocument(Buffer.from(await file.arrayBuffer()));
  return { result };
}

export default function Verify() {
  const t = useT();
  const locale = useLocale();
  const { maxMb } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const r = answer && "result" in answer ? answer.result : null;
  return (
    <div className="container medium stack">
      <PageHeader title={t("verify.title")} subtitle={t("verify.intro")} />
      {answer && "formError" in answer ? <FormError message={answer.formError ?? null} /> : null}
      <Card>
        <Form method="post" encType="multipart/form-data" className="inline-form">
          <label>{t("verify.file")} <input type="file" name="file" accept="application/pdf,.pdf" required /></label>
          <span className="muted">≤ {maxMb} MB</span>
          <Button disabled={busy}>{t("verify.submit")}</Button>
        </Form>
      </Card>
      {r ? (
        <Card>
          <div data-testid="verify-result" data-verdict={r.verdict} className="stack">
            <Notice tone={r.verdict === "valid" || r.verdict === "issued-unsigned" ? "ok" : "error"}>
              <span role="status">{t(`verify.verdict.${r.verdict}`)}</span>
            </Notice>
            <p>{r.issued ? t("verify.issued", { kind: t(`registration.docKind.${r.issued.kind as "form"}`) + (r.issued.title ? `「${r.issued.title}」` : ""), at: formatDate(r.issued.issuedAt, locale, true) }) : t("verify.notIssued")}</p>
            {r.signatures.length && !r.coversWholeFile ? <p>{t("verify.notCovered")}</p> : null}
            <ol>
              {r.signatures.map((s, i) => (
                <li key={i} data-testid="verify-signature">
                  {t("verify.signature", { n: i + 1, signer: s.signerName ?? "—", uscc: s.signerUscc ?? "—", at: formatDate(s.signedAt, locale, true) })}
                  {" — "}{s.problem ? t(`verify.problem.${s.problem}`) : t("verify.signature.ok")}
                </li>
              ))}
            </ol>
            <p className="mono muted">{t("verify.sha256", { hash: r.sha256 })}</p>
          </div>
        </Card>
      ) : null}
    </div>
  );
}
