import { expect, test, type Page } from "@playwright/test";
import { patentCheckCharacter } from "../../app/domain/patent-number";
import { usccCheckCharacter } from "../../app/domain/uscc";
import { freshUscc, login, logout } from "./support";

/** The demo enterprise (上海芯微半导体, 张江科学城) and its two pledge-ready patents from the financing seeder. */
const DEMO_ENTERPRISE_USCC = "91310115MA1K3ABC0" + usccCheckCharacter("91310115MA1K3ABC0");
const ASSETS = ["202010532781", "202110764352"].map((d) => `${d}.${patentCheckCharacter(d)}`);

async function dashboard(page: Page, campaignId: string) {
  await page.goto(`/admin/campaigns/${campaignId}/dashboard`);
}

test("an admin runs a park campaign: two banks, a whitelist import, an application within it, and the registered amount against the target", async ({ page }) => {
  test.setTimeout(240_000);
  const name = `浏览器测试入园惠企-${Date.now()}`;

  // The admin creates the campaign for 张江科学城 with both demo banks.
  await login(page, "admin@demo.ipm");
  await page.goto("/admin/campaigns/new");
  await page.getByLabel("活动名称").fill(name);
  await page.getByLabel("开始日期").fill("2026-01-01");
  await page.getByLabel("结束日期").fill("2026-12-31");
  await page.getByLabel("目标融资金额（万元）").fill("5000");
  await page.getByLabel("目标获贷企业数").fill("10");
  await page.getByRole("checkbox", { name: "张江科学城" }).check();
  await page.getByRole("checkbox", { name: "申城银行张江科技支行" }).check();
  await page.getByRole("checkbox", { name: "沪东商业银行漕河泾支行" }).check();
  await page.getByRole("button", { name: "创建活动" }).click();
  await expect(page).toHaveURL(/\/admin\/campaigns\/[0-9a-f-]{36}$/);
  const campaignId = new URL(page.url()).pathname.split("/").pop()!;
  await expect(page.getByRole("table", { name: "参与银行与产品目录" })).toContainText("申城银行张江科技支行");
  await expect(page.getByRole("table", { name: "参与银行与产品目录" })).toContainText("沪东商业银行漕河泾支行");

  // …imports a whitelist with one bad row, sees it in the preview, and commits the good ones.
  await page.getByRole("link", { name: "导入企业白名单" }).click();
  const other = freshUscc();
  const csv = [
    "企业名称,统一社会信用代码,融资需求（万元）,融资用途,联系人,联系电话",
    `上海芯微半导体科技有限公司,${DEMO_ENTERPRISE_USCC},800,研发投入,李强,021-50801234`,
    `上海浏览器测试生物有限公司,${other},300,流动资金,陈静,13800138000`,
    `代码有误的公司,${other.slice(0, 17)}${other[17] === "0" ? "1" : "0"},100,,,`,
  ].join("\r\n");
  await page.getByLabel("白名单文件").setInputFiles({ name: "张江白名单.csv", mimeType: "text/csv", buffer: Buffer.from("\uFEFF" + csv, "utf8") });
  await page.getByRole("button", { name: "检查并预览" }).click();
  await expect(page.getByTestId("import-summary")).toContainText("可导入 2 行");
  await expect(page.getByTestId("import-error-4")).toContainText("统一社会信用代码");
  await page.screenshot({ path: "test-results/campaign-import-preview.png", fullPage: true });
  await page.getByRole("button", { name: "确认导入 2 家企业" }).click();
  await expect(page.getByRole("status").first()).toContainText("已导入 2 家企业");

  await page.goto(`/admin/campaigns/${campaignId}`);
  await expect(page.getByTestId(`enrolment-${DEMO_ENTERPRISE_USCC}`)).toContainText("已注册");
  await page.getByRole("button", { name: "启动活动" }).click();
  await expect(page.getByRole("status").first()).toContainText("活动已启动");
  await logout(page);

  // The enterprise on the whitelist finds the campaign and applies within it.
  await login(page, "enterprise@demo.ipm");
  await page.goto("/campaigns");
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name: "银行产品目录" })).toBeVisible();
  await expect(page.locator("[data-testid^=catalogue-]")).toHaveCount(2);
  await expect(page.getByText("贵企业在本活动白名单中")).toBeVisible();
  await page.getByRole("link", { name: "在本活动中申请质押融资" }).click();
  await expect(page).toHaveURL(new RegExp(`/financing/apply\\?campaign=${campaignId}$`));
  for (const n of ASSETS) await page.getByTestId(`asset-${n}`).check();
  await page.getByLabel("申请金额（元）").fill("200000");
  await page.getByLabel("期限（月）").fill("12");
  await page.getByLabel("资金用途").fill("入园惠企活动：购置测试设备");
  await page.getByRole("button", { name: "保存并预检" }).click();
  await expect(page).toHaveURL(/\/financing\/applications\/[0-9a-f-]{36}$/);
  const applicationUrl = new URL(page.url()).pathname;
  const applicationId = applicationUrl.split("/").pop()!;
  await page.getByRole("button", { name: "提交申请" }).click();
  await expect(page.getByRole("status").first()).toContainText("申请已提交");
  await logout(page);

  // The campaign's dashboard shows the application.
  await login(page, "admin@demo.ipm");
  await dashboard(page, campaignId);
  await expect(page.getByTestId("kpi-applied")).toContainText("¥200,000.00");
  await expect(page.getByTestId("kpi-registered")).toContainText("¥0.00");
  await logout(page);

  // Matching runs in the background; then the bank approves and the enterprise accepts.
  await login(page, "enterprise@demo.ipm");
  await expect(async () => {
    await page.goto(applicationUrl);
    await expect(page.getByTestId("match").first()).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 90_000, intervals: [2_000] });
  await logout(page);

  await login(page, "bank1@demo.ipm");
  await page.goto(`/bank/applications/${applicationId}`);
  await page.getByLabel("批准金额（元）").fill("200000");
  await page.getByRole("button", { name: "批准", exact: true }).click();
  await expect(page.getByRole("status").first()).toContainText("已批准");
  await logout(page);

  await login(page, "enterprise@demo.ipm");
  await page.goto(applicationUrl);
  await page.getByRole("button", { name: "接受该银行的条件" }).first().click();
  await expect(page.getByRole("status").first()).toContainText("已接受该银行的条件");
  await logout(page);

  // The bank registers the pledge with CNIPA.
  await login(page, "bank1@demo.ipm");
  await page.goto(`/bank/applications/${applicationId}`);
  await page.getByRole("button", { name: "开始办理质押登记" }).click();
  await expect(page.getByRole("status").first()).toContainText("质物已锁定");
  await page.getByLabel("质押登记号").fill(`Y2026310001${Date.now() % 100000}`);
  await page.getByRole("button", { name: "登记完成" }).click();
  await expect(page.getByRole("status").first()).toContainText("质押登记已记录");
  await logout(page);

  // The dashboard shows the registered amount against the target (¥200,000 of ¥50,000,000 = 0.4%).
  await login(page, "admin@demo.ipm");
  await dashboard(page, campaignId);
  await expect(page.getByTestId("kpi-registered")).toContainText("¥200,000.00");
  await expect(page.getByTestId("kpi-registered")).toContainText("占目标 0.4%");
  await expect(page.getByTestId("kpi-approved")).toContainText("¥200,000.00");
  await expect(page.getByRole("progressbar", { name: "质押登记金额 / 目标" })).toHaveAttribute("aria-valuetext", "0.4%");
  await expect(page.getByRole("img", { name: "申请、审批、登记、放款金额与目标" })).toBeVisible();
  await page.screenshot({ path: "test-results/campaign-dashboard.png", fullPage: true });
  await logout(page);

  // The bank pays out and is repaid, which releases the pledge (the demo patents are free again).
  await login(page, "bank1@demo.ipm");
  await page.goto(`/bank/applications/${applicationId}`);
  await page.getByRole("button", { name: "登记放款" }).click();
  await expect(page.getByRole("status").first()).toContainText("放款已登记");
  await page.getByRole("button", { name: "登记还款" }).click();
  await expect(page.getByRole("status").first()).toContainText("还款已登记");
  await logout(page);

  await login(page, "admin@demo.ipm");
  await dashboard(page, campaignId);
  await expect(page.getByTestId("kpi-disbursed")).toContainText("¥200,000.00");
  await expect(page.getByTestId("kpi-financed")).toContainText("1");
});

test("a bank of the seeded 张江 campaign sees the whitelisted enterprises' needs, in English", async ({ page }) => {
  await page.goto("/lang?to=en&redirectTo=/");
  await login(page, "bank2@demo.ipm");
  await page.goto("/campaigns");
  await page.getByRole("link", { name: /张江科学城/ }).first().click();
  await expect(page.getByRole("heading", { name: "Whitelisted enterprises' financing needs" })).toBeVisible();
  await expect(page.getByTestId(`need-${DEMO_ENTERPRISE_USCC}`)).toBeVisible();
  const res = await page.goto("/campaigns/00000000-0000-4000-8000-000000000000");
  expect(res?.status()).toBe(404);
});
