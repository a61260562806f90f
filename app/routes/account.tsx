import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, Card, DefinitionList, FormError, Notice, PageHeader, StatusBadge, Table } from "#app/components/ui";
import { JoinDecisionSchema } from "#app/domain/forms/identity";
import { formatDate, useLocale, useT } from "#app/i18n/react";
import { decideJoinRequest, listJoinRequests } from "#app/services/join-requests.server";
import { getOwnOrganization } from "#app/services/organizations.server";
import { requireUser } from "#app/utils/auth.server";
import { readForm } from "#app/utils/body.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireUser(request);
  const [own, joinRequests] = await Promise.all([getOwnOrganization(su.actor), listJoinRequests(su.actor)]);
  return { ...own, joinRequests };
}

/** An owner accepts (with a role) or declines a request to join; the same click twice changes nothing twice. */
export async function action({ request }: ActionFunctionArgs) {
  const su = await requireUser(request);
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, JoinDecisionSchema, t);
  if (!parsed.ok) return parsed.response;
  const d = parsed.value;
  try {
    const r = await decideJoinRequest(su.actor, d.requestId, d.intent, d.intent === "approve" ? d.role : undefined);
    return { done: t(r.status === "accepted" ? "account.join.accepted" : "account.join.declined", { name: r.name }), fieldErrors: {} as Record<string, string[]> };
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

export default function Account() {
  const t = useT();
  const locale = useLocale();
  const { org, members, joinRequests } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const statusBody =
    org.status === "pending" ? t("account.pendingBody")
    : org.status === "rejected" ? t("account.rejectedBody", { reason: org.statusReason ?? "" })
    : org.status === "suspended" ? t("account.suspendedBody", { reason: org.statusReason ?? "" })
    : t("account.verifiedBody");
  return (
    <div className="container medium stack">
      <PageHeader title={org.name} subtitle={t("account.title")} actions={<StatusBadge status={org.status} label={t(`status.${org.status}`)} />} />
      <Notice tone={org.status === "verified" ? "ok" : org.status === "pending" ? "warn" : "error"}>
        <strong>{t("account.status")}: {t(`status.${org.status}`)}</strong>
        <br />
        <span data-testid="org-status-body">{statusBody}</span>
      </Notice>
      <p><Link to="/account/notifications">{t("mail.prefs.link")}</Link></p>
      <Card>
        <DefinitionList
          items={[
            [t("account.kind"), t(`orgKind.${org.kind}`)],
            [t("account.uscc"), <span className="mono">{org.uscc}</span>],
            [t("account.park"), (locale === "en" ? org.parkEn : org.parkZh) ?? "—"],
            [t("signup.industry"), org.industry ? t(`industry.${org.industry}`) : "—"],
            [t("account.verifiedAt"), formatDate(org.verifiedAt, locale, true)],
          ]}
        />
      </Card>
      {result && "done" in result ? <Notice tone="ok">{result.done}</Notice> : <FormError message={result && "formError" in result ? result.formError : undefined} />}
      {joinRequests.length ? (
        <Card title={t("account.join.title")}>
          <Table head={[t("signup.name"), t("signup.email"), t("account.join.requestedAt"), ""]}>
            {joinRequests.map((r) => (
              <tr key={r.id} data-testid={`join-request-${r.email}`}>
                <td>{r.name}</td>
                <td>{r.email}</td>
                <td>{formatDate(r.createdAt, locale, true)}</td>
                <td>
                  <Form method="post" className="row">
                    <input type="hidden" name="requestId" value={r.id} />
                    <label>
                      {t("account.join.role")}{" "}
                      <select name="role" defaultValue="member">
                        <option value="member">{t("role.member")}</option>
                        <option value="owner">{t("role.owner")}</option>
                      </select>
                    </label>
                    <Button name="intent" value="approve" disabled={busy}>{t("account.join.approve")}</Button>
                    <Button name="intent" value="decline" variant="secondary" disabled={busy}>{t("account.join.decline")}</Button>
                  </Form>
                </td>
              </tr>
            ))}
          </Table>
        </Card>
      ) : null}
      <Card title={t("account.members")}>
        <Table head={[t("signup.name"), t("signup.email"), ""]}>
          {members.map((m) => (
            <tr key={m.email}>
              <td>{m.name}</td>
              <td>{m.email}</td>
              <td>{t(`role.${m.role}`)}</td>
            </tr>
          ))}
        </Table>
      </Card>
    </div>
  );
}
