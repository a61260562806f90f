import fs from "node:fs";
import { expect, test, type Browser } from "@playwright/test";
import { patentCheckCharacter } from "../../app/domain/patent-number";
import { login } from "./support";

/**
 * Issue 13 Part B item 6: the enterprise answers a bank's information request with an attachment
 * (audited accounts as a PDF); the requesting bank sees it in the thread and downloads the very bytes.
 * It pledges the demo enterprise's two clean patents, which registration-first-signature.spec.ts leaves
 * encumbered (its packs signed), so its file name sorts before that spec's (Playwright runs files in name order).
 */
const ASSETS = ["202010532781", "202110764352"].map((d) => `${d}.${patentCheckCharacter(d)}`);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

const COPY = {
  "zh-CN": {
    amount: "申请金额（元）", term: "期限（月）", purpose: "资金用途", check: "保存并预检", submit: "提交申请", matches: "匹配的银行产品",
    request: "请企业补充的信息", sendRequest: "发送补充信息要求", answer: "您的回复", file: "附件（可选）", sendAnswer: "发送回复", answered: "回复已发送",
    attachment: "附件：审计报告2024.pdf", fileName: "审计报告2024.pdf",
  },
  en: {
    amount: "Amount (CNY)", term: "Term (months)", purpose: "Purpose", check: "Save and pre-check", submit: "Submit application", matches: "Matching bank products",
    request: "Information to request", sendRequest: "Request information", answer: "Your answer", file: "Attachment (optional)", sendAnswer: "Send answer", answered: "Answer sent",
    attachment: "Attachment: audited-accounts-2024.pdf", fileName: "audited-accounts-2024.pdf",
  },
} as const;

async function signedIn(browser: Browser, email: string, locale: "zh-CN" | "en") {
  const ctx = await browser.newContext({ acceptDownloads: true });
  const page = await ctx.newPage();
  await login(page, email);
  if (locale === "en") await page.goto("/lang?to=en&redirectTo=/dashboard");
  return { ctx, page };
}

for (const locale of ["zh-CN", "en"] as const) {
  test(`the bank sees and downloads the enterprise's attachment to its answer (${locale})`, async ({ browser }) => {
    test.setTimeout(120_000);
    const c = COPY[locale];
    const ent = await signedIn(browser, "enterprise@demo.ipm", locale);
    await ent.page.goto("/financing/apply");
    for (const n of ASSETS) await ent.page.getByRole("checkbox", { name: new RegExp(n.replace(".", "\\.")) }).check();
    await ent.page.getByLabel(c.amount).fill("200000");
    await ent.page.getByLabel(c.term).fill("12");
    await ent.page.getByLabel(c.purpose).fill(locale === "en" ? "Working capital" : "补充流动资金");
    await ent.page.getByRole("button", { name: c.check }).click();
    await expect(ent.page).toHaveURL(/\/financing\/applications\/[0-9a-f-]{36}$/);
    const url = new URL(ent.page.url()).pathname;
    await ent.page.getByRole("button", { name: c.submit }).click();
    await expect(ent.page.getByRole("heading", { name: c.matches })).toBeVisible({ timeout: 45_000 });

    const bank = await signedIn(browser, "bank1@demo.ipm", locale);
    await bank.page.goto(url.replace("/financing/", "/bank/"));
    await bank.page.getByLabel(c.request).fill(locale === "en" ? "Please send your audited accounts for 2024." : "请提供 2024 年经审计的财务报表。");
    await bank.page.getByRole("button", { name: c.sendRequest }).click();
    await expect(bank.page.getByTestId("thread")).toBeVisible();

    await ent.page.reload();
    await ent.page.getByLabel(c.answer).fill(locale === "en" ? "Attached." : "见附件。");
    await ent.page.getByLabel(c.file).setInputFiles({ name: c.fileName, mimeType: "application/pdf", buffer: PDF });
    await ent.page.getByRole("button", { name: c.sendAnswer }).click();
    await expect(ent.page.getByRole("status").first()).toContainText(c.answered);
    await expect(ent.page.getByRole("link", { name: c.attachment })).toBeVisible();

    await bank.page.reload();
    const link = bank.page.getByRole("link", { name: c.attachment });
    await expect(link).toBeVisible();
    const [download] = await Promise.all([bank.page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toBe(c.fileName);
    expect(fs.readFileSync((await download.path())!).equals(PDF)).toBe(true);
    await bank.ctx.close();
    await ent.ctx.close();
  });
}
