import { toHalfWidth } from "../text";
import { isUuid } from "../ids";

/**
 * Market search without a Chinese word segmenter (none is packaged for PostgreSQL on Debian 12):
 * - 3+ characters (Chinese or not): `ILIKE '%…%'` over the listing's search text, served by a pg_trgm GIN index;
 * - 1–2 Chinese characters, or a 1–2 letter word: a lexeme of the listing's `search_lexemes` tsvector
 *   (every Chinese character and every pair of adjacent ones, and short Latin words), served by a GIN index.
 * Every term must match (AND).
 */
const HAN = /\p{Script=Han}/u;
const HAN_RUN = /\p{Script=Han}+/gu;
const WORD = /[\p{L}\p{N}]+/gu;

export const MAX_QUERY_LENGTH = 60;

export function normaliseQuery(q: string | null | undefined): string {
  return toHalfWidth(q ?? "").normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim().slice(0, MAX_QUERY_LENGTH);
}

export type SearchPlan = { likes: string[]; lexemes: string[] };

export function planSearch(q: string | null | undefined): SearchPlan {
  const likes = new Set<string>();
  const lexemes = new Set<string>();
  for (const token of normaliseQuery(q).split(" ").filter(Boolean)) {
    // Split a token like "ai芯片" into its Chinese and non-Chinese runs.
    const runs = token.match(/\p{Script=Han}+|[^\p{Script=Han}]+/gu) ?? [];
    for (const run of runs) {
      if (HAN.test(run)) {
        if ([...run].length >= 3) likes.add(run);
        else lexemes.add(run);
      } else {
        const chars = [...run];
        if (chars.length >= 3) likes.add(run);
        else for (const w of run.match(WORD) ?? []) lexemes.add(w);
      }
    }
  }
  return { likes: [...likes], lexemes: [...lexemes] };
}

/**
 * The stored search text: half-width, NFKC-normalised and lower-cased (queries are too), so a plain
 * LIKE matches case-insensitively: about 3× cheaper per row than ILIKE, which lower-cases every row.
 */
export const normaliseDocument = (text: string) => toHalfWidth(text).normalize("NFKC").toLowerCase();

/** Latin (non-Chinese) lexemes: whole words, which only the tsvector can match exactly. */
export const isHanLexeme = (l: string) => HAN.test(l);

/** `%`, `_` and `\` typed by a user are literal characters, not wildcards. */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The lexemes indexed for a listing's text: Chinese characters and bigrams, and Latin words of 1–2 characters. */
export function documentLexemes(text: string): string[] {
  const out = new Set<string>();
  const s = toHalfWidth(text.slice(0, 4000)).normalize("NFKC").toLowerCase();
  for (const run of s.match(HAN_RUN) ?? []) {
    const chars = [...run];
    for (let i = 0; i < chars.length; i++) {
      out.add(chars[i]!);
      if (i + 1 < chars.length) out.add(chars[i]! + chars[i + 1]!);
    }
  }
  for (const w of s.replace(HAN_RUN, " ").match(WORD) ?? []) if ([...w].length <= 2) out.add(w);
  return [...out];
}

/**
 * A tsquery for the lexemes. Lexemes come from `planSearch`, so they hold only letters and digits:
 * quoting them is enough, nothing the user typed reaches the query syntax.
 */
export function lexemeQuery(lexemes: string[]): string {
  return lexemes.filter((l) => /^[\p{L}\p{N}]+$/u.test(l)).map((l) => `'${l}'`).join(" & ");
}

/** A tsvector literal of lexemes (as COPY and `::tsvector` read it). */
export const tsvectorLiteral = (lexemes: string[]) => lexemes.filter((l) => /^[\p{L}\p{N}]+$/u.test(l)).map((l) => `'${l}'`).join(" ");

export const SORTS = ["newest", "price_asc", "price_desc"] as const;
export type Sort = (typeof SORTS)[number];

/** Keyset cursor: the sort key and id of the last row shown, opaque to clients. */
export type Cursor = { k: string | null; id: string };

// Keys are timestamps or integers and ids are UUIDs: ASCII, so btoa (in Node and browsers) suffices.
export function encodeCursor(c: Cursor): string {
  return btoa(JSON.stringify([c.k, c.id])).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeCursor(s: string): Cursor | null {
  try {
    if (!/^[A-Za-z0-9_-]{1,200}$/.test(s)) return null;
    const v = JSON.parse(atob(s.replace(/-/g, "+").replace(/_/g, "/"))) as unknown;
    if (!Array.isArray(v) || v.length !== 2) return null;
    const [k, id] = v as [unknown, unknown];
    if ((k !== null && typeof k !== "string") || typeof id !== "string") return null;
    if (!isUuid(id)) return null;
    if (k !== null && k.length > 40) return null;
    return { k, id };
  } catch {
    return null;
  }
}
