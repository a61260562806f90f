import { inArray } from "drizzle-orm";
import type { Db } from "../client.server";
import type { DemoIds } from "./demo";
import { ipAssets, listingAssets, listings } from "../schema/index";
import { expiryDate, type AssetKind, type Award } from "#app/domain/market/assets";
import { addYears, shanghaiDate } from "#app/domain/dates";
import type { Industry } from "#app/domain/industries";
import { listingLifecycle, type ListingMode } from "#app/domain/market/listing";
import { patentCheckCharacter } from "#app/domain/patent-number";
import { transition } from "#app/domain/state-machine";
import { listingDocument } from "#app/services/market-shared.server";
import type { Technology } from "#app/domain/market/technology";

/** Demo numbers are fictitious; the check character is computed so that they validate. */
const pn = (digits: string) => `${digits}.${patentCheckCharacter(digits)}`;

type DemoAsset = {
  key: string; kind: AssetKind; number: string; title: string; titleEn: string; abstract: string; abstractEn?: string;
  filingDate: string; grantDate: string | null; industry: Industry; ipc?: string[]; nice?: number[]; overseas?: number; awards?: Award[];
  legalStatus?: "valid" | "pending" | "lapsed";
};

const ENTERPRISE: DemoAsset[] = [
  { key: "e-clock", kind: "invention", number: pn("201710601862"), title: "一种低功耗芯片时钟管理电路及其控制方法", titleEn: "Low-power clock management circuit for chips and its control method",
    abstract: "本发明公开了一种低功耗芯片时钟管理电路，通过动态门控与分级分频降低待机功耗，适用于物联网终端芯片。", abstractEn: "A clock management circuit that lowers standby power of IoT chips by dynamic gating and staged frequency division.",
    filingDate: "2017-07-20", grantDate: "2019-11-05", industry: "integrated_circuits", ipc: ["H03K 3/017", "G06F 1/32"], overseas: 2 },
  { key: "e-etch", kind: "invention", number: pn("201910238745"), title: "一种碳化硅功率器件的沟槽刻蚀方法", titleEn: "Trench etching method for silicon carbide power devices",
    abstract: "提供一种碳化硅沟槽刻蚀方法，改善沟槽底部圆角形貌，提高器件击穿电压与可靠性。", filingDate: "2019-03-28", grantDate: "2021-08-17", industry: "integrated_circuits", ipc: ["H01L 21/3065"] },
  { key: "e-probe", kind: "utility_model", number: pn("202120945617"), title: "一种晶圆测试探针卡的快速更换装置", titleEn: "Quick-change fixture for wafer probe cards",
    abstract: "本实用新型涉及一种探针卡快速更换装置，缩短晶圆测试换线时间。", filingDate: "2021-04-29", grantDate: "2021-12-10", industry: "integrated_circuits", ipc: ["G01R 1/073"] },
  { key: "e-tm", kind: "trademark", number: "38475621", title: "芯微 XINWEI", titleEn: "XINWEI", abstract: "第 9 类集成电路、半导体器件；第 42 类集成电路设计服务。",
    filingDate: "2019-05-06", grantDate: "2020-02-07", industry: "integrated_circuits", nice: [9, 42] },
];

const UNIVERSITY: DemoAsset[] = [
  { key: "u-anode", kind: "invention", number: pn("201810452316"), title: "一种锂离子电池硅碳负极材料的制备方法", titleEn: "Preparation method of silicon-carbon anode material for lithium-ion batteries",
    abstract: "本发明提供一种硅碳负极材料的制备方法，采用多孔碳骨架包覆纳米硅，循环 500 次容量保持率大于 90%。", abstractEn: "Nano-silicon coated by a porous carbon framework; over 90% capacity retention after 500 cycles.",
    filingDate: "2018-05-14", grantDate: "2020-10-23", industry: "advanced_materials", ipc: ["H01M 4/36", "H01M 4/587"], awards: ["shanghai_patent_award"] },
  { key: "u-ai", kind: "invention", number: pn("202010873264"), title: "一种基于深度学习的工业视觉缺陷检测方法", titleEn: "Deep-learning industrial visual defect detection method",
    abstract: "利用小样本迁移学习对产线图像进行缺陷检测，误检率低于 0.5%，适用于电子元器件外观检测。", abstractEn: "Few-shot transfer learning for defect detection on production-line images.",
    filingDate: "2020-08-26", grantDate: "2022-03-15", industry: "artificial_intelligence", ipc: ["G06T 7/00", "G06N 3/08"], overseas: 1 },
  { key: "u-drug", kind: "invention", number: pn("201610289537"), title: "一种靶向递送抗肿瘤药物的脂质纳米粒及其应用", titleEn: "Lipid nanoparticles for targeted delivery of anti-tumour drugs",
    abstract: "公开一种脂质纳米粒，可提高抗肿瘤药物在肿瘤部位的富集，降低全身毒性。", filingDate: "2016-04-22", grantDate: "2018-12-07", industry: "biomedicine", ipc: ["A61K 9/127", "A61P 35/00"], awards: ["china_patent_award"] },
  { key: "u-robot", kind: "utility_model", number: pn("202220367481"), title: "一种协作机器人关节用谐波减速器", titleEn: "Harmonic reducer for collaborative robot joints",
    abstract: "本实用新型公开一种结构紧凑的谐波减速器，回差小于 10 弧秒。", filingDate: "2022-02-18", grantDate: "2022-07-29", industry: "high_end_equipment", ipc: ["F16H 49/00"] },
  { key: "u-sensor", kind: "invention", number: pn("201910765342"), title: "一种柔性可穿戴汗液葡萄糖传感器", titleEn: "Flexible wearable sweat glucose sensor",
    abstract: "提供一种柔性汗液葡萄糖传感器，实现无创连续血糖监测。", filingDate: "2019-08-09", grantDate: "2021-05-11", industry: "life_health", ipc: ["A61B 5/145"] },
  { key: "u-battery-mgmt", kind: "invention", number: pn("202110395826"), title: "一种新能源汽车动力电池健康状态估计方法", titleEn: "State-of-health estimation for electric-vehicle traction batteries",
    abstract: "融合电化学阻抗谱与数据驱动模型估计动力电池健康状态，估计误差小于 2%。", filingDate: "2021-04-13", grantDate: null, industry: "automotive", ipc: ["G01R 31/392"], legalStatus: "pending" },
];

