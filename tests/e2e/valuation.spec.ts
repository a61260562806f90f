import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { extractText, getDocumentProxy } from "unpdf";
import { login } from "./support";

test("an enterprise requests a valuation, watches it progress live, opens the result and downloads the PDF", async ({ page }) => {
  await login(page, "enterprise@demo.ipm");
  await page.goto("/valuations");
  await page.getByRole("link", { name: "发起估值" }).click();
  await expect(page).toHaveURL(/\/valuations\/new$/);

  await page.locator('input[name="assetIds"]').first().check();
  await page.getByLabel("评估目的").selectOption("pledge");
  await page.getByLabel("实施该知识产权的产品年销售额（元）").fill("12,000,000");
  await page.getByLabel("预计年销售增长率（%）").fill("6");
  await page.getByLabel("技术成熟度").selectOption("4");
  await page.getByRole("button", { name: "提交估值" }).click();
  await expect(page).toHaveURL(/\/valuations\/[0-9a-f-]{36}$/);

  // A marker on the window: if the page reloaded, it would be gone.
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  await page.screenshot({ path: "test-results/valuation-progress.png", fullPage: true });
  // The steps complete one after another while the page polls; no reload.
  await expect(page.getByTestId("step-report")).toHaveAttribute("data-status", "completed", { timeout: 60_000 });
  await expect(page.getByTestId("valuation-progress")).toContainText("100%");
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

  const range = page.getByTestId("valuation-range");
  await expect(range).toContainText("¥");
  const rangeText = (await range.innerText()).trim();
  await expect(page.getByTestId("valuation-explanation")).toContainText("估值区间为");
  await expect(page.getByRole("img", { name: /指标雷达图/ }).first()).toBeVisible();
  await expect(page.getByRole("img", { name: "敏感性龙卷风图" })).toBeVisible();
  await page.screenshot({ path: "test-results/valuation-result.png", fullPage: true });

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("valuation-download").click()]);
  const file = await download.path();
  const bytes = fs.readFileSync(file!);
  expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  expect(text).toContain(rangeText);
  expect(text).toContain("知识产权价值评估报告");
});
