/**
 * How long postgres.js waits before reopening a connection after one failed (its `backoff` option, in
 * seconds, given the failures so far — counted across the whole pool, reset by the first success).
 *
 * Its default grows as 3^n / 100 s up to 20 s: during an outage the relay, the reconciler and every request
 * fail a connection each, so within seconds the pool waits 10–20 s before each attempt. Requests then hung
 * that long instead of answering 503 at once, and after PostgreSQL came back the first page waited out
 * the same delay (the outage drill saw 10–15 s). Here the wait doubles from 50 ms and stops at `capMs`
 * (a second by default): a pool of ten connections trying once a second is nothing to a server, and
 * nobody waits long for one that is back. Jitter (half to all of the delay) keeps processes apart.
 */
export function reconnectBackoff(capMs: number, random: () => number = Math.random) {
  return (failures: number) => (Math.min(50 * 2 ** failures, capMs) * (0.5 + random() / 2)) / 1000;
}
