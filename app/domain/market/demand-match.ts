import type { Industry } from "../industries";
import { normaliseDocument, planSearch } from "./search";

/**
 * Reverse matchmaking: how well a listing or a patent fits a demand, and why. The database finds the
 * candidates with the market's search indexes (every keyword through the trigram/lexeme indexes,
 * IPC for patents); this scores them on what both texts share — Chinese character pairs (there is no
 * word segmenter, the same reason search indexes bigrams) and English words — plus keywords,
 * industry and IPC. Pure: the same inputs give the same score and reasons.
 */
export type DemandText = {
  title: string; titleEn: string | null; problem: string; problemEn: string | null;
  keywords: string[]; industry: Industry; ipcClasses: string[];
};
export type CandidateText = { text: string; industry: Industry; ipcClasses: string[] };

/** Why a candidate fits; rendered in the reader's language from these facts. */
export type MatchReason =
  | { kind: "keywords"; terms: string[] }
  | { kind: "text"; terms: string[] }
  | { kind: "industry"; industry: Industry }
  | { kind: "ipc"; codes: string[] };

export type MatchScore = { score: number; reasons: MatchReason[] };

/** A candidate below this score is not proposed. */
export const MIN_MATCH_SCORE = 25;
/** At most this many proposals per matching run (the best first). */
export const MAX_PROPOSALS = 20;

const WEIGHT = { keywords: 40, text: 25, industry: 15, ipcGroup: 20, ipcSubclass: 12 } as const;
/** Shared terms that count as a full text match. */
const FULL_TEXT_OVERLAP = 8;

const HAN_RUN = /\p{Script=Han}+/gu;
const LATIN_WORD = /[\p{L}\p{N}]+/gu;
/** Pairs and words that every technical text has: they say nothing about fit. */
const STOP = new Set([
  "一种", "方法", "及其", "其制", "制备", "装置", "系统", "本发", "发明", "实用", "新型", "我们", "需要", "希望", "可以", "进行", "实现",
  "提高", "问题", "技术", "用于", "以及", "目前", "现有", "存在", "企业", "公司", "产品", "能够", "一个", "通过", "要求",
  "the", "and", "for", "with", "our", "that", "this", "from", "into", "are", "was", "need", "needs", "want", "method", "system", "device",
  "its", "using", "use", "used", "which", "have", "has", "can", "than", "more", "less", "over", "per", "via", "based", "looking",
]);

const stem = (w: string) => (w.length > 4 && w.endsWith("ies") ? `${w.slice(0, -3)}y` : w.length > 4 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w);

/** The terms of a text: Chinese character pairs and English (Latin) words of 3+ letters, stemmed crudely. */
export function textTerms(text: string): Set<string> {
  const s = normaliseDocument(text);
  const out = new Set<string>();
  for (const run of s.match(HAN_RUN) ?? []) {
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i++) {
      const pair = chars[i]! + chars[i + 1]!;
      if (!STOP.has(pair)) out.add(pair);
    }
  }
  for (const w of s.replace(HAN_RUN, " ").match(LATIN_WORD) ?? []) {
    if ([...w].length >= 3 && !/^\d+$/.test(w) && !STOP.has(w)) out.add(stem(w));
  }
  return out;
}

/** Whether a keyword occurs in a (normalised) text, term by term as market search matches it. */
export function keywordHits(keyword: string, normalisedText: string): boolean {
  const plan = planSearch(keyword);
  if (!plan.likes.length && !plan.lexemes.length) return false;
  const words = new Set(normalisedText.replace(HAN_RUN, " ").match(LATIN_WORD) ?? []);
  return plan.likes.every((l) => normalisedText.includes(l))
    && plan.lexemes.every((l) => (/\p{Script=Han}/u.test(l) ? normalisedText.includes(l) : words.has(l)));
}

/**
 * What a reader recognises of the shared terms: runs of the demand's Chinese text whose every
 * character pair the candidate has ("耐高温锂电池隔膜", not "温锂"), then shared English words; longest first.
 */
function sharedPhrases(demandText: string, candidateTerms: Set<string>): string[] {
  const s = normaliseDocument(demandText);
  const out = new Set<string>();
  for (const run of s.match(HAN_RUN) ?? []) {
    const chars = [...run];
    let start = 0;
    for (let i = 0; i < chars.length; i++) {
      const pairShared = i + 1 < chars.length && candidateTerms.has(chars[i]! + chars[i + 1]!);
      if (!pairShared) {
        if (i > start) out.add(chars.slice(start, i + 1).join(""));
        start = i + 1;
      }
    }
  }
  const sorted = [...out].filter((p) => !STOP.has(p)).sort((a, b) => [...b].length - [...a].length);
  const phrases = sorted.filter((p, i) => !sorted.slice(0, i).some((longer) => longer.includes(p)));
  const words = [...textTerms(s.replace(HAN_RUN, " "))].filter((w) => candidateTerms.has(w));
  return [...words, ...phrases];
}

const ipcGroup = (code: string) => code.split("/")[0]!.trim();
const ipcSubclass = (code: string) => code.slice(0, 4);

/** Scores one candidate against a demand. */
export function scoreCandidate(d: DemandText, c: CandidateText): MatchScore {
  const text = normaliseDocument(c.text);
  const reasons: MatchReason[] = [];
  let score = 0;

  const hits = d.keywords.filter((k) => keywordHits(k, text));
  if (hits.length) {
    score += (WEIGHT.keywords * hits.length) / d.keywords.length;
    reasons.push({ kind: "keywords", terms: hits });
  }

  const demandTerms = textTerms([d.title, d.titleEn, d.problem, d.problemEn].filter(Boolean).join("\n"));
  const candidateTerms = textTerms(c.text);
  const shared = [...demandTerms].filter((t) => candidateTerms.has(t));
  if (shared.length) {
    score += WEIGHT.text * Math.min(1, shared.length / FULL_TEXT_OVERLAP);
    reasons.push({ kind: "text", terms: sharedPhrases([d.title, d.titleEn, d.problem, d.problemEn].filter(Boolean).join("\n"), candidateTerms).slice(0, 6) });
  }

  if (d.industry !== "other" && d.industry === c.industry) {
    score += WEIGHT.industry;
    reasons.push({ kind: "industry", industry: d.industry });
  }

  const groups = new Set(d.ipcClasses.map(ipcGroup));
  const subclasses = new Set(d.ipcClasses.map(ipcSubclass));
  const sameGroup = c.ipcClasses.filter((x) => groups.has(ipcGroup(x)));
  const sameSubclass = c.ipcClasses.filter((x) => subclasses.has(ipcSubclass(x)));
  if (sameGroup.length) score += WEIGHT.ipcGroup;
  else if (sameSubclass.length) score += WEIGHT.ipcSubclass;
  if (sameSubclass.length) reasons.push({ kind: "ipc", codes: [...new Set(sameSubclass)] });

  return { score: Math.round(score), reasons };
}

/**
 * Whether a scored candidate is proposed: enough score, and something specific to the demand
 * (a keyword or an IPC class) — shared words and the industry alone are too weak.
 */
export const isProposed = (m: MatchScore) => m.score >= MIN_MATCH_SCORE && m.reasons.some((r) => r.kind === "keywords" || r.kind === "ipc");
