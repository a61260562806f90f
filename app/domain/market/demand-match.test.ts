import { describe, expect, it } from "vitest";
import { isProposed, keywordHits, scoreCandidate, textTerms, type DemandText } from "./demand-match";
import { normaliseDocument } from "./search";

const zh: DemandText = {
  title: "寻求耐高温锂电池隔膜技术", titleEn: null, problem: "现有隔膜在 150℃ 以上收缩，需要提高锂电池隔膜的耐热性与安全性。", problemEn: null,
  keywords: ["锂电池", "隔膜"], industry: "advanced_materials", ipcClasses: ["H01M 50/403"],
};
const en: DemandText = {
  title: "Harmonic reducer for robot joints", titleEn: null, problem: "We need a compact harmonic reducer with low backlash for collaborative robots.", problemEn: null,
  keywords: ["harmonic reducer", "backlash"], industry: "high_end_equipment", ipcClasses: [],
};

describe("demand matching", () => {
  it("scores a fitting Chinese patent above the threshold, with the keywords, shared terms, industry and IPC as reasons", () => {
    const m = scoreCandidate(zh, { text: "一种耐高温锂电池隔膜及其制备方法\n隔膜在 200℃ 不收缩，提高电池安全性", industry: "advanced_materials", ipcClasses: ["H01M 50/409"] });
    expect(isProposed(m)).toBe(true);
    expect(m.reasons.map((r) => r.kind)).toEqual(["keywords", "text", "industry", "ipc"]);
    expect(m.reasons[0]).toEqual({ kind: "keywords", terms: ["锂电池", "隔膜"] });
    expect(m.reasons.find((r) => r.kind === "text")).toEqual({ kind: "text", terms: ["耐高温锂电池隔膜", "隔膜在", "安全性", "收缩"] });
  });

  it("does not propose an unrelated patent of the same industry", () => {
    const m = scoreCandidate(zh, { text: "一种碳纤维复合材料的成型模具", industry: "advanced_materials", ipcClasses: ["B29C 70/00"] });
    expect(isProposed(m)).toBe(false);
  });

  it("matches English words whole and stems plurals", () => {
    expect(keywordHits("backlash", normaliseDocument("Low backlash reducers"))).toBe(true);
    expect(keywordHits("ai", normaliseDocument("a chain drive"))).toBe(false);
    expect(textTerms("Harmonic reducers").has("reducer")).toBe(true);
    const m = scoreCandidate(en, { text: "Harmonic reducer for cobots: transfer\n一种协作机器人关节用谐波减速器", industry: "high_end_equipment", ipcClasses: ["F16H 49/00"] });
    expect(isProposed(m)).toBe(true);
    expect(scoreCandidate(en, { text: "Deep-learning industrial visual defect detection", industry: "artificial_intelligence", ipcClasses: [] }).score).toBe(0);
  });

  it("an IPC subclass alone weighs less than the same main group", () => {
    const base = { ...zh, keywords: ["不存在的词"] };
    const group = scoreCandidate(base, { text: "", industry: "other", ipcClasses: ["H01M 50/411"] });
    const sub = scoreCandidate(base, { text: "", industry: "other", ipcClasses: ["H01M 4/36"] });
    expect(group.score).toBeGreaterThan(sub.score);
    expect(sub.reasons).toEqual([{ kind: "ipc", codes: ["H01M 4/36"] }]);
  });
});
