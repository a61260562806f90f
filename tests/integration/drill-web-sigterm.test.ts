import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { createOrg, TEST_PASSWORD } from "#tests/support/factories";
import { printFigures, unhandledIn } from "#tests/support/drills";
import { freePort, killAll, spawnTs, waitFor } from "#tests/support/processes";
import { client } from "#tests/support/server";

afterAll(killAll);

const IN_FLIGHT = 50;

/** The gauge the web process exports for requests being answered. */
async function inFlight(base: string) {
  const text = await (await fetch(`${base}/metrics`)).text();
  return Number(/^ipm_http_requests_in_flight (\d+)/m.exec(text)?.[1] ?? 0);
}

describe("drill: SIGTERM on the web process with requests in flight", () => {
  it("answers every request in flight, turns /healthz 503 at once, stops accepting, then exits cleanly", async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // `npm start` as production runs it (the built app, PostgreSQL and Redis), on this file's database.
    const web = spawnTs("server.ts", {
      PORT: String(port), NODE_ENV: "production", INLINE_JOBS: "false", SEED_DEMO: "false",
      SHUTDOWN_DELAY_MS: "3000", SHUTDOWN_TIMEOUT_MS: "20000", DATABASE_POOL_SIZE: "5", WEB_CONCURRENCY: "1",
    });
    await waitFor("the web process", async () => (await fetch(`${base}/healthz`).catch(() => null))?.status === 200, 60_000, 200)
      .catch((e) => {
        throw new Error(`${(e as Error).message}\n${web.log()}`);
      });
    const users = await Promise.all([createOrg(), createOrg()]);
    const browsers = users.map(() => client(base));
    await Promise.all(browsers.map((b, i) => b.login(users[i]!.email, TEST_PASSWORD)));

    // Hold every request inside its loader or action: each reads its session, and the sessions table is locked.
    const sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    const lock = await sql.reserve();
    await lock`begin`;
    await lock`lock table sessions in access exclusive mode`;
    const answers = Array.from({ length: IN_FLIGHT }, (_, i) => {
      const b = browsers[i % browsers.length]!;
      const req = i % 2 ? b.post("/notifications", { id: "all" }) : b.get(i % 4 ? "/notifications" : "/dashboard");
      return req.then((r) => ({ status: r.status }), (e: Error) => ({ error: String((e.cause as Error | undefined)?.message ?? e.message) }));
    });
    await waitFor(`${IN_FLIGHT} requests in flight`, async () => (await inFlight(base)) >= IN_FLIGHT + 1, 30_000, 100);
    // Every pooled connection is stuck: /healthz does not hang on it, its database check gives up (≤ 2 s).
    const startedHealth = Date.now();
    const busy = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2_500) });
    const busyMs = Date.now() - startedHealth;
    expect([busy.status, ((await busy.json()) as { db: string }).db]).toEqual([503, "down"]);

    process.kill(web.child.pid!, "SIGTERM");
    await waitFor("the process to start draining", async () => web.log().includes('"msg":"draining: /healthz answers 503"'), 5_000, 10);
    // At once: the balancer's health check sees the process leaving (new connections are still taken for SHUTDOWN_DELAY_MS).
    const drainingHealth = await fetch(`${base}/healthz`);
    const health = { status: drainingHealth.status, body: await drainingHealth.json() };
    // Then the server stops accepting connections.
    const refused = await waitFor("new connections to be refused", async () => fetch(`${base}/healthz`).then(() => false, () => true), 10_000, 100);

    await lock`commit`;
    lock.release();
    await sql.end();
    const results = await Promise.all(answers);
    const exit = await web.exited;

    const answered = results.filter((r) => "status" in r);
    printFigures("web-sigterm", {
      inFlight: IN_FLIGHT, answered: answered.length, dropped: IN_FLIGHT - answered.length,
      statuses: answered.reduce<Record<number, number>>((m, r) => ({ ...m, [r.status]: (m[r.status] ?? 0) + 1 }), {}), healthz: health, healthzWhilePoolStuckMs: busyMs, exit,
    });
    expect(health).toEqual({ status: 503, body: { status: "draining" } });
    expect(refused).toBe(true);
    expect(results.filter((r) => "error" in r)).toEqual([]);
    expect(answered.every((r) => r.status === 200)).toBe(true);
    expect(exit).toBe(0);
    expect(unhandledIn(web.log())).toEqual([]);
    expect(web.log()).toMatch(/"msg":"drained"/);
  }, 120_000);

  it("with one worker per core (npm start's default): the primary has every worker drain, answers every request, exits 0", async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const POOL = 3;
    const web = spawnTs("server.ts", {
      PORT: String(port), NODE_ENV: "production", INLINE_JOBS: "false", SEED_DEMO: "false",
      SHUTDOWN_DELAY_MS: "1000", SHUTDOWN_TIMEOUT_MS: "20000", DATABASE_POOL_SIZE: String(POOL), WEB_CONCURRENCY: "2",
    });
    await waitFor("two web workers", async () => (web.log().match(/"msg":"web ready"/g) ?? []).length === 2, 60_000, 200)
      .catch((e) => {
        throw new Error(`${(e as Error).message}\n${web.log()}`);
      });
    const user = await createOrg();
    const browser = client(base);
    await browser.login(user.email, TEST_PASSWORD);

    // Lock the sessions table, then send requests until every pooled connection of both workers waits on it.
    const sql = postgres(process.env.DATABASE_URL!, { max: 2, onnotice: () => {} });
    const lock = await sql.reserve();
    await lock`begin`;
    await lock`lock table sessions in access exclusive mode`;
    const answers = Array.from({ length: 20 }, () =>
      browser.get("/notifications").then((r) => ({ status: r.status }), (e: Error) => ({ error: String(e.message) })));
    const waiting = async () => Number((await sql`select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`)[0]!.n);
    await waitFor("both workers' pools waiting on the lock", async () => (await waiting()) >= 2 * POOL, 30_000, 100);
    // /metrics, answered by one worker, counts the requests held in both (and the scrape itself).
    expect(await inFlight(base)).toBe(21);

    process.kill(web.child.pid!, "SIGTERM");
    await waitFor("both workers to start draining", async () => (web.log().match(/"msg":"draining: \/healthz answers 503"/g) ?? []).length === 2, 10_000, 20);
    await lock`commit`;
    lock.release();
    await sql.end();
    const results = await Promise.all(answers);
    const exit = await web.exited;

    expect(results.filter((r) => "error" in r)).toEqual([]);
    expect(results.every((r) => "status" in r && r.status === 200)).toBe(true);
    expect(exit).toBe(0);
    expect((web.log().match(/"msg":"drained"/g) ?? []).length).toBe(2);
    expect(unhandledIn(web.log())).toEqual([]);
  }, 120_000);
});
