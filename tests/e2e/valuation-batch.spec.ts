import { expect, test } from "@playwright/test";
import { login } from "./support";

test("a university values all its patents in one action, watches one progress bar fill, and opens each result", async ({ page }) => {
  await login(page, "university@demo.ipm");
  await page.goto("/valuations");
  await page.getByRole("link", { name: "批量估值" }).click();
  await expect(page).toHaveURL(/\/valuations\/batches\/new$/);

  const all = page.getByLabel(/全部有效或审查中的专利（\d+ 件）/);
  const n = Number(/（(\d+) 件）/.exec((await all.locator("xpath=..").innerText()))![1]);
  expect(n).toBeGreaterThan(0);
  await all.check();
  await page.getByLabel("评估目的").selectOption("pledge");
  await page.getByRole("button", { name: "开始批量估值" }).click();
  await expect(page).toHaveURL(/\/valuations\/batches\/[0-9a-f-]{36}$/);

  // One bar for the batch, filled while the page polls; no reload.
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  const bar = page.getByRole("progressbar", { name: "批量估值进度" });
  await expect(bar).toBeVisible();
  await expect(page.getByTestId("batch-state")).toContainText("批量估值已全部结束", { timeout: 90_000 });
  await expect(page.getByTestId("batch-progress")).toHaveText(`已完成 ${n} / ${n}`);
  await expect(bar).toHaveAttribute("aria-valuenow", "100");
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  await page.screenshot({ path: "test-results/valuation-batch.png", fullPage: true });

  // Every patent has its completed valuation; each opens with its range and report.
  const rows = page.locator('tr[data-testid^="batch-item-"]');
  await expect(rows).toHaveCount(n);
  await expect(rows.filter({ hasText: "已完成" })).toHaveCount(n);
  await rows.first().getByRole("link", { name: "查看" }).click();
  await expect(page).toHaveURL(/\/valuations\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("valuation-range")).toContainText("¥");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("valuation-download").click()]);
  expect(download.suggestedFilename()).toMatch(/^valuation-.*\.pdf$/);

  // The batch is listed on the valuations page, in English too.
  await page.goto("/valuations?lang=en");
  await expect(page.getByRole("table", { name: "Batch valuations" })).toBeVisible();
  await page.goto("/valuations/batches/new?lang=en");
  await expect(page.getByRole("button", { name: "Start the batch valuation" })).toBeVisible();
});
