import { backoffMs } from "#app/domain/backoff";

/**
 * How long postgres.js waits before reopening a connection after one failed (its `backoff` option, in
 * seconds, given the failures so far — counted across the whole pool, reset by the first success).
 *
 * Its default grows as 3^n / 100 s up to 20 s: during an outage the relay, the reconciler and every request
 * fail a connection each, so within seconds the pool waits 10–20 s before each attempt. Requests then hung
 * that long instead of answering 503 at once, and after PostgreSQL came back the first page waited out
 * the same delay (the outage drill saw 10–15 s). Here the wait doubles from 50 ms up to `capMs` (a second by
 * default), ±25 %: a pool of ten connections trying about once a second is nothing to a server, and nobody
 * waits long for one that is back. The jitter keeps processes apart.
 */
export function reconnectBackoff(capMs: number, random: () => number = Math.random) {
  return (failures: number) => backoffMs(failures, { baseMs: 50, factor: 2, capMs, jitter: 0.25 }, random) / 1000;
}
