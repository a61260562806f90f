import { addMonths, type IsoDate } from "../dates";
import type { PackKind, Party } from "./lifecycle";

/**
 * What the registration pack's documents say, as plain data (the PDF renderer lays it out). The
 * documents are in Chinese because CNIPA takes them in Chinese; the platform's own pages around
 * them are bilingual.
 *
 * The pledge contract carries every item 《专利权质押登记办法》 (2021) art. 8 asks for — the parties'
 * names and addresses, the kind and amount of the secured debt, the debtor's term, the number of
 * patents with each one's title, number, filing date and grant announcement date, and the scope of
 * the guarantee — and for trademarks the items of 《注册商标专用权质押登记程序规定》 art. 5 (the
 * registration number, class and term of each mark instead).
 */
export type PartyFacts = { name: string; uscc: string; address: string | null };
export type PackAsset = {
  kind: "invention" | "utility_model" | "design" | "trademark"; number: string; title: string;
  filingDate: IsoDate; grantDate: IsoDate | null; expiryDate: IsoDate; niceClasses: number[]; sameDayApplications: string[];
};
export type PackFacts = {
  kind: PackKind;
  applicationId: string;
  revision: number;
  issuedOn: IsoDate;
  pledgor: PartyFacts;
  pledgee: PartyFacts;
  debt: { amountFen: bigint; termMonths: number; rateBp: number; startsOn: IsoDate };
  assets: PackAsset[];
  /** The agent filing for the parties (代理机构), when one acts: a power of attorney joins the pack. */
  agent: string | null;
  /** The valuation report the form declares, if any. */
  valuation: { id: string; lowFen: bigint; baseFen: bigint; completedOn: IsoDate } | null;
  /** Correction notices answered in this revision (补正). */
  corrections: { receivedOn: IsoDate; items: string }[];
  /** A change pack: what changes. A cancellation pack: why the pledge ends. */
  change: string | null;
  cancellation: { settledOn: IsoDate; cnipaNumber: string | null } | null;
};

export const DOC_KINDS = [
  "contract", "form", "declaration", "commitment", "power_of_attorney", "change_agreement", "settlement_proof", "checklist",
] as const;
export type DocKind = (typeof DOC_KINDS)[number];

export type DocSection = { heading?: string; lines: string[] };
export type DocContent = { kind: DocKind; title: string; sections: DocSection[]; signedBy: Party[] };

export const GUARANTEE_SCOPE = "主债权本金、利息、罚息、复利、违约金、损害赔偿金以及质权人实现质权的费用（包括但不限于诉讼费、律师费、评估费、拍卖费）";

const isTrademarkPack = (f: PackFacts) => f.assets.length > 0 && f.assets.every((a) => a.kind === "trademark");
/**
 * Patents and registered trademarks pledged together: CNIPA registers a patent pledge and a trademark
 * pledge by separate procedures, each with its own form and contract, so one pack cannot serve both
 * (it would list a trademark in a patent contract). The packs are made one per register (lifecycle.registriesOf),
 * so this holds only as a guard: a pack whose facts mix them is refused.
 */
export const mixesRegistries = (f: Pick<PackFacts, "assets">) =>
  f.assets.some((a) => a.kind === "trademark") && f.assets.some((a) => a.kind !== "trademark");
const KIND_ZH: Record<PackAsset["kind"], string> = { invention: "发明专利", utility_model: "实用新型专利", design: "外观设计专利", trademark: "注册商标" };