const BIOTECH: DemoAsset[] = [
  { key: "b-antibody", kind: "invention", number: pn("201810937264"), title: "一种抗 PD-L1 单克隆抗体及其制备方法", titleEn: "Anti-PD-L1 monoclonal antibody and its preparation",
    abstract: "本发明提供一种高亲和力的抗 PD-L1 单克隆抗体，可用于肿瘤免疫治疗。", filingDate: "2018-09-17", grantDate: "2021-01-26", industry: "biomedicine", ipc: ["C07K 16/28"], overseas: 3 },
];

type DemoListing = {
  assets: string[]; mode: ListingMode; title: string; titleEn: string; description: string; status: "published" | "pending_review";
  askingPriceFen?: bigint | null; openFeeFen?: bigint | null; royaltyBp?: number | null; termMonths?: number | null; territory?: string | null;
  technology?: Technology;
};

const LISTINGS: DemoListing[] = [
  { assets: ["u-anode"], mode: "open_licence", status: "published", title: "硅碳负极材料制备方法（开放许可）", titleEn: "Silicon-carbon anode preparation (open licence)",
    description: "高校沉睡专利开放许可：一次性许可费 5 万元，许可期 3 年，附技术交底与 2 次现场指导。", openFeeFen: 5_000_000n, royaltyBp: null, termMonths: 36, territory: "中国大陆" },
  { assets: ["u-ai"], mode: "non_exclusive_licence", status: "published", title: "工业视觉缺陷检测算法普通许可", titleEn: "Industrial visual defect detection: non-exclusive licence",
    description: "适用于电子元器件、纺织面料外观检测，可提供训练数据集与部署支持。", askingPriceFen: 30_000_000n, termMonths: 24, territory: "中国大陆",
    technology: {
      zh: { problem: "小批量、多品种产线缺陷样本少，人工目检漏检率高。", solution: "以少量标注样本迁移训练检测模型，在线自学习新缺陷类型。",
        advantages: "良率提升 10% 以上，单工位替代 2 名目检员。", applications: "电子元器件、纺织面料、注塑件外观检测。" },
      en: { problem: "Small-batch lines have few defect samples; manual inspection misses defects.", solution: "Transfer learning from a few labelled samples, learning new defect types online.",
        advantages: "Yield up by more than 10 %; one station replaces two inspectors.", applications: "Electronic components, textiles, moulded parts." },
      trl: 7, includes: ["know_how", "technical_support", "documents"],
    } },
  { assets: ["u-drug"], mode: "exclusive_licence", status: "published", title: "抗肿瘤靶向递送脂质纳米粒独占许可", titleEn: "Targeted anti-tumour lipid nanoparticles: exclusive licence",
    description: "中国专利奖获奖专利，寻求具备制剂能力的生物医药企业独占许可合作。", askingPriceFen: null, royaltyBp: 500, termMonths: 60, territory: "中国大陆" },
  { assets: ["u-robot"], mode: "transfer", status: "published", title: "协作机器人谐波减速器实用新型转让", titleEn: "Harmonic reducer for cobots: transfer",
    description: "整体转让，含图纸与样机测试报告。", askingPriceFen: 12_000_000n },
  { assets: ["e-clock", "e-etch"], mode: "non_exclusive_licence", status: "published", title: "低功耗芯片时钟管理与碳化硅刻蚀专利包", titleEn: "Low-power clock management and SiC etching patent bundle",
    description: "两项发明专利打包普通许可，适合功率器件与物联网芯片企业。", askingPriceFen: 80_000_000n, termMonths: 36, territory: "中国大陆" },
  { assets: ["e-tm"], mode: "non_exclusive_licence", status: "published", title: "“芯微 XINWEI”商标许可（第 9、42 类）", titleEn: "XINWEI trademark licence (classes 9 and 42)",
    description: "用于集成电路产品及设计服务。", askingPriceFen: 5_000_000n, termMonths: 12, territory: "上海市" },
  { assets: ["b-antibody"], mode: "sole_licence", status: "published", title: "抗 PD-L1 单抗排他许可", titleEn: "Anti-PD-L1 antibody: sole licence",
    description: "有 3 件海外同族，寻求临床开发合作方。", askingPriceFen: 2_000_000_000n, royaltyBp: 300, termMonths: 120, territory: "中国大陆" },
  { assets: ["u-sensor"], mode: "transfer", status: "pending_review", title: "柔性汗液葡萄糖传感器专利转让", titleEn: "Flexible sweat glucose sensor: transfer",
    description: "待平台审核。", askingPriceFen: 45_000_000n },
];

