import { expect, test } from "@playwright/test";
import { patentCheckCharacter } from "../../app/domain/patent-number";
import { login } from "./support";

/**
 * Issue 13 Part B item 3: the matched products appear on the application page once the background
 * valuation and matching are done, without a reload. A marker set on `window` before submitting
 * must still be there when they appear (a reload or a full navigation would drop it).
 */
const ASSETS = ["202010532781", "202110764352"].map((d) => `${d}.${patentCheckCharacter(d)}`);

const COPY = {
  "zh-CN": { amount: "申请金额（元）", term: "期限（月）", purpose: "资金用途", check: "保存并预检", submit: "提交申请", submitted: "申请已提交", matches: "匹配的银行产品", score: "匹配度" },
  en: { amount: "Amount (CNY)", term: "Term (months)", purpose: "Purpose", check: "Save and pre-check", submit: "Submit application", submitted: "Application submitted", matches: "Matching bank products", score: "score" },
} as const;

for (const locale of ["zh-CN", "en"] as const) {
  test(`matches appear on the application page without a reload (${locale})`, async ({ page }) => {
    test.setTimeout(90_000);
    const c = COPY[locale];
    await login(page, "enterprise@demo.ipm");
    await page.goto(locale === "en" ? "/lang?to=en&redirectTo=/financing/apply" : "/financing/apply");
    for (const n of ASSETS) await page.getByTestId(`asset-${n}`).check();
    await page.getByLabel(c.amount).fill("200000");
    await page.getByLabel(c.term).fill("12");
    await page.getByLabel(c.purpose).fill(locale === "en" ? "Test equipment and working capital" : "购置封装测试设备，补充流动资金");
    await page.getByRole("button", { name: c.check }).click();
    await expect(page).toHaveURL(/\/financing\/applications\/[0-9a-f-]{36}$/);

    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    await page.getByRole("button", { name: c.submit }).click();
    await expect(page.getByRole("status").first()).toContainText(c.submitted);
    // Valuation and matching run in the worker; the page must show their result by itself.
    await expect(page.getByRole("heading", { name: c.matches })).toBeVisible({ timeout: 45_000 });
    const ranked = page.getByTestId("match");
    await expect(ranked.first()).toContainText(c.score);
    await expect(ranked.first()).toContainText("申城银行张江科技支行");
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  });
}
