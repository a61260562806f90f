import type { Browser, BrowserContext } from "@playwright/test";
import { login } from "./support";

/** The demo logins by role, and each role's main pages (what its navigation offers first). */
export const ROLES = {
  visitor: { email: null, pages: ["/", "/login", "/signup", "/market"] },
  enterprise: {
    email: "enterprise@demo.ipm",
    pages: ["/dashboard", "/valuations", "/valuations/new", "/financing", "/financing/apply", "/campaigns", "/subsidies", "/insurance", "/royalties", "/assets", "/assets/new", "/assets/import", "/listings", "/listings/new", "/deals", "/notifications", "/account", "/market"],
  },
  university: { email: "university@demo.ipm", pages: ["/dashboard", "/assets", "/listings", "/deals", "/valuations"] },
  bank: { email: "bank1@demo.ipm", pages: ["/dashboard", "/bank/applications", "/bank/loans", "/bank/products", "/bank/products/new", "/campaigns", "/bank/api-keys", "/listings", "/deals"] },
  insurer: { email: "insurer@demo.ipm", pages: ["/dashboard", "/insurer", "/insurer/products"] },
  fund: { email: "fund@demo.ipm", pages: ["/dashboard", "/fund"] },
  admin: {
    email: "admin@demo.ipm",
    pages: ["/admin", "/admin/campaigns", "/admin/campaigns/new", "/admin/progress", "/admin/targets", "/admin/listings", "/admin/deals", "/admin/pledges", "/admin/subsidies", "/admin/funds", "/admin/audit", "/admin/jobs", "/admin/users", "/admin/orgs"],
  },
  pending: { email: "pending@demo.ipm", pages: ["/dashboard", "/account"] },
} as const;
export type Role = keyof typeof ROLES;

const states = new Map<Role, Awaited<ReturnType<BrowserContext["storageState"]>>>();

/** A browser context signed in as `role`; each role signs in once per spec file. */
export async function contextAs(browser: Browser, role: Role, options: { locale?: "zh-CN" | "en"; viewport?: { width: number; height: number } } = {}) {
  const email = ROLES[role].email;
  let state = states.get(role);
  if (email && !state) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await login(page, email);
    state = await ctx.storageState();
    states.set(role, state);
    await ctx.close();
  }
  const ctx = await browser.newContext({ storageState: state, viewport: options.viewport });
  if (options.locale === "en") {
    const page = await ctx.newPage();
    await page.goto("/lang?to=en&redirectTo=/");
    await page.close();
  }
  return ctx;
}
