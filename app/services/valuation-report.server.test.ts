import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { valuate } from "#app/domain/valuation/engine";
import { inventionExample, trademarkExample } from "#app/domain/valuation/examples";
import { renderValuationReport } from "./valuation-report.server";

const id = "11111111-2222-4333-8444-555555555555";
const result = valuate(inventionExample);
const text = async (pdf: Buffer) => (await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true })).text;

describe("the valuation report PDF", () => {
  it("is a Chinese PDF whose text carries the value range, the model version and the formulas", async () => {
    const pdf = await renderValuationReport({ id, result, orgName: "上海芯微半导体科技有限公司", locale: "zh-CN" });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const s = await text(pdf);
    // Worked example 1 (engine.test.ts): ¥2,275,021.79 – ¥3,556,196.37, shown in whole yuan as on the page.
    expect(s).toContain("¥2,275,022 – ¥3,556,196");
    expect(s).toContain("知识产权价值评估报告");
    expect(s).toContain(result.modelVersion);
    expect(s).toContain("敏感性分析");
    // The first report parses the CJK font: seconds on a busy 2-core machine (the fault drills run beside it).
  }, 30_000);

  it("is byte-identical for the same result (so its SHA-256 is reproducible)", async () => {
    const a = await renderValuationReport({ id, result, orgName: "Demo", locale: "en" });
    const b = await renderValuationReport({ id, result, orgName: "Demo", locale: "en" });
    expect(Buffer.compare(a, b)).toBe(0);
  });

  it("falls back to an English report in a built-in font when no CJK font is available, instead of failing", async () => {
    const trademark = valuate(trademarkExample);
    const pdf = await renderValuationReport({ id, result: trademark, orgName: "上海芯微", locale: "zh-CN" }, { regular: null, bold: null, cjk: false, source: "none" });
    const s = await text(pdf);
    expect(s).toContain("IP Valuation Report");
    // Worked example 3; its Chinese title is replaced by the registration number.
    expect(s).toContain("CNY 2,343,915 – CNY 3,042,715");
    expect(s).toContain("17654321");
  });
});
