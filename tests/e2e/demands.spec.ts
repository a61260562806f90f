import { expect, test } from "@playwright/test";
import { login, logout } from "./support";

const LISTING = "协作机器人谐波减速器实用新型转让";
const DEMAND = "协作机器人关节减速器技术需求";

test("an enterprise posts a technology demand, sees a proposal with its reason and marks it useful; the university sees the verdict in English", async ({ page }) => {
  await login(page, "enterprise@demo.ipm");
  await page.getByRole("navigation").getByRole("link", { name: "技术需求" }).first().click();
  await page.getByRole("link", { name: "发布技术需求" }).click();

  // An empty form: 400 with the field's message in Chinese.
  await page.getByRole("button", { name: "发布", exact: true }).click();
  await expect(page.getByText("请至少填写一个关键词")).toBeVisible();

  await page.getByLabel("需求名称").fill(DEMAND);
  await page.getByLabel("问题描述", { exact: true }).fill("需要结构紧凑、回差小的谐波减速器，用于协作机器人关节。");
  await page.getByLabel("关键词").fill("谐波减速器");
  await page.getByLabel("行业").selectOption({ label: "高端装备" });
  await page.getByLabel("截止日期").fill("2099-12-31");
  await page.getByRole("button", { name: "发布", exact: true }).click();
  await expect(page).toHaveURL(/\/demands\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: DEMAND })).toBeVisible();

  // The matching job runs in the worker: the proposal appears with why it fits.
  const row = page.getByTestId("proposal").filter({ hasText: LISTING });
  await expect(async () => {
    await page.reload();
    await expect(row).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 45_000 });
  await expect(row.getByTestId("proposal-reasons")).toContainText("关键词一致：谐波减速器");
  await row.getByRole("button", { name: "有用" }).click();
  await expect(page.getByText("已记录您的评价，成果方会收到通知")).toBeVisible();
  await logout(page);

  // The owner of the listing, in English, reads the enterprise's verdict.
  await login(page, "university@demo.ipm");
  await page.goto("/lang?to=en&redirectTo=/demands");
  await page.getByRole("link", { name: "Demands that fit our technology" }).click();
  const fit = page.getByTestId("fit").filter({ hasText: DEMAND });
  await expect(fit).toContainText(LISTING);
  await expect(fit).toContainText("Same keywords: 谐波减速器");
  await expect(fit).toContainText("Useful");
});