/**
 * Demo data of the marketplace: patents and a trademark of the demo enterprise, dormant patents of
 * the demo university, a biotech patent, and listings in every mode (one open licence), published as
 * an admin would, plus one waiting in the review queue.
 */
export async function seedMarket(db: Db, ids: DemoIds) {
  const owners: Record<string, string | undefined> = { e: ids.orgs.enterprise, u: ids.orgs.university, b: ids.orgs.enterprise2 };
  const users: Record<string, string | undefined> = { e: ids.users.enterprise, u: ids.users.university, b: ids.users.enterprise2 };
  const all = [...ENTERPRISE, ...UNIVERSITY, ...BIOTECH];
  const existing = new Set((await db.select({ number: ipAssets.number }).from(ipAssets).where(inArray(ipAssets.number, all.map((a) => a.number)))).map((r) => r.number));
  const today = shanghaiDate();
  const assetIds: Record<string, string> = {};
  for (const a of all) {
    const owner = owners[a.key[0]!];
    if (!owner || existing.has(a.number)) continue;
    const [row] = await db.insert(ipAssets).values({
      ownerOrgId: owner, kind: a.kind, number: a.number, title: a.title, titleEn: a.titleEn, abstract: a.abstract, abstractEn: a.abstractEn ?? null,
      filingDate: a.filingDate, grantDate: a.grantDate, expiryDate: expiryDate({ kind: a.kind, filingDate: a.filingDate, registrationDate: a.grantDate })!,
      legalStatus: a.legalStatus ?? "valid",
      annuityPaidThrough: a.kind === "trademark" ? null : `${addYears(today, 1).slice(0, 4)}${a.filingDate.slice(4)}`,
      ipcClasses: a.ipc ?? [], niceClasses: a.nice ?? [], industry: a.industry, overseasFamilyCount: a.overseas ?? 0, awards: a.awards ?? [],
      createdBy: users[a.key[0]!] ?? null,
    }).returning({ id: ipAssets.id });
    assetIds[a.key] = row!.id;
  }
  const now = new Date();
  for (const [i, l] of LISTINGS.entries()) {
    if (!l.assets.every((k) => assetIds[k])) continue;
    const rows = await db.select().from(ipAssets).where(inArray(ipAssets.id, l.assets.map((k) => assetIds[k]!)));
    const sellerOrgId = rows[0]!.ownerOrgId;
    let status = transition("listing", listingLifecycle, "draft", "submit");
    if (l.status === "published") status = transition("listing", listingLifecycle, status, "approve");
    const base = { title: l.title, titleEn: l.titleEn, description: l.description, technology: l.technology ?? null, sellerOrgId };
    // Staggered publication times, so "newest first" has an order.
    const at = new Date(now.getTime() - (LISTINGS.length - i) * 3_600_000);
    const [row] = await db.insert(listings).values({
      ...base, createdBy: users[l.assets[0]![0]!] ?? null, mode: l.mode, status,
      askingPriceFen: l.mode === "open_licence" ? null : (l.askingPriceFen ?? null), openFeeFen: l.openFeeFen ?? null, royaltyBp: l.royaltyBp ?? null,
      termMonths: l.termMonths ?? null, territory: l.territory ?? null,
      priceFen: l.mode === "open_licence" ? (l.openFeeFen ?? null) : (l.askingPriceFen ?? null),
      submittedAt: at, publishedAt: status === "published" ? at : null, reviewedAt: status === "published" ? at : null,
      reviewedBy: status === "published" ? (ids.users.platform ?? null) : null,
      ...(await listingDocument(db, base, rows)),
    }).returning({ id: listings.id });
    await db.insert(listingAssets).values(rows.map((r) => ({ listingId: row!.id, assetId: r.id })));
    if (l.mode === "open_licence") ids.extra.openLicenceListing = row!.id;
  }
  ids.extra.marketAssets = Object.values(assetIds).join(",");
}
