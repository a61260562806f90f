import { expect, test } from "@playwright/test";
import { patentCheckCharacter } from "../../app/domain/patent-number";
import { login, logout } from "./support";

/** A fresh, valid invention application number filed in 2022. */
function freshPatentNumber() {
  const digits = `20221${String(Math.floor(Math.random() * 10_000_000)).padStart(7, "0")}`;
  return `${digits}.${patentCheckCharacter(digits)}`;
}

test("a university imports and lists a patent for open licence; an enterprise finds it in Chinese, accepts, pays offline, and holds the licence", async ({ page }) => {
  const number = freshPatentNumber();
  const tag = String(Date.now()).slice(-6);
  const title = `一种钙钛矿叠层太阳能电池的封装方法${tag}`;

  // The university imports one patent from a CSV file, previews it, confirms.
  await login(page, "university@demo.ipm");
  await page.goto("/assets/import");
  const csv = `类型,号码,名称,英文名称,摘要,申请日,法律状态,行业\n发明,ZL${number},${title},Encapsulation of perovskite tandem solar cells,一种提高钙钛矿组件湿热稳定性的封装方法。,2022-03-18,有效,先进材料\n`;
  await page.locator('input[name="file"]').setInputFiles({ name: "专利导入.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
  await page.getByRole("button", { name: "上传并预览" }).click();
  await expect(page.getByTestId("import-summary")).toContainText("可导入 1 行，有问题 0 行");
  await page.screenshot({ path: "test-results/market-import-preview.png", fullPage: true });
  await page.getByRole("button", { name: "确认导入 1 行" }).click();
  await expect(page.getByTestId("import-done")).toContainText("已导入 1 项资产");

  // …and lists it for open licence at published terms.
  await page.goto("/assets");
  await page.getByTestId(`asset-${number}`).getByRole("link", { name: "挂牌" }).click();
  await expect(page).toHaveURL(/\/listings\/new/);
  await page.getByLabel("交易方式").selectOption("open_licence");
  await page.getByLabel("许可费（元）").fill("15000");
  await page.getByLabel("许可期限（月）").fill("24");
  await page.getByRole("button", { name: "保存草稿" }).click();
  await expect(page).toHaveURL(/\/listings\/[0-9a-f-]{36}$/);
  // The draft is corrected before review: the fee goes up.
  await page.getByRole("link", { name: "修改草稿" }).click();
  await expect(page).toHaveURL(/\/listings\/[0-9a-f-]{36}\/edit$/);
  await expect(page.getByLabel("交易方式")).toHaveValue("open_licence");
  await expect(page.getByLabel("许可费（元）")).toHaveValue("15000.00");
  await page.getByLabel("许可费（元）").fill("20000");
  await page.screenshot({ path: "test-results/market-listing-edit.png", fullPage: true });
  await page.getByRole("button", { name: "提交审核" }).click();
  await expect(page).toHaveURL(/\/listings\/[0-9a-f-]{36}$/);
  const listingId = page.url().split("/").pop()!;
  await expect(page.getByText("已提交，等待平台管理员审核。")).toBeVisible();
  await logout(page);

  // An admin approves the listing.
  await login(page, "admin@demo.ipm");
  await page.goto("/admin/listings");
  const row = page.getByTestId(`review-${listingId}`);
  await expect(row).toContainText(title);
  await page.screenshot({ path: "test-results/market-listing-queue.png", fullPage: true });
  await row.getByRole("button", { name: "批准" }).click();
  await expect(page.getByRole("status").first()).toContainText("已发布");
  await expect(row).toHaveCount(0);
  await logout(page);

  // An enterprise finds it by a Chinese search and accepts the open licence.
  await login(page, "enterprise@demo.ipm");
  await page.goto("/market");
  await page.getByLabel("关键词").fill("钙钛矿");
  await page.getByRole("button", { name: "搜索", exact: true }).click();
  await expect(page).toHaveURL(/q=%E9%92%99%E9%92%9B%E7%9F%BF/);
  const card = page.getByTestId("listing-card").filter({ hasText: tag });
  await expect(card).toHaveCount(1);
  await page.screenshot({ path: "test-results/market-search.png", fullPage: true });
  await card.getByRole("link").click();
  await expect(page.getByTestId("listing-price")).toContainText("¥20,000.00");
  await page.getByLabel("我单位书面接受上述开放许可条件").check();
  await page.getByRole("button", { name: "接受开放许可" }).click();
  await expect(page).toHaveURL(/\/deals\/[0-9a-f-]{36}/);
  const dealId = new URL(page.url()).pathname.split("/").pop()!;
  await expect(page.getByTestId("deal-status")).toContainText("待付款");
  // Offline payment: the platform's account, the amount with the 3 % fee.
  await expect(page.getByTestId("bank-transfer")).toContainText("¥20,600.00");
  await page.getByLabel("转账流水号").fill(`HX${tag}`);
  await page.getByRole("button", { name: "我已转账" }).click();
  await expect(page.getByTestId("transfer-reported")).toBeVisible();
  await page.screenshot({ path: "test-results/market-deal-offline.png", fullPage: true });
  await logout(page);

  // An admin confirms the transfer arrived, which completes the deal.
  await login(page, "admin@demo.ipm");
  await page.goto("/admin/deals");
  const payment = page.getByTestId(`payment-${dealId}`);
  await expect(payment).toContainText(`HX${tag}`);
  await payment.getByRole("button", { name: "确认收款" }).click();
  await expect(page.getByRole("status").first()).toContainText("已确认收款");
  await logout(page);

  // The enterprise holds the licence.
  await login(page, "enterprise@demo.ipm");
  await page.goto("/licences");
  const licence = page.getByTestId(`licence-${number}`);
  await expect(licence).toContainText(title);
  await expect(licence).toContainText("普通许可");
  await expect(licence).toContainText("申江理工大学");
  await page.screenshot({ path: "test-results/market-licences.png", fullPage: true });
  await page.goto(`/deals/${dealId}`);
  await expect(page.getByTestId("deal-completed")).toBeVisible();
});

test("the market works in English for an anonymous visitor", async ({ page }) => {
  await page.goto("/lang?to=en&redirectTo=/market");
  await expect(page.getByRole("heading", { name: "IP marketplace" })).toBeVisible();
  await page.getByLabel("Keywords").fill("anode");
  await page.getByRole("button", { name: "Search" }).click();
  const card = page.getByTestId("listing-card").first();
  await expect(card).toContainText("Silicon-carbon anode preparation (open licence)");
  await card.getByRole("link").click();
  await expect(page.getByRole("link", { name: "Sign in to make an offer or accept the open licence" })).toBeVisible();
});

test("a sole licence approved for one buyer is shown as sold and takes no more offers", async ({ page }) => {
  const title = "抗 PD-L1 单抗排他许可";
  // The demo enterprise offers on the biotech's sole licence; the biotech accepts.
  await login(page, "enterprise@demo.ipm");
  await page.goto(`/market?q=${encodeURIComponent("PD-L1")}`);
  await page.getByTestId("listing-card").filter({ hasText: title }).getByRole("link").click();
  await expect(page).toHaveURL(/\/market\/[0-9a-f-]{36}$/);
  const listingUrl = page.url();
  await page.getByLabel("价格（元）", { exact: true }).fill("20000000");
  await page.getByRole("button", { name: "提交报价" }).click();
  await expect(page).toHaveURL(/\/deals\/[0-9a-f-]{36}$/);
  const dealId = page.url().split("/").pop()!;
  await logout(page);
  await login(page, "biotech@demo.ipm");
  await page.goto(`/deals/${dealId}`);
  await page.getByRole("button", { name: "接受", exact: true }).click();
  await expect(page.getByTestId("deal-status")).toContainText("待平台审批");
  await logout(page);
  // The platform approves the deal: the period is sold.
  await login(page, "admin@demo.ipm");
  await page.goto("/admin/deals");
  await page.getByTestId(`approve-${dealId}`).getByRole("button", { name: "批准" }).click();
  await expect(page.getByTestId(`approve-${dealId}`)).toHaveCount(0);
  await logout(page);
  // Another buyer finds it marked sold, with the reason and no offer form.
  await login(page, "university@demo.ipm");
  await page.goto(`/market?q=${encodeURIComponent("PD-L1")}`);
  await expect(page.getByTestId("listing-card").filter({ hasText: title })).toContainText("已售出");
  await page.goto(listingUrl);
  await expect(page.getByTestId("listing-sold")).toHaveText("该资产在此期间的独占或排他许可已获平台批准，本挂牌不再接受报价");
  await expect(page.getByRole("button", { name: "提交报价" })).toHaveCount(0);
});
