import { expect, test, type Page } from "@playwright/test";
import { patentCheckCharacter } from "../../app/domain/patent-number";
import { applicationNumber } from "../../app/domain/financing/application-number";
import { login, logout } from "./support";

/** The two pledge-ready patents the financing seeder gives the demo enterprise. */
const ASSETS = ["202010532781", "202110764352"].map((d) => `${d}.${patentCheckCharacter(d)}`);

async function asEnterprise(page: Page, path: string) {
  await login(page, "enterprise@demo.ipm");
  await page.goto(path);
}

test("an enterprise pledges two patents: pre-check, matches, info request, approval, acceptance, registration, loan, repayment, release", async ({ page }) => {
  test.setTimeout(180_000);
  await asEnterprise(page, "/financing/apply");
  for (const n of ASSETS) await page.getByTestId(`asset-${n}`).check();
  await page.getByLabel("申请金额（元）").fill("200000");
  await page.getByLabel("期限（月）").fill("12");
  await page.getByLabel("资金用途").fill("购置封装测试设备，补充流动资金");
  await page.getByRole("button", { name: "保存并预检" }).click();

  await expect(page).toHaveURL(/\/financing\/applications\/[0-9a-f-]{36}$/);
  const applicationUrl = new URL(page.url()).pathname;
  const applicationId = applicationUrl.split("/").pop()!;
  await expect(page.getByTestId("precheck-summary")).toContainText("全部质物均通过预检");
  for (const n of ASSETS) await expect(page.getByTestId(`precheck-asset-${n}`)).toContainText("通过");
  await page.screenshot({ path: "test-results/financing-precheck.png", fullPage: true });
  await page.getByRole("button", { name: "提交申请" }).click();
  await expect(page.getByRole("status").first()).toContainText("申请已提交");

  // The valuation (seeded, run by the worker) is reused or awaited; matching runs in the background
  // and its result appears on this page by itself (no reload: see live-matches.spec.ts).
  await expect(page.getByTestId("match").first()).toBeVisible({ timeout: 45_000 });
  const ranked = page.getByTestId("match");
  await expect(ranked.first()).toContainText("申城银行张江科技支行");
  await expect(ranked.first()).toContainText("匹配度");
  await expect(page.getByText(/不符合条件的产品/)).toBeVisible();
  await page.screenshot({ path: "test-results/financing-matches.png", fullPage: true });
  await logout(page);

  // The bank asks for more information.
  await login(page, "bank1@demo.ipm");
  // The queue tells applications apart: found by its number, it shows the number and both patents.
  await page.goto("/bank/applications");
  await expect(page.getByTestId("queue-row").first()).toBeVisible();
  await page.getByLabel("搜索", { exact: true }).fill(applicationNumber(applicationId));
  await page.getByRole("button", { name: "筛选", exact: true }).click();
  await expect(page).toHaveURL(/q=ZY-/);
  await expect(page.getByTestId("queue-row")).toHaveCount(1);
  for (const n of ASSETS) await expect(page.getByTestId("queue-row")).toContainText(`ZL${n}`);
  await expect(page.getByTestId("queue-row").getByTestId("application-number")).toHaveText(applicationNumber(applicationId));
  await page.goto(`/bank/applications/${applicationId}`);
  await expect(page.getByTestId("valuation-summary")).toBeVisible();
  await page.getByLabel("请企业补充的信息").fill("请补充近两年的财务报表和主要客户名单。");
  await page.getByRole("button", { name: "发送补充信息要求" }).click();
  await expect(page.getByTestId("thread")).toContainText("请补充近两年的财务报表");
  await logout(page);

  // The enterprise answers.
  await asEnterprise(page, applicationUrl);
  await expect(page.getByTestId("review-info_requested")).toBeVisible();
  await page.getByLabel("您的回复").fill("财务报表与客户名单已通过邮件发送，请查收。");
  await page.getByRole("button", { name: "发送回复" }).click();
  await expect(page.getByTestId("thread").first()).toContainText("已通过邮件发送");
  await logout(page);

  // The bank approves with terms (amount prefilled with its cap).
  await login(page, "bank1@demo.ipm");
  await page.goto(`/bank/applications/${applicationId}`);
  await page.getByLabel("还款方式").selectOption("equal_principal");
  await page.getByRole("button", { name: "批准", exact: true }).click();
  await expect(page.getByRole("status").first()).toContainText("已批准");
  await logout(page);

  // The enterprise accepts.
  await asEnterprise(page, applicationUrl);
  await page.getByRole("button", { name: "接受该银行的条件" }).first().click();
  await expect(page.getByRole("status").first()).toContainText("已接受该银行的条件");
  await logout(page);

  // The platform's registration desk lists it by number with its patents and the day it was accepted.
  await login(page, "admin@demo.ipm");
  await page.goto(`/admin/pledges?q=${ASSETS[0]}`);
  const desk = page.getByTestId("desk-row").filter({ hasText: applicationNumber(applicationId) });
  await expect(desk).toHaveCount(1);
  await expect(desk).toContainText(`ZL${ASSETS[1]}`);
  await expect(desk).toContainText("已接受");
  await logout(page);

  // The bank registers the pledge, disburses, and is repaid in full.
  await login(page, "bank1@demo.ipm");
  await page.goto(`/bank/applications/${applicationId}`);
  await page.getByRole("button", { name: "开始办理质押登记" }).click();
  await expect(page.getByRole("status").first()).toContainText("质物已锁定");
  await page.getByLabel("质押登记号").fill(`Y2026310000${Date.now() % 100000}`);
  await page.getByRole("button", { name: "登记完成" }).click();
  await expect(page.getByRole("status").first()).toContainText("质押登记已记录");
  await page.getByRole("button", { name: "登记放款" }).click();
  await expect(page.getByRole("status").first()).toContainText("放款已登记");
  await expect(page.getByRole("table", { name: "还款计划" })).toBeVisible();
  await page.getByRole("button", { name: "登记还款" }).click();
  await expect(page.getByRole("status").first()).toContainText("还款已登记");
  await expect(page.locator(".card", { has: page.getByTestId("loan") })).toContainText("已结清");
  await page.screenshot({ path: "test-results/financing-settled.png", fullPage: true });
  await logout(page);

  // The enterprise sees the loan settled and the pledge released.
  await asEnterprise(page, applicationUrl);
  await expect(page.locator(".page-header")).toContainText("已结清");
  await expect(page.getByText("已注销")).toBeVisible();
});
