import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { patentCheckCharacter } from "../../app/domain/patent-number";
import { login, logout } from "./support";

/**
 * The enterprise (pledgor) prepares and gives the first signature of its registration pack in the
 * browser, in zh-CN and en: an application submitted, approved by the bank and accepted, all in the
 * UI; then the pack is generated and signed from the registration page. The signed contract carries
 * one PAdES signature that poppler's pdfsig finds valid and names the enterprise.
 */
const ASSETS = ["202010532781", "202110764352"].map((d) => `${d}.${patentCheckCharacter(d)}`);
const ENTERPRISE = "上海芯微半导体科技有限公司";

const COPY = {
  "zh-CN": {
    amount: "申请金额（元）", term: "期限（月）", purpose: "资金用途", check: "保存并预检", submit: "提交申请", matches: "匹配的银行产品",
    accept: "接受该银行的条件", accepted: "已接受该银行的条件", link: "质押登记材料（电子签名）", title: "质押登记材料",
    address: "贵方住所（与营业执照一致）", prepare: "生成出质登记材料", prepared: "登记材料已生成", draft: "待签署",
    sign: "审阅无误，电子签名", signed: "已完成电子签名", signedOne: "一方已签署", signer: "出质人 李强", waiting: "等待质权人签署", contract: "专利权质押合同",
  },
  en: {
    amount: "Amount (CNY)", term: "Term (months)", purpose: "Purpose", check: "Save and pre-check", submit: "Submit application", matches: "Matching bank products",
    accept: "Accept this offer", accepted: "Offer accepted", link: "Registration pack (e-signed)", title: "Registration pack",
    address: "Your registered address (as on the business licence)", prepare: "Prepare the Pledge registration pack", prepared: "The pack is ready", draft: "Awaiting signatures",
    sign: "Reviewed — sign electronically", signed: "Signed.", signedOne: "Signed by one party", signer: "Pledgor 李强", waiting: "Waiting for the Pledgee", contract: "专利权质押合同",
  },
} as const;

async function asEnterprise(page: Page, locale: keyof typeof COPY, to: string) {
  await login(page, "enterprise@demo.ipm");
  await page.goto(locale === "en" ? `/lang?to=en&redirectTo=${encodeURIComponent(to)}` : `/lang?to=zh-CN&redirectTo=${encodeURIComponent(to)}`);
}

for (const locale of ["zh-CN", "en"] as const) {
  test(`the enterprise prepares and signs its registration pack first, in the browser (${locale})`, async ({ page }) => {
    test.setTimeout(150_000);
    const c = COPY[locale];
    await asEnterprise(page, locale, "/financing/apply");
    for (const n of ASSETS) await page.getByTestId(`asset-${n}`).check();
    await page.getByLabel(c.amount).fill("200000");
    await page.getByLabel(c.term).fill("12");
    await page.getByLabel(c.purpose).fill(locale === "en" ? "Packaging test equipment" : "购置封装测试设备");
    await page.getByRole("button", { name: c.check }).click();
    await expect(page).toHaveURL(/\/financing\/applications\/[0-9a-f-]{36}$/);
    const applicationUrl = new URL(page.url()).pathname;
    const applicationId = applicationUrl.split("/").pop()!;
    await page.getByRole("button", { name: c.submit }).click();
    await expect(page.getByRole("heading", { name: c.matches })).toBeVisible({ timeout: 45_000 });
    await logout(page);

    // The bank approves with terms (its pages in Chinese).
    await login(page, "bank1@demo.ipm");
    await page.goto(`/lang?to=zh-CN&redirectTo=${encodeURIComponent(`/bank/applications/${applicationId}`)}`);
    await page.getByLabel("还款方式").selectOption("equal_principal");
    await page.getByRole("button", { name: "批准", exact: true }).click();
    await expect(page.getByRole("status").first()).toContainText("已批准");
    await logout(page);

    // The enterprise accepts, opens the registration pack page, prepares the pack and signs first.
    await asEnterprise(page, locale, applicationUrl);
    await page.getByRole("button", { name: c.accept }).first().click();
    await expect(page.getByRole("status").first()).toContainText(c.accepted);
    await page.getByRole("link", { name: c.link }).click();
    await expect(page.getByRole("heading", { name: c.title, level: 1 })).toBeVisible();
    await page.getByLabel(c.address).fill("上海市浦东新区张江路 665 号 3 幢 501 室");
    await page.getByRole("button", { name: c.prepare }).click();
    await expect(page.getByRole("status").first()).toContainText(c.prepared);
    const pack = page.getByTestId("pack-registration");
    await expect(pack.getByTestId("pack-status")).toContainText(c.draft);

    await pack.getByRole("button", { name: c.sign }).click();
    await expect(page.getByRole("status").first()).toContainText(c.signed);
    await expect(pack.getByTestId("pack-status")).toContainText(c.signedOne);
    await expect(pack.getByTestId("pack-signatures")).toContainText(c.signer);
    await expect(pack).toContainText(c.waiting);
    await expect(pack.getByRole("button", { name: c.sign })).toHaveCount(0);

    // The contract now carries the enterprise's signature, valid to an independent checker.
    const [download] = await Promise.all([page.waitForEvent("download"), pack.getByRole("link", { name: c.contract }).click()]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "first-signature-"));
    try {
      const file = path.join(dir, "contract.pdf");
      fs.copyFileSync((await download.path())!, file);
      const r = spawnSync("pdfsig", ["-nocert", file], { encoding: "utf8" });
      expect(r.stderr).toBe("");
      expect(r.stdout.match(/Signature is Valid/g)).toHaveLength(1);
      expect(r.stdout).toContain(ENTERPRISE);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
