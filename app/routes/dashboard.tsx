import { data, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Card, Notice, PageHeader } from "#app/components/ui";
import { navFor } from "#app/components/nav";
import { isMessageKey, type Translate } from "#app/i18n/index";
import { useT } from "#app/i18n/react";
import { requireUser, requireCan } from "#app/utils/auth.server";

/** Each role's home: links to the pages its navigation offers. */
export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireUser(request);
  if (su.org.kind === "platform") throw redirect("/admin");
  // An organisation awaiting verification (or turned down, or suspended) gets a page saying so — still a 403, not a bare one.
  if (su.org.status !== "verified") return data({ name: su.user.name, orgKind: su.org.kind, orgStatus: su.org.status, orgName: su.org.name }, { status: 403 });
  requireCan(su.actor, "business.use");
  return { name: su.user.name, orgKind: su.org.kind, orgStatus: su.org.status, orgName: su.org.name };
}

export default function Dashboard() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const links = navFor({ orgKind: d.orgKind, orgStatus: d.orgStatus }).filter((n) => n.to !== "/dashboard");
  if (d.orgStatus !== "verified") {
    return (
      <div className="container narrow">
        <PageHeader title={t("dashboard.title")} subtitle={t("dashboard.welcome", { name: d.name })} />
        <Notice tone={d.orgStatus === "pending" ? "warn" : "error"}>
          <strong>{d.orgName} · {t("account.status")}: {t(`status.${d.orgStatus}`)}</strong>
          <p data-testid="dashboard-pending">{t("dashboard.pendingOnly")}</p>
        </Notice>
        <p><Link to="/account">{t("nav.account")}</Link></p>
      </div>
    );
  }
  return (
    <div className="container">
      <PageHeader title={t("dashboard.title")} subtitle={t("dashboard.welcome", { name: d.name })} />
      <div className="grid grid-3">
        {links.map((l) => (
          <Card key={l.to} className="nav-card">
            <h2>
              <Link to={l.to}>{t(l.label)}</Link>
            </h2>
            <CardHint t={t} to={l.to} />
          </Card>
        ))}
      </div>
    </div>
  );
}

/** The line under a dashboard card, for the pages that have one. */
function CardHint({ t, to }: { t: Translate; to: string }) {
  const key = `dashboard.card.${to}`;
  return isMessageKey(key) ? <p className="muted">{t(key)}</p> : null;
}
