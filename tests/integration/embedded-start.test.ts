import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "#db/seed-data";
import { client } from "#tests/support/server";
import { freePort, killAll, spawnTs, terminate, waitFor, type Proc } from "#tests/support/processes";

/**
 * The quick start's own mode, which every other test leaves out: embedded PGlite in a fresh directory, jobs in
 * the process. The first start applies every migration to PGlite (whose driver runs one statement per
 * breakpoint, unlike PostgreSQL's) and seeds the demo; a second start opens the existing database.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ipm-embedded-"));
afterAll(async () => {
  await killAll();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function startEmbedded(port: number): Promise<Proc> {
  const web = spawnTs("server.ts", {
    PORT: String(port), NODE_ENV: "production", DATABASE_URL: "", REDIS_URL: "", PGLITE_DIR: path.join(dir, "pglite"),
    REPORT_DIR: path.join(dir, "reports"), UPLOAD_DIR: path.join(dir, "uploads"), SEED_DEMO: "auto", INLINE_JOBS: "auto",
    SESSION_SECRET: "embedded-test-secret-0123456789",
  });
  await waitFor("the embedded web process", async () => {
    if (!web.alive()) throw new Error(`exited:\n${web.log()}`);
    return (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.status === 200;
  }, 180_000, 250);
  return web;
}

describe("the embedded quick start", () => {
  it("migrates and seeds a new PGlite database, serves the market and sign-in, and starts again on it", async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let web = await startEmbedded(port);
    const market = await fetch(`${base}/market`);
    expect(market.status).toBe(200);
    expect(await market.text()).toContain("上海芯微半导体科技有限公司");
    await client(base).login("enterprise@demo.ipm", DEMO_PASSWORD);
    expect(await terminate(web)).toBe(0);

    web = await startEmbedded(port);
    expect((await fetch(`${base}/market`)).status).toBe(200);
    await client(base).login("bank1@demo.ipm", DEMO_PASSWORD);
    expect(await terminate(web)).toBe(0);
    expect(web.log()).not.toMatch(/uncaughtException|unhandledRejection/);
  }, 420_000);
});
