import { expect, test } from "@playwright/test";
import { login } from "./support";

test("a bank adds a webhook endpoint in its console, sees its secret, rotates it and disables it", async ({ page }) => {
  await login(page, "bank1@demo.ipm");
  await page.goto("/bank/webhooks");
  await expect(page.getByRole("heading", { name: "Webhook 推送" })).toBeVisible();
  await page.getByLabel("接收地址（URL）").fill("not a url");
  await page.getByRole("button", { name: "新增", exact: true }).click();
  await expect(page.getByText("请填写有效的 http(s) 地址")).toBeVisible();

  await page.getByLabel("接收地址（URL）").fill("https://hooks.bank1.example.cn/ipm");
  await page.getByLabel("说明").fill("核心系统");
  await page.getByRole("button", { name: "新增", exact: true }).click();
  const secret = page.getByTestId("new-webhook-secret");
  await expect(secret).toContainText(/^whsec_/);
  const first = (await secret.textContent())!;

  await page.getByRole("link", { name: "查看" }).first().click();
  await expect(page.getByTestId("webhook-secrets")).toContainText(first);
  await page.getByRole("button", { name: "轮换密钥" }).click();
  await expect(page.getByText("已生成新密钥")).toBeVisible();
  await expect(page.getByTestId("webhook-secrets").locator("li")).toHaveCount(2);
  await expect(page.getByTestId("webhook-secrets")).toContainText("轮换过渡期至");

  await page.getByRole("button", { name: "停用" }).click();
  await expect(page.getByText("已手动停用")).toBeVisible();
  await page.screenshot({ path: "test-results/webhooks-endpoint.png", fullPage: true });
});

test("a user chooses, per kind of notification, in-app only, e-mail or a daily digest (in English)", async ({ page }) => {
  await page.goto("/lang?to=en&redirectTo=/");
  await login(page, "enterprise@demo.ipm");
  await page.goto("/account/notifications");
  await expect(page.getByRole("heading", { name: "Notifications" })).toBeVisible();
  await page.getByLabel("Pledge financing: In-app and a daily digest").check();
  await page.getByLabel("IP market: In-app only").check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Notification settings saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Pledge financing: In-app and a daily digest")).toBeChecked();
  await expect(page.getByLabel("IP market: In-app only")).toBeChecked();
  await expect(page.getByLabel("Valuations: In-app and e-mail")).toBeChecked();
});
