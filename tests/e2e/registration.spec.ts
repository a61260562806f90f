import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Download, type Page } from "@playwright/test";
import JSZip from "jszip";
import { startReceiver } from "../support/webhook-receiver";
import { login, logout } from "./support";

/**
 * The paperless pledge registration (issue 14) on the demo seed's accepted offer, whose pack the
 * enterprise has signed (db/seeds/registration.ts): the bank's webhook receiver is a real HTTP server
 * verifying each delivery with `standardwebhooks`; the signed contract is checked by poppler's pdfsig
 * and on the public /verify page, and a copy with one byte flipped fails there.
 */
const ENTERPRISE = "上海芯微半导体科技有限公司";
const BANK = "申城银行张江科技支行";
const ZIP_ENTRIES = ["01-材料清单.pdf", "02-专利权质押登记申请表.pdf", "03-专利权质押合同.pdf", "04-当事人身份证明承诺书.pdf", "05-关于同日申请实用新型和发明专利的声明.pdf"];

const bytesOf = async (d: Download) => fs.readFileSync((await d.path())!);
/** poppler's report of a PDF's signatures, and what it complained of while parsing the file. */
const pdfsig = (file: string) => {
  const r = spawnSync("pdfsig", ["-nocert", file], { encoding: "utf8" });
  return { report: r.stdout, errors: r.stderr };
};

async function verifyOnPage(page: Page, name: string, pdf: Buffer) {
  await page.goto("/verify");
  await page.getByLabel("选择 PDF 文件").setInputFiles({ name, mimeType: "application/pdf", buffer: pdf });
  await page.getByRole("button", { name: "验证", exact: true }).click();
  return page.getByTestId("verify-result");
}

