/** An exponential backoff: the first retry after about `baseMs`, `factor` times longer each time, at most `capMs`. */
export type Backoff = {
  baseMs: number;
  /** Each retry waits `factor` times longer than the one before. */
  factor: number;
  capMs: number;
  /** ± this share of the delay, so the many that failed together do not all come back at once. */
  jitter: number;
};

/** The wait before retry number `retry` (1 = the first retry): exponential, capped, jittered. */
export function backoffMs(retry: number, p: Backoff, random: () => number = Math.random) {
  const raw = Math.min(p.capMs, p.baseMs * p.factor ** Math.max(0, retry - 1));
  const spread = raw * p.jitter;
  return Math.round(raw - spread + 2 * spread * random());
}
