import { expect, test } from "@playwright/test";
import { login, logout } from "./support";

const LISTING = "抗肿瘤靶向递送脂质纳米粒独占许可";
/** A `datetime-local` value in Shanghai time, `ms` from now. */
const shanghaiIn = (ms: number) => new Date(Date.now() + ms + 8 * 3_600_000).toISOString().slice(0, 19);

test("the university auctions a listing; two enterprises register, read the data room and bid in zh and en; the close makes the winner's deal", async ({ page }) => {
  // The close runs at the auction's real end (a delayed job), so the test lasts past it.
  test.setTimeout(330_000);

  // The seller starts a timed ascending auction from its listing.
  await login(page, "university@demo.ipm");
  await page.goto("/listings");
  await page.getByRole("link", { name: LISTING }).first().click();
  await page.getByRole("link", { name: "发起拍卖" }).click();
  await page.getByLabel("拍卖方式").selectOption("ascending");
  await page.getByLabel("保留价（元）").fill("100000");
  await page.getByLabel("起拍价（元）").fill("80000");
  await page.getByLabel("加价幅度（元）").fill("5000");
  await page.getByLabel("延时（分钟）").fill("0");
  await page.getByLabel("结束时间").fill(shanghaiIn(120_000));
  await page.getByRole("button", { name: "创建拍卖" }).click();
  await expect(page).toHaveURL(/\/auctions\/[0-9a-f-]{36}$/);
  const auctionUrl = new URL(page.url()).pathname;
  await expect(page.getByRole("heading", { name: `拍卖：${LISTING}` })).toBeVisible();
  await expect(page.getByTestId("auction-price")).toHaveText("暂无出价");
  await logout(page);

  // An enterprise finds it from the listing, registers accepting the rules, opens the data room, bids.
  await login(page, "enterprise@demo.ipm");
  await page.goto("/market?q=脂质纳米粒");
  await page.getByRole("link", { name: LISTING }).first().click();
  await page.getByRole("link", { name: "前往拍卖" }).click();
  await page.getByRole("button", { name: "报名", exact: true }).click();
  await expect(page.getByText("请阅读并接受竞价规则").first()).toBeVisible();
  await page.getByLabel("我已阅读并接受竞价规则").check();
  await page.getByRole("button", { name: "报名", exact: true }).click();
  await expect(page.getByText("已报名，可查看资料室并出价")).toBeVisible();
  await page.getByRole("link", { name: "资料室" }).click();
  await page.getByRole("link", { name: "权利负担" }).first().click();
  await expect(page.getByTestId("data-room-document")).toBeVisible();
  await page.getByRole("link", { name: "返回拍卖" }).click();
  await page.getByLabel("出价（元）").fill("80000");
  await page.getByRole("button", { name: "提交出价" }).click();
  await expect(page.getByText("出价已受理（第 1 次出价）")).toBeVisible();
  await logout(page);

  // A second enterprise, in English: too low first, then the winning bid.
  await login(page, "biotech@demo.ipm");
  await page.goto(`/lang?to=en&redirectTo=${auctionUrl}`);
  await page.getByLabel("I have read and accept the bidding rules").check();
  await page.getByRole("button", { name: "Register", exact: true }).click();
  await expect(page.getByText("Registered: you can open the data room and bid")).toBeVisible();
  await page.getByLabel("Bid (yuan)").fill("82000");
  await page.getByRole("button", { name: "Place bid" }).click();
  await expect(page.getByText("Bid too low: the minimum is ¥85,000.00")).toBeVisible();
  await page.getByLabel("Bid (yuan)").fill("100000");
  await page.getByRole("button", { name: "Place bid" }).click();
  await expect(page.getByText("Bid accepted (bid no. 2)")).toBeVisible();
  await expect(page.getByRole("table").getByText("You")).toBeVisible();

  // At the end the close job turns the highest bid (at the reserve) into this bidder's deal.
  await expect(async () => {
    await page.reload();
    await expect(page.getByText("You won; the deal awaits the platform's approval.")).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 240_000, intervals: [5_000] });
  await page.getByRole("link", { name: "View the deal" }).click();
  await expect(page).toHaveURL(/\/deals\/[0-9a-f-]{36}$/);
  await expect(page.getByText("Awaiting platform approval").first()).toBeVisible();
  await logout(page);

  // The seller reads who opened which document of its data room.
  await login(page, "university@demo.ipm");
  await page.goto(`/lang?to=zh-CN&redirectTo=${auctionUrl}`);
  await expect(page.getByText("已成交").first()).toBeVisible();
  await page.getByRole("link", { name: "资料室查阅记录" }).click();
  await expect(page.getByRole("table")).toContainText("权利负担");
});
