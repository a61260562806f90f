import { expect, test, type Browser } from "@playwright/test";
import { patentCheckCharacter } from "../../app/domain/patent-number";
import { login } from "./support";

/**
 * Issue 13 Part B item 2: applying for a pledge loan without a prior valuation. The valuation asks
 * for the inputs it lacks (not "¥0.00 – ¥0.00, 已完成"); once they are given the loan cap and the
 * pre-check show before submitting; the application stays editable until a bank starts its review,
 * and a stale edit form sent after that is refused with a message.
 */
const COPY = {
  "zh-CN": {
    number: "申请号 / 注册号", title: "名称", filing: "申请日", grant: "授权公告日", annuity: "年费缴至", save: "保存",
    amount: "申请金额（元）", term: "期限（月）", purpose: "资金用途", check: "保存并预检",
    needsInput: "估值需要补充信息", giveInputs: "补充估值信息", inputsTitle: "需要补充信息", missing: "缺少的信息：",
    revenue: "使用该知识产权的产品上一年度销售收入（元）", answer: "提交并继续估值", completed: "进度 100%",
    cap: /可贷上限 ¥[1-9]/, allPass: "全部质物均通过预检", submit: "提交申请", submitted: "申请已提交", matches: "匹配的银行产品",
    editSave: "保存修改", edited: "申请已更新", startReview: "开始审查", started: "已开始审查", refused: "已有银行开始审查，申请不能再修改。",
    zero: "¥0.00", matched: "已匹配",
  },
  en: {
    number: "Application / registration number", title: "Title", filing: "Filing date", grant: "Grant date", annuity: "Annuities paid through", save: "Save",
    amount: "Amount (CNY)", term: "Term (months)", purpose: "Purpose", check: "Save and pre-check",
    needsInput: "The valuation needs inputs", giveInputs: "Give the valuation inputs", inputsTitle: "Inputs needed", missing: "Missing:",
    revenue: "Last year's sales of the products that use the IP (yuan)", answer: "Submit and continue the valuation", completed: "100% done",
    cap: /Loan cap CNY [1-9]/, allPass: "Every asset passes the pre-check", submit: "Submit application", submitted: "Application submitted", matches: "Matching bank products",
    editSave: "Save changes", edited: "The application was updated", startReview: "Start review", started: "Review started", refused: "A bank has started its review: the application can no longer be edited.",
    zero: "CNY 0.00", matched: "Matched",
  },
} as const;

async function signedIn(browser: Browser, email: string, locale: "zh-CN" | "en") {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await login(page, email);
  if (locale === "en") await page.goto("/lang?to=en&redirectTo=/dashboard");
  return { ctx, page };
}

for (const locale of ["zh-CN", "en"] as const) {
  test(`apply without a valuation: asked for inputs, then the cap and pre-check, edits until a bank reviews (${locale})`, async ({ browser }) => {
    test.setTimeout(150_000);
    const c = COPY[locale];
    const year = new Date().getUTCFullYear();
    const digits = `${year - 5}1${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
    const number = `${digits}.${patentCheckCharacter(digits)}`;
    const ent = await signedIn(browser, "enterprise@demo.ipm", locale);
    const page = ent.page;

    // A newly recorded patent that has never been valued.
    await page.goto("/assets/new");
    await page.getByLabel(c.number).fill(number);
    await page.getByLabel(c.title, { exact: true }).fill(locale === "en" ? "A sensor calibration method" : "一种传感器标定方法");
    await page.getByLabel(c.filing).fill(`${year - 5}-03-10`);
    await page.getByLabel(c.grant).fill(`${year - 3}-06-01`);
    await page.getByLabel(c.annuity).fill(`${year + 1}-03-09`);
    await page.getByRole("button", { name: c.save, exact: true }).click();
    await expect(page).toHaveURL(/\/assets\/[0-9a-f-]{36}$/);

    await page.goto("/financing/apply");
    await page.getByRole("checkbox", { name: new RegExp(number.replace(".", "\\.")) }).check();
    await page.getByLabel(c.amount).fill("200000");
    await page.getByLabel(c.term).fill("12");
    await page.getByLabel(c.purpose).fill(locale === "en" ? "Test equipment" : "购置测试设备");
    await page.getByRole("button", { name: c.check }).click();
    await expect(page).toHaveURL(/\/financing\/applications\/[0-9a-f-]{36}$/);
    const applicationUrl = new URL(page.url()).pathname;

    // The valuation runs in the worker and asks for inputs: the page says so, without ¥0.00.
    await expect(page.getByText(c.needsInput).first()).toBeVisible({ timeout: 45_000 });
    await expect(page.getByTestId("loan-cap")).not.toContainText(c.zero);
    await page.getByRole("link", { name: c.giveInputs }).click();
    await expect(page.getByRole("heading", { name: c.inputsTitle })).toBeVisible();
    await expect(page.getByText(c.missing)).toBeVisible();
    await page.getByLabel(c.revenue).fill("50000000");
    await page.getByRole("button", { name: c.answer }).click();
    await expect(page.getByText(c.completed)).toBeVisible({ timeout: 45_000 });
    await expect(page.getByRole("heading", { name: c.inputsTitle })).toHaveCount(0);

    // Before submitting: the loan cap from the valuation and the banks' pledge rates, and the pre-check per asset.
    await page.goto(applicationUrl);
    await expect(page.getByTestId("loan-cap")).toContainText(c.cap);
    await expect(page.getByText(c.allPass)).toBeVisible();
    await page.getByRole("button", { name: c.submit }).click();
    await expect(page.getByRole("status").first()).toContainText(c.submitted);
    await expect(page.getByRole("heading", { name: c.matches })).toBeVisible({ timeout: 45_000 });

    // No bank has opened it yet: still editable.
    await page.getByLabel(c.amount).fill("250000");
    await page.getByRole("button", { name: c.editSave }).click();
    await expect(page.getByRole("status").first()).toContainText(c.edited);
    await expect(page.getByRole("heading", { name: c.matches })).toBeVisible({ timeout: 45_000 });

    // A second tab keeps the edit form open while the bank starts its review.
    const stale = await ent.ctx.newPage();
    await stale.goto(applicationUrl);
    await expect(stale.getByRole("button", { name: c.editSave })).toBeVisible();
    // The edit re-runs the matching, and the page refreshes itself while it runs: the tab is stale only once
    // it shows the new matches and stops (else it would refresh into the bank's review and drop the form).
    await expect(stale.getByText(c.matched, { exact: true })).toBeVisible({ timeout: 45_000 });
    const bank = await signedIn(browser, "bank1@demo.ipm", locale);
    await bank.page.goto(applicationUrl.replace("/financing/", "/bank/"));
    await bank.page.getByRole("button", { name: c.startReview }).click();
    await expect(bank.page.getByRole("status").first()).toContainText(c.started);
    await bank.ctx.close();

    await stale.getByLabel(c.amount).fill("300000");
    await stale.getByRole("button", { name: c.editSave }).click();
    await expect(stale.getByRole("alert").filter({ hasText: c.refused })).toBeVisible();
    await page.reload();
    await expect(page.getByRole("button", { name: c.editSave })).toHaveCount(0);
    await ent.ctx.close();
  });
}
