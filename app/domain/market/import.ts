import { INDUSTRIES } from "../industries";
import { AWARDS, LEGAL_STATUSES, splitList } from "./assets";

/**
 * Bulk import of assets: the columns a spreadsheet may have (Chinese or English headers), and how a
 * row's cells become the asset form's input, so one schema validates a typed form and an imported row.
 */
export const IMPORT_COLUMNS = {
  kind: ["类型", "种类", "资产类型", "type", "asset kind"],
  number: ["号码", "专利号", "申请号", "注册号", "专利申请号", "商标注册号", "patent number", "application number", "registration number"],
  title: ["名称", "标题", "专利名称", "商标名称", "title", "name"],
  titleEn: ["英文名称", "英文标题", "english title", "title (en)", "title en"],
  abstract: ["摘要", "简介", "abstract"],
  abstractEn: ["英文摘要", "english abstract", "abstract en"],
  filingDate: ["申请日", "申请日期", "filing date"],
  grantDate: ["授权日", "授权公告日", "注册日", "grant date", "registration date"],
  legalStatus: ["法律状态", "状态", "legal status", "status"],
  annuityPaidThrough: ["年费缴至", "年费缴纳至", "annuity paid through"],
  renewals: ["续展次数", "已续展次数", "renewals", "times renewed"],
  ipcClasses: ["ipc", "ipc分类", "ipc分类号", "ipc classes"],
  niceClasses: ["尼斯分类", "商标类别", "nice", "nice classes"],
  industry: ["行业", "所属行业", "industry"],
  overseasFamilyCount: ["海外同族", "海外同族数", "overseas family", "overseas family count"],
  awards: ["奖项", "获奖", "awards"],
  coOwners: ["共有人", "共同权利人", "co-owners", "co owners"],
} as const;
export type ImportColumn = keyof typeof IMPORT_COLUMNS;
/** A file must have at least these columns. */
export const REQUIRED_IMPORT_COLUMNS: ImportColumn[] = ["kind", "number", "title", "filingDate"];
export const MAX_IMPORT_ROWS = 10_000;

const norm = (s: string) => s.trim().toLowerCase().replace(/[\s_-]+/g, "");

const KIND_WORDS: Record<string, string> = {
  发明: "invention", 发明专利: "invention", invention: "invention",
  实用新型: "utility_model", 实用新型专利: "utility_model", utilitymodel: "utility_model",
  外观设计: "design", 外观设计专利: "design", design: "design",
  商标: "trademark", 注册商标: "trademark", trademark: "trademark",
};
const STATUS_WORDS: Record<string, string> = {
  有效: "valid", 授权: "valid", 专利权维持: "valid", 审中: "pending", 实审: "pending", 公开: "pending", 申请中: "pending",
  失效: "lapsed", 未缴年费: "lapsed", 终止: "lapsed", 届满: "expired", 期限届满: "expired", 无效: "invalidated", 全部无效: "invalidated",
  ...Object.fromEntries(LEGAL_STATUSES.map((s) => [s, s])),
};
const INDUSTRY_WORDS: Record<string, string> = {
  集成电路: "integrated_circuits", 生物医药: "biomedicine", 人工智能: "artificial_intelligence", 电子信息: "electronic_information",
  生命健康: "life_health", 汽车: "automotive", 高端装备: "high_end_equipment", 先进材料: "advanced_materials", 时尚消费品: "fashion_consumer", 其他: "other",
  ...Object.fromEntries(INDUSTRIES.map((s) => [norm(s), s])),
};
const AWARD_WORDS: Record<string, string> = {
  国家科学技术奖: "national_sti_award", 国家科技奖: "national_sti_award", 中国专利奖: "china_patent_award", 上海市专利奖: "shanghai_patent_award", 其他奖项: "other_award",
  ...Object.fromEntries(AWARDS.map((s) => [norm(s), s])),
};

/** Known words become keys; anything else passes through so the schema reports it as invalid. */
const word = (dict: Record<string, string>, v: string | undefined) => (v === undefined ? undefined : (dict[norm(v)] ?? dict[v.trim()] ?? v.trim()));

/** Co-owners typed as `名称|统一社会信用代码|同意; 名称2`. */
function coOwners(v: string | undefined) {
  if (!v) return undefined;
  return v.split(/[;；\n]+/).map((s) => s.trim()).filter(Boolean).map((entry) => {
    const [name, uscc, consent] = entry.split(/[|｜]/).map((x) => x.trim());
    return { name: name || undefined, uscc: uscc || undefined, consent: consent || undefined };
  });
}

export function importRowToFormInput(record: Partial<Record<ImportColumn, string>>): Record<string, unknown> {
  return {
    kind: word(KIND_WORDS, record.kind),
    number: record.number,
    title: record.title,
    titleEn: record.titleEn,
    abstract: record.abstract,
    abstractEn: record.abstractEn,
    filingDate: normaliseDate(record.filingDate),
    grantDate: normaliseDate(record.grantDate),
    legalStatus: word(STATUS_WORDS, record.legalStatus),
    annuityPaidThrough: normaliseDate(record.annuityPaidThrough),
    renewals: record.renewals,
    ipcClasses: record.ipcClasses,
    niceClasses: record.niceClasses,
    industry: word(INDUSTRY_WORDS, record.industry),
    overseasFamilyCount: record.overseasFamilyCount,
    awards: record.awards ? splitList(record.awards).map((a) => word(AWARD_WORDS, a)) : undefined,
    coOwners: coOwners(record.coOwners),
  };
}

/** `2017/7/20`, `2017.07.20` and `2017年7月20日` as `2017-07-20`; anything else unchanged (and then refused). */
export function normaliseDate(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(v.trim());
  if (!m) return v.trim();
  return `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
}
