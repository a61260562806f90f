import type { OrgKind, OrgStatus } from "#app/domain/organization";

export type NavUser = { orgKind: OrgKind; orgStatus: OrgStatus } | null;
export type NavItem = { to: string; label: string };

/**
 * Navigation by role: each context adds its pages for the org kinds that use them.
 * Members of an unverified organisation see only their status.
 */
const byKind: Record<OrgKind, NavItem[]> = {
  enterprise: [{ to: "/dashboard", label: "nav.dashboard" }],
  university: [{ to: "/dashboard", label: "nav.dashboard" }],
  bank: [{ to: "/dashboard", label: "nav.dashboard" }],
  platform: [{ to: "/admin", label: "nav.admin" }],
};

export function navFor(user: NavUser): NavItem[] {
  const market: NavItem = { to: "/market", label: "nav.market" };
  if (!user) return [market];
  if (user.orgStatus !== "verified") return [{ to: "/account", label: "nav.account" }];
  return [...byKind[user.orgKind], market];
}

export function addNavItems(kind: OrgKind, items: NavItem[]) {
  byKind[kind].push(...items);
}
