import type { OrgKind, OrgStatus } from "#app/domain/organization";
import type { MessageKey } from "#app/i18n/index";

export type NavUser = { orgKind: OrgKind; orgStatus: OrgStatus } | null;
export type NavItem = { to: string; label: MessageKey };

/**
 * Navigation by role: each context adds its pages for the org kinds that use them.
 * Members of an unverified organisation see only their status.
 */
const byKind: Record<OrgKind, NavItem[]> = {
  enterprise: [{ to: "/dashboard", label: "nav.dashboard" }, { to: "/valuations", label: "valuation.nav" }, { to: "/financing", label: "financing.nav.enterprise" }, { to: "/campaigns", label: "campaign.nav" }, { to: "/subsidies", label: "subsidy.nav" }, { to: "/insurance", label: "insurance.nav.enterprise" }, { to: "/royalties", label: "royalty.nav" }, { to: "/assets", label: "market.nav.assets" }, { to: "/listings", label: "market.nav.listings" }, { to: "/demands", label: "demand.nav" }, { to: "/deals", label: "market.nav.deals" }],
  university: [{ to: "/dashboard", label: "nav.dashboard" }, { to: "/valuations", label: "valuation.nav" }, { to: "/assets", label: "market.nav.assets" }, { to: "/listings", label: "market.nav.listings" }, { to: "/demands", label: "demand.nav" }, { to: "/deals", label: "market.nav.deals" }, { to: "/royalties", label: "royalty.nav" }],
  bank: [{ to: "/dashboard", label: "nav.dashboard" }, { to: "/bank/applications", label: "financing.nav.queue" }, { to: "/bank/loans", label: "fund.nav.bankLoans" }, { to: "/bank/products", label: "financing.nav.products" }, { to: "/campaigns", label: "campaign.nav" }, { to: "/bank/api-keys", label: "financing.nav.apiKeys" }, { to: "/bank/webhooks", label: "webhooks.nav" }, { to: "/listings", label: "market.nav.disposals" }, { to: "/deals", label: "market.nav.deals" }],
  platform: [{ to: "/admin", label: "nav.admin" }, { to: "/admin/campaigns", label: "console.nav.campaigns" }, { to: "/admin/progress", label: "console.nav.progress" }, { to: "/admin/listings", label: "market.nav.listingQueue" }, { to: "/admin/deals", label: "market.nav.dealQueue" }, { to: "/demands", label: "demand.nav" }, { to: "/admin/subsidies", label: "subsidy.nav.admin" }, { to: "/admin/funds", label: "fund.nav.admin" }],
  insurer: [{ to: "/dashboard", label: "nav.dashboard" }, { to: "/insurer", label: "insurer.nav.policies" }, { to: "/insurer/products", label: "insurer.nav.products" }],
  fund: [{ to: "/dashboard", label: "nav.dashboard" }, { to: "/fund", label: "fund.nav.claims" }],
};

export function navFor(user: NavUser): NavItem[] {
  const market: NavItem = { to: "/market", label: "nav.market" };
  if (!user) return [market];
  if (user.orgStatus !== "verified") return [{ to: "/account", label: "nav.account" }];
  return [...byKind[user.orgKind], market];
}
