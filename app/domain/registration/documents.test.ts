import { describe, expect, it } from "vitest";
import { missingContractItems, mixesRegistries, packDocuments, type PackFacts } from "./documents";

const facts = (over: Partial<PackFacts> = {}): PackFacts => ({
  kind: "registration", applicationId: "a1", revision: 1, issuedOn: "2026-03-02",
  pledgor: { name: "上海芯测科技有限公司", uscc: "91310115MA1H7XYZ2K", address: "上海市浦东新区张江路 1 号" },
  pledgee: { name: "申城银行张江科技支行", uscc: "91310000132210001X", address: "上海市浦东新区科苑路 88 号" },
  debt: { amountFen: 2_000_000_00n, termMonths: 12, rateBp: 390, startsOn: "2026-03-02" },
  assets: [{ kind: "invention", number: "202010532781.5", title: "一种芯片封装方法", filingDate: "2020-05-06", grantDate: "2022-01-04", expiryDate: "2040-05-05", niceClasses: [], sameDayApplications: [] }],
  agent: null, valuation: null, corrections: [], change: null, cancellation: null,
  ...over,
});
const text = (f: PackFacts, kind: string) => packDocuments(f).find((d) => d.kind === kind)!.sections.flatMap((s) => [s.heading ?? "", ...s.lines]).join("\n");

describe("the pledge contract (《专利权质押登记办法》 art. 8)", () => {
  it("names both parties with their addresses, the debt's kind, amount and term, each patent and the scope", () => {
    const c = text(facts(), "contract");
    for (const part of ["上海芯测科技有限公司", "上海市浦东新区张江路 1 号", "申城银行张江科技支行", "上海市浦东新区科苑路 88 号",
      "知识产权质押贷款", "人民币 2,000,000.00 元", "2026-03-02 起至 2027-03-02", "共 1 项", "一种芯片封装方法", "ZL202010532781.5",
      "申请日 2020-05-06", "授权公告日 2022-01-04", "质押担保的范围"]) expect(c).toContain(part);
  });

  it("lists a trademark's registration number, class and term in a 商标专用权质权合同", () => {
    const f = facts({ assets: [{ kind: "trademark", number: "30123456", title: "芯测", filingDate: "2018-01-01", grantDate: "2019-02-07", expiryDate: "2029-02-06", niceClasses: [9, 42], sameDayApplications: [] }] });
    const docs = packDocuments(f);
    expect(docs.map((d) => d.title)).toEqual(["商标专用权质权登记申请书", "注册商标专用权质权合同", "当事人身份证明承诺书"]);
    expect(text(f, "contract")).toContain("注册号 30123456，商标「芯测」，核定使用商品/服务类别 第 9、42 类，专用期至 2029-02-06");
  });

  it("reports a missing address as a missing art. 8 item", () => {
    expect(missingContractItems(facts())).toEqual([]);
    expect(missingContractItems(facts({ pledgee: { name: "银行", uscc: "x", address: null } }))).toEqual(["pledgeeAddress"]);
  });
});

describe("the pack's documents", () => {
  it("adds a power of attorney only when an agent acts, and declares same-day filings", () => {
    expect(packDocuments(facts()).map((d) => d.kind)).toEqual(["form", "contract", "commitment", "declaration"]);
    const f = facts({ agent: "上海某专利代理事务所", assets: [{ ...facts().assets[0]!, sameDayApplications: ["202020123456.1"] }] });
    expect(packDocuments(f).map((d) => d.kind)).toContain("power_of_attorney");
    expect(text(f, "declaration")).toContain("仍同意办理质押登记");
  });

  it("makes a cancellation pack of the cancellation form and the pledgee's proof that the debt ended", () => {
    const f = facts({ kind: "cancellation", cancellation: { settledOn: "2027-03-01", cnipaNumber: "Y2026310000123" } });
    const docs = packDocuments(f);
    expect(docs.map((d) => d.title)).toEqual(["专利权质押登记注销申请表", "债务清偿证明"]);
    expect(docs[1]!.signedBy).toEqual(["pledgee"]);
    expect(text(f, "form")).toContain("2027-03-01 全部清偿");
  });

  it("makes a change pack with the change form and agreement", () => {
    const f = facts({ kind: "change", change: "债务履行期限延长至 2027-09-02" });
    expect(packDocuments(f).map((d) => d.kind)).toEqual(["form", "change_agreement", "commitment"]);
    expect(text(f, "change_agreement")).toContain("延长至 2027-09-02");
  });

  it("shows the correction notice it answers in a corrected form", () => {
    const f = facts({ revision: 2, corrections: [{ receivedOn: "2026-03-04", items: "质权人住所与营业执照不一致" }] });
    expect(text(f, "form")).toContain("2026-03-04 补正通知：质权人住所与营业执照不一致");
  });
});

describe("one registry per pack", () => {
  it("tells patents pledged with trademarks apart from patents or trademarks alone", () => {
    const tm = { kind: "trademark" as const, number: "30123456", title: "芯测", filingDate: "2018-01-01", grantDate: "2019-02-07", expiryDate: "2029-02-06", niceClasses: [9], sameDayApplications: [] };
    const patent = facts().assets[0]!;
    expect(mixesRegistries({ assets: [patent] })).toBe(false);
    expect(mixesRegistries({ assets: [tm, { ...tm, number: "30123457" }] })).toBe(false);
    expect(mixesRegistries({ assets: [patent, tm] })).toBe(true);
  });
});
