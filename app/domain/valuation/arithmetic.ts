/**
 * Exact money arithmetic for the valuation engine: integers only (分 as bigint, rates in basis
 * points), one explicit rounding rule, and a canonical JSON form so that the same inputs give the
 * same bytes on every machine.
 */

export const BP = 10_000n;

/** n / d rounded half away from zero (the usual 四舍五入 of accounting). */
export function divRound(n: bigint, d: bigint): bigint {
  if (d === 0n) throw new RangeError("division by zero");
  if (d < 0n) return divRound(-n, -d);
  const neg = n < 0n;
  const a = neg ? -n : n;
  const q = (2n * a + d) / (2n * d);
  return neg ? -q : q;
}

/** Integer n / d for plain numbers (scores, months), rounded half away from zero. */
export function idivRound(n: number, d: number): number {
  return Number(divRound(BigInt(n), BigInt(d)));
}

export const clamp = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : v);

export function powBig(base: bigint, exp: number): bigint {
  let r = 1n;
  for (let i = 0; i < exp; i++) r *= base;
  return r;
}

/** ⌊ⁿ√x⌋ of a non-negative integer, exactly (Newton's method on bigints). */
export function rootFloor(x: bigint, n: number): bigint {
  if (x < 0n || !Number.isInteger(n) || n < 1) throw new RangeError("rootFloor needs x ≥ 0 and a whole n ≥ 1");
  if (x < 2n || n === 1) return x;
  const N = BigInt(n);
  let r = 1n << BigInt(Math.ceil(x.toString(2).length / n));
  for (;;) {
    const next = ((N - 1n) * r + x / r ** (N - 1n)) / N;
    if (next >= r) break;
    r = next;
  }
  while (r ** N > x) r--;
  while ((r + 1n) ** N <= x) r++;
  return r;
}

/** The median of sorted values; for an even count, the two middle values averaged and rounded. */
export function medianBig(sorted: readonly bigint[]): bigint {
  const n = sorted.length;
  if (n === 0) return 0n;
  const mid = n >> 1;
  return n % 2 ? sorted[mid]! : divRound(sorted[mid - 1]! + sorted[mid]!, 2n);
}

/**
 * JSON with object keys sorted and bigints as decimal strings: the one serialisation of inputs
 * and results (hashes and snapshots are taken of this).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (typeof v === "bigint") return v.toString();
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortKeys(x);
    }
    return out;
  }
  return v;
}
