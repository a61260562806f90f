import { canonicalJson } from "./arithmetic";
import type { ValuationInput } from "./types";

/**
 * Snapshots travel as JSON (jsonb columns, job payloads): money is a decimal string there. By
 * convention every money field's name ends in `Fen`, so one reviver restores the bigints.
 */
export function toJsonValue<T>(value: T): unknown {
  return JSON.parse(canonicalJson(value));
}

export function reviveFen<T>(json: unknown): T {
  const walk = (v: unknown, key: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x, ""));
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, k);
      return out;
    }
    if (key.endsWith("Fen") && (typeof v === "string" || typeof v === "number") && /^-?\d+$/.test(String(v))) return BigInt(v);
    return v;
  };
  return walk(json, "") as T;
}

export const inputFromJson = (json: unknown) => reviveFen<ValuationInput>(json);
