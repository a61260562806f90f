import { expect, test, type Page } from "@playwright/test";
import { login, logout } from "./support";

/**
 * Public money, one role at a time, in both languages, on the demo seed: 上海康研生物医药 applies for
 * an interest subsidy its records qualify it for; 沪东商业银行 files a claim on the Shanghai guarantee
 * fund for a loan three months non-performing, and the fund's administrator pays it; the insurer
 * issues a policy requested for a loan.
 */
const year = new Date().getUTCFullYear();

async function as(page: Page, email: string, zh: boolean) {
  if (!zh) await page.goto("/lang?to=en&redirectTo=/");
  await login(page, email);
}

for (const lang of ["zh-CN", "en"] as const) {
  const zh = lang === "zh-CN";

  test(`an enterprise applies for a subsidy computed from its own records (${lang})`, async ({ page }) => {
    await as(page, "biotech@demo.ipm", zh);
    await page.goto("/subsidies");
    // Beijing's example in Chinese, Qingdao's in English: one application per programme and enterprise.
    const card = page.getByTestId(`programme-${zh ? "beijing" : "qingdao"}-interest-${year - 1}`);
    await expect(card.getByTestId("eligible-amount")).toContainText(zh ? "可申请金额" : "You may claim");
    await expect(card.getByRole("table", { name: zh ? "计算明细" : "How it is computed" })).toBeVisible();
    await card.getByRole("button", { name: zh ? "一键申请" : "Apply in one step" }).click();
    await expect(page.getByRole("status").first()).toContainText(zh ? "申请已提交" : "Application submitted");
    await expect(page.getByRole("table", { name: zh ? "我的申请" : "My applications" })).toContainText(zh ? "已提交" : "Submitted");
    await page.screenshot({ path: `test-results/subsidies-${lang}.png`, fullPage: true });
  });

  test(`a bank files a claim on the guarantee fund and the fund administrator pays it (${lang})`, async ({ page }) => {
    await as(page, "bank2@demo.ipm", zh);
    await page.goto("/bank/loans");
    const overdue = page.getByTestId(/^loan-row-/).filter({ hasText: zh ? "逾期" : "Overdue" });
    await (zh ? overdue.first() : overdue.last()).getByRole("link").click();
    const fund = page.getByTestId("payer-sh-guarantee-fund-ip");
    await expect(fund).toContainText(zh ? "已满足" : "met");
    await fund.getByRole("button", { name: zh ? "申请代偿" : "File claim" }).click();
    await expect(page.getByRole("status").first()).toContainText(zh ? "代偿申请已提交" : "Claim filed");
    await expect(page.getByRole("table", { name: zh ? "申请记录" : "Claims filed" })).toContainText(zh ? "已申请" : "Filed");
    await logout(page);

    await as(page, "fund@demo.ipm", zh);
    await page.goto("/fund");
    await page.getByRole("row").filter({ has: page.getByRole("cell", { name: zh ? "已申请" : "Filed", exact: true }) }).first().getByRole("link").click();
    await expect(page.getByTestId("claim-computation")).toContainText(zh ? "担保机构" : "Guarantor");
    await page.getByLabel(zh ? "凭证号" : "Reference").fill(`BZJ-${lang}-${Date.now() % 100000}`);
    await page.getByRole("button", { name: zh ? "确认代偿" : "Pay the claim" }).click();
    await expect(page.getByRole("status").first()).toContainText(zh ? "代偿已登记" : "Payment recorded");
    await expect(page.locator(".page-header")).toContainText(zh ? "已代偿" : "Paid");
    await expect(page.getByTestId("ledger-reconciled")).toContainText(zh ? "核对一致" : "reconciles");
    await page.screenshot({ path: `test-results/fund-claim-${lang}.png`, fullPage: true });
  });

  test(`an insurer issues and attaches a requested policy (${lang})`, async ({ page }) => {
    await as(page, "insurer@demo.ipm", zh);
    await page.goto("/insurer");
    await page.getByTestId(/^policy-row-/).filter({ hasText: zh ? "待出单" : "Requested" }).first().getByRole("link").click();
    await page.getByLabel(zh ? "保单号" : "Policy number").fill(`PZ${year}-${lang}-${Date.now() % 100000}`);
    await page.getByRole("button", { name: zh ? "出具并关联保单" : "Issue and attach the policy" }).click();
    await expect(page.getByRole("status").first()).toContainText(zh ? "保单已出具并关联" : "Policy issued and attached");
    await expect(page.locator(".page-header")).toContainText(zh ? "有效" : "In force");
    await page.screenshot({ path: `test-results/insurer-policy-${lang}.png`, fullPage: true });
  });
}
