import { describe, expect, it } from "vitest";
import { parseDecimalToFen, parseWhitelist, tableToSheet, FEN_PER_WAN } from "./campaign-whitelist";
import { usccCheckCharacter } from "./uscc";

const uscc = (first17: string) => first17 + usccCheckCharacter(first17);
const A = uscc("91310115MA1K3ABC0");
const B = uscc("91310104MA1FL2XY0");
const C = uscc("91310115MA1H7TE3T");
const HEADER = ["企业名称", "统一社会信用代码", "融资需求（万元）", "融资用途", "联系人", "联系电话"];

describe("whitelist amounts", () => {
  it("turns 万元 with decimals into exact 分 without floating point", () => {
    expect(parseDecimalToFen("500", FEN_PER_WAN)).toBe(500_000_000n);
    expect(parseDecimalToFen("12.5", FEN_PER_WAN)).toBe(12_500_000n);
    expect(parseDecimalToFen("0.000001", FEN_PER_WAN)).toBe(1n);
    expect(parseDecimalToFen("1,200.5", FEN_PER_WAN)).toBe(1_200_500_000n);
    expect(parseDecimalToFen("３００", FEN_PER_WAN)).toBe(300_000_000n);
  });

  it("refuses amounts finer than one 分, negative or not numbers", () => {
    expect(parseDecimalToFen("0.0000001", FEN_PER_WAN)).toBeNull();
    expect(parseDecimalToFen("-5", FEN_PER_WAN)).toBeNull();
    expect(parseDecimalToFen("五百", FEN_PER_WAN)).toBeNull();
    expect(parseDecimalToFen("1e3", FEN_PER_WAN)).toBeNull();
  });
});

describe("whitelist rows", () => {
  it("reads Chinese headers and normalises the credit code", () => {
    const r = parseWhitelist(tableToSheet([HEADER, ["上海芯微", A.toLowerCase(), "800", "研发投入", "李强", "021-5080 1234"]]));
    expect(r.errors).toEqual([]);
    expect(r.rows).toEqual([{
      line: 2, enterpriseName: "上海芯微", uscc: A, needFen: 800_000_000n, purpose: "研发投入", contactName: "李强",
      contactPhone: "021-5080 1234", industry: null,
    }]);
  });

  it("reads English headers in any order and case", () => {
    const r = parseWhitelist(tableToSheet([["USCC", "Financing need (10k yuan)", "Enterprise name"], [B, "50", "Kangyan Bio"]]));
    expect(r.errors).toEqual([]);
    expect(r.rows[0]).toMatchObject({ enterpriseName: "Kangyan Bio", uscc: B, needFen: 50_000_000n });
  });

  it("reports every bad row with its line, field and message, and keeps only the good rows", () => {
    const r = parseWhitelist(tableToSheet([
      HEADER,
      ["好企业", A, "100", "", "", ""],
      ["", "91310115MA1K3ABC0912", "abc", "", "", ""],
      ["校验错", A.slice(0, 17) + (A[17] === "0" ? "1" : "0"), "10", "", "", ""],
      ["重复", A, "10", "", "", ""],
      ["负数", C, "0", "", "", "phone?"],
    ]));
    expect(r.rows.map((x) => x.line)).toEqual([2]);
    expect(r.errors).toEqual(expect.arrayContaining([
      { line: 3, field: "enterpriseName", key: "errors.required" },
      { line: 3, field: "uscc", key: "errors.usccLength" },
      { line: 3, field: "needAmount", key: "errors.number" },
      { line: 4, field: "uscc", key: "errors.usccCheck" },
      { line: 5, field: "uscc", key: "campaign.import.err.duplicateInFile", params: { first: 2 } },
      { line: 6, field: "needAmount", key: "errors.positive" },
      { line: 6, field: "contactPhone", key: "campaign.import.err.phone" },
    ]));
    expect(r.errors).toHaveLength(7);
  });

  it("names a missing required column instead of failing every row", () => {
    const r = parseWhitelist(tableToSheet([["企业名称", "融资需求（万元）"], ["X", "1"]]));
    expect(r.rows).toEqual([]);
    expect(r.errors).toEqual([{ line: 1, field: "uscc", key: "campaign.import.err.missingColumn" }]);
  });

  it("keeps spreadsheet line numbers when blank rows were skipped", () => {
    const r = parseWhitelist({ headers: HEADER, rows: [{ line: 5, values: ["", "bad", "1", "", "", ""] }] });
    expect(r.errors.every((e) => e.line === 5)).toBe(true);
  });

  it("maps an industry label through the lookup and rejects an unknown one", () => {
    const lookup = (s: string) => (s === "集成电路" ? "integrated_circuits" : null);
    const r = parseWhitelist(tableToSheet([[...HEADER, "所属行业"], ["甲", A, "1", "", "", "", "集成电路"], ["乙", B, "1", "", "", "", "造船"]]), { industryOf: lookup });
    expect(r.rows[0]?.industry).toBe("integrated_circuits");
    expect(r.errors).toEqual([{ line: 3, field: "industry", key: "campaign.import.err.industry" }]);
  });
});
