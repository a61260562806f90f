import { expect, test } from "@playwright/test";
import { login } from "./support";

/**
 * A batch values the university's patents with no answers from the owner. A patent with neither
 * sales, nor R&D cost, nor enough comparable deals (the demo has no completed deals) is not valued
 * at ¥0.00: it is listed as needing inputs, with a link to the form that asks (issue 13 B2).
 */
// Pages follow the browser's Accept-Language (Chromium sends en-US): this journey starts in Chinese.
test.use({ locale: "zh-CN" });

test("a university values all its patents in one action, watches one progress bar fill, and answers the inputs a patent lacks", async ({ page }) => {
  test.setTimeout(300_000);
  await login(page, "university@demo.ipm");
  await page.goto("/valuations");
  await page.getByRole("link", { name: "批量估值" }).click();
  await expect(page).toHaveURL(/\/valuations\/batches\/new$/);

  const all = page.getByLabel(/全部有效或审查中的专利（\d+ 件）/);
  const n = Number(/（(\d+) 件）/.exec((await all.locator("xpath=..").innerText()))![1]);
  expect(n).toBeGreaterThan(1);
  await all.check();
  await page.getByLabel("评估目的").selectOption("pledge");
  await page.getByRole("button", { name: "开始批量估值" }).click();
  await expect(page).toHaveURL(/\/valuations\/batches\/[0-9a-f-]{36}$/);
  const batchUrl = new URL(page.url()).pathname;

  // One bar for the batch, filled while the page polls; no reload.
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  const bar = page.getByRole("progressbar", { name: "批量估值进度" });
  await expect(bar).toBeVisible();
  await expect(page.getByTestId("batch-state")).toContainText("批量估值已全部结束", { timeout: 120_000 });
  await expect(page.getByTestId("batch-progress")).toHaveText(`已完成 ${n} / ${n}`);
  await expect(bar).toHaveAttribute("aria-valuenow", "100");
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  await page.screenshot({ path: "test-results/valuation-batch.png", fullPage: true });

  // Every patent is either valued or waits for inputs; none shows a zero range.
  const rows = page.locator('tr[data-testid^="batch-item-"]');
  await expect(rows).toHaveCount(n);
  const waiting = rows.filter({ hasText: "待补充信息" });
  const waitingCount = await waiting.count();
  expect(waitingCount).toBeGreaterThan(1);
  await expect(rows.filter({ hasText: "已完成" })).toHaveCount(n - waitingCount);
  await expect(page.getByTestId("batch-state")).toContainText(`${waitingCount} 件待补充信息`);
  await expect(page.getByText("¥0.00")).toHaveCount(0);

  // The first waiting patent: its link opens the form that asks; the answer resumes the valuation.
  await waiting.first().getByRole("link", { name: "补充信息" }).click();
  await expect(page).toHaveURL(/\/valuations\/[0-9a-f-]{36}#needs-input-title$/);
  await expect(page.getByRole("heading", { name: "需要补充信息" })).toBeVisible();
  await expect(page.getByText("缺少的信息：")).toBeVisible();
  await page.getByLabel("研发投入（元）").fill("1200000");
  await page.getByLabel("研发投入年份").fill("2020");
  await page.getByRole("button", { name: "提交并继续估值" }).click();
  await expect(page.getByText("进度 100%")).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole("heading", { name: "需要补充信息" })).toHaveCount(0);
  await expect(page.getByTestId("valuation-range")).toContainText("¥");
  await expect(page.getByTestId("valuation-range")).not.toContainText("¥0.00");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("valuation-download").click()]);
  expect(download.suggestedFilename()).toMatch(/^valuation-.*\.pdf$/);

  // In English: the batch counts one more valued, one fewer waiting, and the next one asks too.
  await page.goto(`/lang?to=en&redirectTo=${batchUrl}`);
  await expect(page.getByTestId("batch-state")).toContainText(`${waitingCount - 1} need inputs`);
  const waitingEn = rows.filter({ hasText: "Needs inputs" });
  await expect(waitingEn).toHaveCount(waitingCount - 1);
  await waitingEn.first().getByRole("link", { name: "Give inputs" }).click();
  await expect(page.getByRole("heading", { name: "Inputs needed" })).toBeVisible();
  await page.getByLabel("Last year's sales of the products that use the IP (yuan)").fill("30000000");
  await page.getByRole("button", { name: "Submit and continue the valuation" }).click();
  await expect(page.getByText("100% done")).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId("valuation-range")).not.toContainText("CNY 0.00");

  // The batch is listed on the valuations page, in English too.
  await page.goto("/valuations?lang=en");
  await expect(page.getByRole("table", { name: "Batch valuations" })).toBeVisible();
  await page.goto("/valuations/batches/new?lang=en");
  await expect(page.getByRole("button", { name: "Start the batch valuation" })).toBeVisible();
});
