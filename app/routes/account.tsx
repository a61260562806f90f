import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Card, DefinitionList, Notice, PageHeader, StatusBadge, Table } from "#app/components/ui";
import { formatDate, useLocale, useT } from "#app/i18n/react";
import { getOwnOrganization } from "#app/services/organizations.server";
import { requireUser } from "#app/utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireUser(request);
  return getOwnOrganization(su.actor);
}

export default function Account() {
  const t = useT();
  const locale = useLocale();
  const { org, members } = useLoaderData<typeof loader>();
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