test("a pack signed by both, downloaded, corrected, re-signed and recorded; the bank's receiver verified every event", async ({ page }) => {
  test.setTimeout(150_000);
  let secret = "";
  const receiver = await startReceiver({ secrets: () => [secret] });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "registration-e2e-"));
  try {
    // The bank registers its receiver (every event type is ticked by default).
    await login(page, "bank1@demo.ipm");
    await page.goto("/bank/webhooks");
    await page.getByLabel("接收地址（URL）").fill(receiver.url);
    await page.getByLabel("说明").fill("质押登记联调");
    await page.getByRole("button", { name: "新增", exact: true }).click();
    secret = (await page.getByTestId("new-webhook-secret").textContent())!;
    expect(secret).toMatch(/^whsec_/);

    // The bank is told the enterprise signed, and countersigns.
    await page.goto("/notifications");
    await page.getByRole("link", { name: "对方已签署质押登记材料，请审阅并签署。" }).first().click();
    await expect(page.getByRole("heading", { name: "质押登记材料" })).toBeVisible();
    const pack = page.getByTestId("pack-registration");
    await expect(pack.getByTestId("pack-status")).toContainText("一方已签署");
    await expect(pack).toContainText("等待质权人签署");
    await expect(pack.getByTestId("pack-signatures")).toContainText(`出质人 李强`);
    await pack.getByRole("button", { name: "审阅无误，电子签名" }).click();
    await expect(page.getByRole("status").first()).toContainText("已完成电子签名");
    await expect(pack.getByTestId("pack-status")).toContainText("双方已签署");
    await expect(pack.getByTestId("pack-signatures")).toContainText("质权人 信贷经理 周婷");
    const packUrl = new URL(page.url()).pathname;

    // The archive for CNIPA's online system: the checklist and each signed document.
    const [archive] = await Promise.all([page.waitForEvent("download"), pack.getByRole("link", { name: "下载全部材料（ZIP）" }).click()]);
    expect(archive.suggestedFilename()).toMatch(/\.zip$/);
    const zip = await JSZip.loadAsync(await bytesOf(archive));
    expect(Object.keys(zip.files).sort()).toEqual(ZIP_ENTRIES);
    const contract = Buffer.from(await zip.file("03-专利权质押合同.pdf")!.async("uint8array"));

    // poppler, knowing nothing of the platform, finds both signatures intact.
    fs.writeFileSync(path.join(tmp, "contract.pdf"), contract);
    const checked = pdfsig(path.join(tmp, "contract.pdf"));
    expect(checked.errors).toBe("");
    expect(checked.report.match(/Signature is Valid/g)).toHaveLength(2);
    expect(checked.report).toContain(ENTERPRISE);
    expect(checked.report).toContain(BANK);

    // The bank files with CNIPA, then records CNIPA's correction notice (补正): a new revision to sign.
    await page.goto(packUrl);
    await pack.getByRole("button", { name: "已在国家知识产权局系统提交" }).click();
    await expect(page.getByRole("status").first()).toContainText("已记录提交日期");
    await expect(pack.getByTestId("pack-clock")).toContainText("3 个工作日");
    await pack.getByLabel("需补正事项").fill("质押合同第四条被担保债权数额大小写不一致，请更正后重新签署。");
    await pack.getByRole("button", { name: "记录补正通知" }).click();
    await expect(page.getByRole("status").first()).toContainText("已记录补正通知");
    await expect(pack.getByTestId("pack-status")).toContainText("需补正，待重新签署 · 第 2 版");
    await logout(page);

    // Both re-sign the corrected documents: the enterprise first, in its own session.
    await login(page, "enterprise@demo.ipm");
    await page.goto(packUrl);
    await expect(pack).toContainText("等待出质人签署");
    await pack.getByRole("button", { name: "审阅无误，电子签名" }).click();
    await expect(pack.getByTestId("pack-status")).toContainText("补正材料一方已签署");
    await logout(page);
    await login(page, "bank1@demo.ipm");
    await page.goto(packUrl);
    await pack.getByRole("button", { name: "审阅无误，电子签名" }).click();
    await expect(pack.getByTestId("pack-status")).toContainText("补正材料已提交");
    await expect(pack).toContainText("补正完成");

    // CNIPA's decision.
    const number = `Y2026310${String(Date.now()).slice(-6)}`;
    await pack.getByLabel("登记号").fill(number);
    await pack.getByLabel("登记通知书编号").fill("ZX2026000451");
    await pack.getByRole("button", { name: "记录登记通知" }).click();
    await expect(page.getByRole("status").first()).toContainText("质押登记已记录");
    await expect(pack.getByTestId("pack-status")).toContainText("已登记");
    await expect(pack.getByTestId("pack-recorded")).toContainText(number);
    await page.screenshot({ path: "test-results/registration-recorded.png", fullPage: true });

    // The re-signed contract (revision 2) checks out on the public page; one flipped byte does not.
    const [signed] = await Promise.all([page.waitForEvent("download"), pack.getByRole("link", { name: "专利权质押合同" }).click()]);
    const resigned = await bytesOf(signed);
    await logout(page);
    const ok = await verifyOnPage(page, "contract.pdf", resigned);
    await expect(ok).toHaveAttribute("data-verdict", "valid");
    await expect(ok).toContainText("签名有效：文件自签署后未被修改");
    await expect(ok.getByTestId("verify-signature")).toHaveCount(2);
    await expect(ok.getByTestId("verify-signature").nth(0)).toContainText(ENTERPRISE);
    await expect(ok.getByTestId("verify-signature").nth(1)).toContainText(BANK);
    await page.screenshot({ path: "test-results/registration-verify.png", fullPage: true });
    const tampered = Buffer.from(resigned);
    const at = tampered.indexOf("/Title");
    tampered[at + 8] = tampered[at + 8]! ^ 0x01;
    const bad = await verifyOnPage(page, "contract-tampered.pdf", tampered);
    await expect(bad).toHaveAttribute("data-verdict", "invalid");
    await expect(bad).toContainText("验证失败");

    // The receiver heard of each step, every delivery signed with the endpoint's secret.
    const wanted = ["registration.filed", "registration.corrected", "registration.recorded"];
    const types = () => receiver.received.map((r) => (JSON.parse(r.body) as { type: string }).type);
    await expect.poll(() => wanted.every((w) => types().includes(w)), { timeout: 60_000 }).toBe(true);
    expect(receiver.received.every((r) => r.verifiedWith[0] === true)).toBe(true);
    for (const r of receiver.received) {
      const body = JSON.parse(r.body) as { type: string; data: Record<string, unknown> };
      expect(body.data.eventId).toMatch(/^evt_/);
      expect(body.data.applicationId).toBe(packUrl.split("/").pop());
    }
    // Once each: recording the pack is one registration.recorded, not one for the pack and one for the pledge.
    expect(types().filter((t) => t.startsWith("registration.")).sort()).toEqual(wanted.slice().sort());

    // The bank's console logs each delivery as delivered; the endpoint is switched off after the test.
    await login(page, "bank1@demo.ipm");
    await page.goto("/bank/webhooks");
    await page.getByRole("row", { name: /质押登记联调/ }).getByRole("link", { name: "查看" }).click();
    await expect(page).toHaveURL(/\/bank\/webhooks\/[0-9a-f-]{36}$/);
    const delivered = new Set(receiver.received.map((r) => r.id)).size;
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole("table", { name: "推送记录" }).getByRole("row").filter({ hasText: "已送达" })).toHaveCount(delivered, { timeout: 2_000 });
    }).toPass({ timeout: 30_000, intervals: [1_000] });
    await page.getByRole("button", { name: "停用" }).click();
    await expect(page.getByText("已手动停用")).toBeVisible();
  } finally {
    await receiver.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
