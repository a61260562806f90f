import { expect, test } from "@playwright/test";
import { freshUscc, login, logout } from "./support";

for (const lang of ["zh-CN", "en"] as const) {
  test(`an enterprise signs up, an admin verifies it, and it sees its verified status (${lang})`, async ({ page }) => {
    const zh = lang === "zh-CN";
    const uscc = freshUscc();
    const email = `e2e-${lang}-${Date.now()}@test.ipm`;
    await page.goto(zh ? "/" : "/lang?to=en&redirectTo=/");
    await expect(page.locator("html")).toHaveAttribute("lang", lang);

    await page.goto("/signup");
    await page.getByLabel(zh ? "机构名称" : "Organisation name").fill(zh ? "上海浏览器测试科技有限公司" : "Browser Test Tech Co.");
    // Typed in lower case, as users do; stored normalised.
    await page.getByLabel(zh ? "统一社会信用代码" : "Unified social credit code").fill(uscc.toLowerCase());
    await page.getByLabel(zh ? "联系人姓名" : "Your name").fill("测试员");
    await page.getByLabel(zh ? "电子邮箱" : "E-mail").fill(email);
    await page.getByLabel(zh ? "密码" : "Password", { exact: true }).fill("browser-password-1");
    await page.getByLabel(zh ? "确认密码" : "Confirm password").fill("browser-password-1");
    await page.getByRole("button", { name: zh ? "提交注册" : "Register" }).click();

    // The same answer a registered address would get; the new owner then signs in.
    await expect(page.getByTestId("signup-sent")).toContainText(email.toLowerCase());
    await login(page, email, "browser-password-1");
    await page.goto("/account");
    await expect(page.getByTestId("org-status-body")).toContainText(zh ? "等待平台管理员核验" : "waiting for a platform administrator");
    await page.screenshot({ path: `test-results/signup-pending-${lang}.png`, fullPage: true });
    await logout(page);

    await login(page, "admin@demo.ipm");
    await page.goto("/admin");
    const row = page.getByTestId(`pending-org-${uscc}`);
    await expect(row).toBeVisible();
    await page.screenshot({ path: `test-results/admin-queue-${lang}.png`, fullPage: true });
    await row.getByRole("button", { name: zh ? "核验通过" : "Verify" }).click();
    await expect(page.getByRole("status").first()).toContainText(zh ? "已核验" : "verified");
    await expect(row).toHaveCount(0);
    await logout(page);

    await login(page, email, "browser-password-1");
    await page.goto("/account");
    await expect(page.getByTestId("org-status-body")).toContainText(zh ? "已通过认证" : "is verified");
    // The worker delivered the in-app notification.
    await expect(async () => {
      await page.goto("/notifications");
      await expect(page.getByTestId("notifications")).toContainText(zh ? "已通过平台认证" : "has been verified");
    }).toPass({ timeout: 20_000 });
  });
}

test("a visitor from a phone sees the same navigation, without horizontal scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: "test-results/home-phone.png", fullPage: true });
});
