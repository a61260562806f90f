import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { contextAs, type Role } from "./roles";

/** Each role's first pages and its main forms (axe takes seconds a page, so not every page). */
const AXE_PAGES: Record<Role, string[]> = {
  visitor: ["/", "/login", "/signup", "/market"],
  enterprise: ["/dashboard", "/financing/apply", "/valuations/new", "/assets", "/deals"],
  university: ["/listings"],
  bank: ["/bank/applications", "/bank/products/new", "/bank/loans"],
  insurer: ["/insurer"],
  fund: ["/fund"],
  admin: ["/admin", "/admin/progress", "/admin/campaigns", "/admin/pledges"],
  pending: ["/dashboard"],
};

test("the main pages of every role have no serious or critical axe-core violations", async ({ browser }) => {
  test.setTimeout(240_000);
  const failures: string[] = [];
  for (const role of Object.keys(AXE_PAGES) as Role[]) {
    const ctx = await contextAs(browser, role);
    const page = await ctx.newPage();
    for (const path of AXE_PAGES[role]) {
      await page.goto(path);
      const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      for (const v of violations.filter((x) => x.impact === "serious" || x.impact === "critical")) {
        failures.push(`${role} ${path}: ${v.id} (${v.impact}) — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
      }
    }
    await ctx.close();
  }
  expect(failures, failures.join("\n")).toEqual([]);
});

test("an export on /admin/progress downloads a file with JavaScript on, and the campaign whitelist too", async ({ browser }) => {
  const ctx = await contextAs(browser, "admin");
  const page = await ctx.newPage();
  await page.goto("/admin/progress");
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "导出 CSV" }).first().click()]);
  expect(csv.suggestedFilename()).toMatch(/\.csv$/);
  expect((await readFile(await csv.path())).length).toBeGreaterThan(0);
  await expect(page).toHaveURL(/\/admin\/progress$/);

  await page.goto("/admin/campaigns");
  await page.locator('tr[data-testid^="campaign-"] a').first().click();
  await expect(page).toHaveURL(/\/admin\/campaigns\/[0-9a-f-]{36}$/);
  const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "导出 Excel" }).first().click()]);
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
  await ctx.close();
});

test("on a phone the menu button opens the navigation, and a link in it navigates", async ({ browser }) => {
  const ctx = await contextAs(browser, "enterprise", { viewport: { width: 390, height: 844 } });
  const page = await ctx.newPage();
  await page.goto("/dashboard");
  const nav = page.getByRole("navigation", { name: "菜单" });
  await expect(nav).toBeHidden();
  const button = page.getByRole("button", { name: "打开菜单" });
  await button.click();
  await expect(nav).toBeVisible();
  await expect(page.getByRole("button", { name: "收起菜单" })).toHaveAttribute("aria-expanded", "true");
  await nav.getByRole("link", { name: "知识产权市场" }).click();
  await expect(page).toHaveURL(/\/market$/);
  await expect(nav).toBeHidden();
  // The market's rarer filters are folded, so the results start on the first screen.
  await expect(page.getByLabel("园区", { exact: true })).toBeHidden();
  await expect(page.getByTestId("market-results")).toBeInViewport();
  await page.getByText("更多筛选条件").click();
  await expect(page.getByLabel("园区", { exact: true })).toBeVisible();
  await ctx.close();
});

test("a pending organisation's dashboard says it awaits verification, in both languages", async ({ browser }) => {
  for (const [locale, text] of [["zh-CN", "机构认证通过前"], ["en", "Until your organisation is verified"]] as const) {
    const ctx = await contextAs(browser, "pending", { locale });
    const page = await ctx.newPage();
    const res = await page.goto("/dashboard");
    expect(res?.status()).toBe(200);
    await expect(page.getByTestId("dashboard-pending")).toContainText(text);
    await expect(page.getByText("HTTP 403")).toHaveCount(0);
    await ctx.close();
  }
});

test("the home page names its operator, a contact and the policies, and /favicon.ico is served", async ({ browser }) => {
  const ctx = await contextAs(browser, "visitor");
  const page = await ctx.newPage();
  await page.goto("/");
  await expect(page.getByTestId("home-operator")).toContainText("浦东新区知识产权服务中心");
  await expect(page.getByTestId("home-contact")).toContainText("021");
  await expect(page.getByRole("link", { name: /专利权质押登记办法/ })).toHaveAttribute("href", /cnipa\.gov\.cn/);
  const icon = await ctx.request.get("/favicon.ico");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/");
  await ctx.close();
});
