import { expect, test } from "@playwright/test";
import { login, logout } from "./support";

const LISTING = "协作机器人谐波减速器实用新型转让";

test("an enterprise reads a listing's technology, saves a search, offers and writes in the negotiation thread; the university answers in English", async ({ page }) => {
  // The listing's plain-language technology description, in Chinese (a demo listing has one).
  await page.goto("/market?q=视觉");
  await page.getByRole("link", { name: "工业视觉缺陷检测算法普通许可" }).first().click();
  const tech = page.getByTestId("listing-technology");
  await expect(tech).toContainText("小批量、多品种产线");
  await expect(tech).toContainText("TRL 7");

  // Signed in, the market offers to save the search; the saved search is listed.
  await login(page, "biotech@demo.ipm");
  await page.goto("/market?q=减速器");
  const save = page.getByRole("form", { name: "保存此搜索" });
  await save.getByLabel("名称").fill("减速器");
  await save.getByLabel("通知频率").selectOption("instant");
  await save.getByRole("button", { name: "保存此搜索" }).click();
  await expect(page.getByText("已保存搜索“减速器”")).toBeVisible();
  await expect(page.getByRole("link", { name: "减速器" })).toBeVisible();

  // An offer, then a message with an attachment in its thread.
  await page.goto("/market?q=减速器");
  await page.getByRole("link", { name: LISTING }).first().click();
  await page.getByLabel("价格（元）", { exact: true }).fill("100000");
  await page.getByRole("button", { name: "提交报价" }).click();
  await expect(page).toHaveURL(/\/deals\/[0-9a-f-]{36}$/);
  await page.getByTestId("thread-link").click();
  await page.getByRole("textbox", { name: "消息", exact: true }).fill("能否提供样机测试报告？");
  await page.locator('input[name="file"]').setInputFiles({ name: "需求.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") });
  await page.getByRole("button", { name: "发送" }).click();
  await expect(page.getByText("消息已发送")).toBeVisible();
  await expect(page.getByTestId("thread")).toContainText("能否提供样机测试报告？");
  await expect(page.getByRole("link", { name: "附件：需求.pdf" })).toBeVisible();
  await logout(page);

  // The seller, in English, sees the unread message on its deals and answers it.
  await login(page, "university@demo.ipm");
  await page.goto("/lang?to=en&redirectTo=/deals");
  await expect(page.getByRole("link", { name: "1 unread" }).first()).toBeVisible();
  await page.getByRole("link", { name: "1 unread" }).first().click();
  await expect(page.getByRole("heading", { name: "Negotiation messages" })).toBeVisible();
  await expect(page.getByTestId("thread")).toContainText("能否提供样机测试报告？");
  await page.getByRole("textbox", { name: "Message", exact: true }).fill("Yes — the test report is attached next week.");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByText("Message sent")).toBeVisible();
  await expect(page.getByTestId("thread")).toContainText("the test report is attached");
});