export function yuan(fen: bigint): string {
  const neg = fen < 0n;
  const abs = neg ? -fen : fen;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${neg ? "-" : ""}人民币 ${whole}.${(abs % 100n).toString().padStart(2, "0")} 元`;
}
const pct = (bp: number) => `${(bp / 100).toFixed(2)}%`;

export function debtEndsOn(f: PackFacts): IsoDate {
  return addMonths(f.debt.startsOn, f.debt.termMonths);
}

function assetLines(f: PackFacts): string[] {
  if (isTrademarkPack(f)) {
    return f.assets.map((a, i) => `${i + 1}. 注册号 ${a.number}，商标「${a.title}」，核定使用商品/服务类别 第 ${a.niceClasses.join("、") || "—"} 类，专用期至 ${a.expiryDate}`);
  }
  return f.assets.map((a, i) =>
    `${i + 1}. ${KIND_ZH[a.kind]}「${a.title}」，专利号 ZL${a.number}，申请日 ${a.filingDate}，授权公告日 ${a.grantDate ?? "（未授权）"}`);
}

const partyLines = (f: PackFacts) => [
  `出质人：${f.pledgor.name}（统一社会信用代码 ${f.pledgor.uscc}），住所：${f.pledgor.address ?? "（未填写）"}`,
  `质权人：${f.pledgee.name}（统一社会信用代码 ${f.pledgee.uscc}），住所：${f.pledgee.address ?? "（未填写）"}`,
];

/** The art. 8 items a contract built from these facts would lack (ground 7 of the pre-check). */
export function missingContractItems(f: PackFacts): string[] {
  const missing: string[] = [];
  if (!f.pledgor.name || !f.pledgor.address) missing.push("pledgorAddress");
  if (!f.pledgee.name || !f.pledgee.address) missing.push("pledgeeAddress");
  if (f.debt.amountFen <= 0n) missing.push("debtAmount");
  if (f.debt.termMonths <= 0) missing.push("debtTerm");
  if (f.assets.length === 0) missing.push("assets");
  if (f.assets.some((a) => a.kind !== "trademark" && !a.grantDate)) missing.push("grantDate");
  return missing;
}

function contract(f: PackFacts): DocContent {
  const tm = isTrademarkPack(f);
  return {
    kind: "contract",
    title: tm ? "注册商标专用权质权合同" : "专利权质押合同",
    signedBy: ["pledgor", "pledgee"],
    sections: [
      { heading: "第一条 当事人", lines: partyLines(f) },
      { heading: "第二条 被担保的主债权种类和数额", lines: [
        `被担保的主债权为质权人依《借款合同》向出质人发放的知识产权质押贷款（流动资金贷款），本金 ${yuan(f.debt.amountFen)}，年利率 ${pct(f.debt.rateBp)}。`,
      ] },
      { heading: "第三条 债务人履行债务的期限", lines: [`自 ${f.debt.startsOn} 起至 ${debtEndsOn(f)} 止，共 ${f.debt.termMonths} 个月。`] },
      { heading: tm ? "第四条 出质注册商标清单" : "第四条 出质专利权", lines: [
        tm ? `出质注册商标共 ${f.assets.length} 件：` : `出质专利权共 ${f.assets.length} 项：`, ...assetLines(f),
      ] },
      { heading: "第五条 质押担保的范围", lines: [`${GUARANTEE_SCOPE}。`] },
      { heading: "第六条 其他约定", lines: [
        "质押期间，未经质权人书面同意，出质人不得转让或者许可他人实施出质的权利；出质人应按时缴纳年费或办理续展，维持权利有效。",
        "本合同自双方电子签名之日起生效，质权自国家知识产权局办理出质登记时设立。",
      ] },
    ],
  };
}

function form(f: PackFacts): DocContent {
  const tm = isTrademarkPack(f);
  const title = {
    registration: tm ? "商标专用权质权登记申请书" : "专利权质押登记申请表",
    change: tm ? "商标专用权质权登记事项变更申请书" : "专利权质押登记变更申请表",
    cancellation: tm ? "商标专用权质权登记注销申请书" : "专利权质押登记注销申请表",
  }[f.kind];
  const sections: DocSection[] = [
    { heading: "一、当事人", lines: partyLines(f) },
    { heading: tm ? "二、出质商标" : "二、出质专利", lines: assetLines(f) },
    { heading: "三、被担保债权", lines: [`${yuan(f.debt.amountFen)}，债务履行期限 ${f.debt.startsOn} 至 ${debtEndsOn(f)}`] },
    { heading: "四、代理", lines: [f.agent ? `委托代理机构：${f.agent}（附委托书）` : "当事人自行办理，未委托代理机构"] },
    { heading: "五、评估报告", lines: [f.valuation
      ? `已进行价值评估：评估报告编号 ${f.valuation.id}，评估日 ${f.valuation.completedOn}，评估值 ${yuan(f.valuation.lowFen)} 至 ${yuan(f.valuation.baseFen)}（附评估报告）`
      : "未提交评估报告"] },
  ];
  if (f.kind === "change") sections.push({ heading: "六、变更事项", lines: [f.change ?? ""] });
  if (f.kind === "cancellation" && f.cancellation) {
    sections.push({ heading: "六、注销原因", lines: [`被担保债权已于 ${f.cancellation.settledOn} 全部清偿，质权消灭。原登记号：${f.cancellation.cnipaNumber ?? "—"}`] });
  }
  if (f.corrections.length) {
    sections.push({ heading: "补正说明", lines: f.corrections.map((c, i) => `${i + 1}. ${c.receivedOn} 补正通知：${c.items}（已按通知补正）`) });
  }
  sections.push({ heading: "声明", lines: ["出质人和质权人保证所填内容及所附材料真实、合法、有效，并共同申请办理上述登记。"] });
  return { kind: "form", title, sections, signedBy: ["pledgor", "pledgee"] };
}

function declaration(f: PackFacts): DocContent {
  const sameDay = f.assets.filter((a) => a.sameDayApplications.length > 0);
  return {
    kind: "declaration",
    title: "关于同日申请实用新型和发明专利的声明",
    signedBy: ["pledgor", "pledgee"],
    sections: [{ lines: sameDay.length
      ? [
        "出质专利中存在同日申请的实用新型专利和发明专利：",
        ...sameDay.map((a) => `ZL${a.number} 与 ${a.sameDayApplications.join("、")}`),
        "出质人与质权人知悉上述情况，仍同意办理质押登记。",
      ]
      : ["出质人声明：出质专利不存在同一申请人同日对同样的发明创造既申请实用新型专利又申请发明专利的情形。"] }],
  };
}

function commitment(f: PackFacts): DocContent {
  return {
    kind: "commitment",
    title: "当事人身份证明承诺书",
    signedBy: ["pledgor", "pledgee"],
    sections: [{ lines: [
      `出质人 ${f.pledgor.name}（统一社会信用代码 ${f.pledgor.uscc}）与质权人 ${f.pledgee.name}（统一社会信用代码 ${f.pledgee.uscc}）`,
      "承诺：双方为依法设立并有效存续的主体，经平台核验的营业执照信息真实有效；本次办理登记的签名人均已获得本单位授权。",
      "以电子签名签署的本承诺书代替营业执照复印件加盖公章的身份证明文件。",
    ] }],
  };
}

function powerOfAttorney(f: PackFacts): DocContent {
  return {
    kind: "power_of_attorney",
    title: "委托书",
    signedBy: ["pledgor", "pledgee"],
    sections: [{ lines: [
      `委托人：${f.pledgor.name}、${f.pledgee.name}`,
      `受托人：${f.agent}`,
      `现委托受托人代为办理${f.kind === "registration" ? "出质登记" : f.kind === "change" ? "质押登记变更" : "质押登记注销"}手续，包括提交申请、办理补正、领取通知书。`,
    ] }],
  };
}

function changeAgreement(f: PackFacts): DocContent {
  return {
    kind: "change_agreement", title: "质押合同变更协议", signedBy: ["pledgor", "pledgee"],
    sections: [{ lines: [...partyLines(f), `双方协商一致，对原质押合同作如下变更：${f.change ?? ""}`, "除上述变更外，原合同其他条款继续有效。"] }],
  };
}

function settlementProof(f: PackFacts): DocContent {
  return {
    kind: "settlement_proof", title: "债务清偿证明", signedBy: ["pledgee"],
    sections: [{ lines: [
      `质权人 ${f.pledgee.name} 证明：出质人 ${f.pledgor.name} 在借款合同项下的债务（本金 ${yuan(f.debt.amountFen)}）已于 ${f.cancellation?.settledOn ?? ""} 全部清偿，`,
      `质权人同意注销登记号为 ${f.cancellation?.cnipaNumber ?? "—"} 的质押登记。`,
    ] }],
  };
}

/** The signed documents of a pack, in the order CNIPA's online system asks for them. */
export function packDocuments(f: PackFacts): DocContent[] {
  const docs: DocContent[] = [form(f)];
  if (f.kind === "registration") docs.push(contract(f), commitment(f));
  if (f.kind === "registration" && !isTrademarkPack(f)) docs.push(declaration(f));
  if (f.kind === "change") docs.push(changeAgreement(f), commitment(f));
  if (f.kind === "cancellation") docs.push(settlementProof(f));
  if (f.agent) docs.push(powerOfAttorney(f));
  return docs;
}

/** The checklist (材料清单) that heads the archive: each file and what it is. */
export function checklist(f: PackFacts, files: { name: string; doc: DocKind | "valuation_report" }[]): DocContent {
  const what: Record<DocKind | "valuation_report", string> = {
    form: "登记申请表（双方电子签名）", contract: "质押合同（双方电子签名）", declaration: "同日申请声明（双方电子签名）",
    commitment: "当事人身份证明承诺书（双方电子签名）", power_of_attorney: "代理委托书（双方电子签名）",
    change_agreement: "变更协议（双方电子签名）", settlement_proof: "债务清偿证明（质权人电子签名）", checklist: "材料清单",
    valuation_report: "评估报告（平台出具）",
  };
  return {
    kind: "checklist", title: "材料清单", signedBy: [],
    sections: [
      { lines: [`申请：${f.kind === "registration" ? "出质登记" : f.kind === "change" ? "变更登记" : "注销登记"}，第 ${f.revision} 版，${f.issuedOn}`] },
      { lines: files.map((x, i) => `${i + 1}. ${x.name} — ${what[x.doc]}`) },
      { lines: ["各文件的电子签名可在平台的“文件验证”页面或任何 PDF 签名校验工具中核验。"] },
    ],
  };
}

/** File names inside the archive: ASCII-safe order prefix, Chinese title. */
export function fileName(index: number, doc: DocContent): string {
  return `${String(index + 1).padStart(2, "0")}-${doc.title}.pdf`;
}

/** Who signs a document of this kind (the checklist is the platform's, unsigned). */
export function signersOf(kind: string): Party[] {
  if (kind === "checklist") return [];
  if (kind === "settlement_proof") return ["pledgee"];
  return ["pledgor", "pledgee"];
}
