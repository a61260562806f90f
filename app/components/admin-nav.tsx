import { NavLink } from "@remix-run/react";
import { useT } from "#app/i18n/react";

/** The admin console's sections; every console page shows this bar (other contexts' admin pages may too). */
export const ADMIN_SECTIONS = [
  { to: "/admin", label: "console.nav.overview", end: true },
  { to: "/admin/orgs", label: "console.nav.orgs" },
  { to: "/admin/users", label: "console.nav.users" },
  { to: "/admin/audit", label: "console.nav.audit" },
  { to: "/admin/jobs", label: "console.nav.jobs" },
  { to: "/admin/mail", label: "mail.log.title" },
  { to: "/admin/pledges", label: "financing.admin.title" },
  { to: "/admin/campaigns", label: "console.nav.campaigns" },
  { to: "/admin/progress", label: "console.nav.progress" },
  { to: "/admin/subsidies", label: "subsidy.nav.admin" },
  { to: "/admin/funds", label: "fund.nav.admin" },
] as const;

export function AdminNav() {
  const t = useT();
  return (
    <nav className="subnav" aria-label={t("console.nav.label")}>
      {ADMIN_SECTIONS.map((s) => (
        <NavLink key={s.to} to={s.to} end={"end" in s ? s.end : false} prefetch="intent">
          {t(s.label)}
        </NavLink>
      ))}
    </nav>
  );
}
