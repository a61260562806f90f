import { expect, test } from "@playwright/test";
import { login, logout } from "./support";

/** The demo enterprise's trademark licence (no other spec trades it). */
const LISTING = "“芯微 XINWEI”商标许可（第 9、42 类）";
/** A `datetime-local` value in Shanghai time, `ms` from now. */
const shanghaiIn = (ms: number) => new Date(Date.now() + ms + 8 * 3_600_000).toISOString().slice(0, 19);

test("sealed bids: two bidders (zh-CN, en) see neither the other's amount nor a rank before the close, bid once each, and the close shows all and makes the highest the winner", async ({ page }) => {
  // The auction ends 75 s after it is made; the close job runs at the end (the sweep, each minute, is the fallback).
  test.setTimeout(180_000);

  await login(page, "enterprise@demo.ipm");
  await page.goto("/listings");
  await page.getByRole("link", { name: LISTING }).first().click();
  await page.getByRole("link", { name: "发起拍卖" }).click();
  await page.getByLabel("拍卖方式").selectOption("sealed");
  await page.getByLabel("保留价（元）").fill("10000");
  await page.getByLabel("起拍价（元）").fill("5000");
  await page.getByLabel("延时（分钟）").fill("0");
  await page.getByLabel("结束时间").fill(shanghaiIn(75_000));
  await page.getByRole("button", { name: "创建拍卖" }).click();
  await expect(page).toHaveURL(/\/auctions\/[0-9a-f-]{36}$/);
  const auctionUrl = new URL(page.url()).pathname;
  await expect(page.getByText("密封竞价", { exact: true }).first()).toBeVisible();
  await logout(page);

  // The first bidder, in Chinese: the rules say one sealed bid; after it, no second bid form.
  await login(page, "university@demo.ipm");
  await page.goto(auctionUrl);
  await expect(page.getByText("密封竞价：每个竞买人只能出价一次")).toBeVisible();
  await page.getByLabel("我已阅读并接受竞价规则").check();
  await page.getByRole("button", { name: "报名", exact: true }).click();
  await page.getByLabel("出价（元）").fill("12000");
  await page.getByRole("button", { name: "提交出价" }).click();
  await expect(page.getByText("出价已受理（第 1 次出价）")).toBeVisible();
  await expect(page.getByTestId("auction-price")).toHaveText("密封竞价：结束前不公开");
  // The live countdown (the page without JavaScript says "约 N 分钟").
  await expect(page.getByTestId("auction-time-left")).toHaveText(/^还剩 0\d:\d{2}$/);
  await expect(page.getByText("您的密封出价已提交：¥12,000.00")).toBeVisible();
  await expect(page.getByRole("button", { name: "提交出价" })).toHaveCount(0);
  await logout(page);

  // The second bidder, in English: before bidding it sees no amount, no rank, no reserve verdict.
  await login(page, "biotech@demo.ipm");
  await page.goto(`/lang?to=en&redirectTo=${auctionUrl}`);
  await page.getByLabel("I have read and accept the bidding rules").check();
  await page.getByRole("button", { name: "Register", exact: true }).click();
  await expect(page.getByTestId("auction-price")).toHaveText("Sealed bids: hidden until the end");
  await expect(page.getByTestId("auction-time-left")).toHaveText(/^0\d:\d{2} left$/);
  await expect(page.getByRole("heading", { name: "My bids (sealed)" })).toBeVisible();
  await expect(page.getByText("12,000")).toHaveCount(0);
  await expect(page.getByText("Reserve met")).toHaveCount(0);
  await expect(page.getByText("Reserve not met")).toHaveCount(0);
  await page.getByLabel("Bid (yuan)").fill("15000");
  await page.getByRole("button", { name: "Place bid" }).click();
  await expect(page.getByText("Your sealed bid is in: CNY 15,000.00")).toBeVisible();
  await expect(page.getByRole("table").getByText("You")).toBeVisible();
  await expect(page.getByText("12,000")).toHaveCount(0);
  await expect(page.getByText("Bidder 1")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Place bid" })).toHaveCount(0);

  // After the end: the highest bid won, and every bid is shown.
  await expect(async () => {
    await page.reload();
    await expect(page.getByText("You won; the deal awaits the platform's approval.")).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 120_000, intervals: [3_000] });
  await expect(page.getByRole("heading", { name: "Bid history" })).toBeVisible();
  await expect(page.getByRole("table")).toContainText("CNY 12,000.00");
  await expect(page.getByRole("table")).toContainText("CNY 15,000.00");
});
