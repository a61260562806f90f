/**
 * Start-up of the embedded quick start: `npm start` on an existing PGlite database (migrated and
 * seeded by a first start) until the first 200 on `/`, and the resident memory of the process tree
 * at that moment; beside it, the floor of starting any Node process: a bare `node:http` server
 * started the same way (`npm exec node`), until its first 200. Needs a build (`npm run build`).
 *
 *   npx tsx bench/startup.ts
 */
import { execSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { figure } from "./support";

if (!fs.existsSync("build/server.js") || !fs.existsSync("build/index.js")) throw new Error("run `npm run build` first");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ipm-bench-startup-"));
const port = 20_000 + Math.floor(Math.random() * 20_000);
const env = {
  ...process.env, NODE_ENV: "production", PORT: String(port), PGLITE_DIR: path.join(dir, "pglite"), REPORT_DIR: path.join(dir, "reports"),
  UPLOAD_DIR: path.join(dir, "uploads"), DATABASE_URL: "", REDIS_URL: "", SESSION_SECRET: "bench-secret-0123456789abcdef",
} as NodeJS.ProcessEnv;

/** Resident memory of every process in the group (npm, sh, node…), in MiB. */
function groupRssMiB(pgid: number) {
  const out = execSync(`ps -o rss= -g ${pgid}`, { encoding: "utf8" });
  return out.split("\n").filter(Boolean).reduce((a, l) => a + Number(l.trim()), 0) / 1024;
}

async function firstOk(url: string, child: ChildProcess, deadlineMs: number) {
  const t0 = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode} before answering`);
    try {
      const res = await fetch(url, { redirect: "manual" });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch { /* not listening yet */ }
    if (performance.now() - t0 > deadlineMs) throw new Error(`no 200 from ${url} within ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Signals the group; one that is already gone (it exited on its own) is no error. */
function signal(pid: number, sig: NodeJS.Signals) {
  try {
    process.kill(-pid, sig);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ESRCH") throw e;
  }
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  signal(child.pid!, "SIGINT");
  const timer = setTimeout(() => signal(child.pid!, "SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
  // The group's other members (npm's shell) leave with it.
  await new Promise((r) => setTimeout(r, 200));
}

/** Starts `cmd` in a process group of its own; milliseconds to the first 200 and the group's RSS then. */
async function start(cmd: string, args: string[], deadlineMs = 120_000) {
  const t0 = performance.now();
  const child = spawn(cmd, args, { env, detached: true, stdio: ["ignore", "ignore", "inherit"] });
  try {
    await firstOk(`http://127.0.0.1:${port}/`, child, deadlineMs);
    const ms = performance.now() - t0;
    return { "first 200 ms": ms, "RSS MiB": groupRssMiB(child.pid!) };
  } finally {
    await stop(child);
  }
}

try {
  const first = await start("npm", ["start"]);
  console.log(`first start on an empty directory (migrations, demo data): first 200 after ${first["first 200 ms"].toFixed(0)} ms, RSS ${first["RSS MiB"].toFixed(0)} MiB`);
  const bare = `require("node:http").createServer((q, s) => s.end("ok")).listen(${port})`;
  await figure("startup", {
    name: "start-up: `npm start` on an existing embedded database → first 200 on /",
    metric: "first 200 ms", better: "lower", limits: { "first 200 ms": { max: 5000 } },
    subject: () => start("npm", ["start"]),
    anchor: { name: "floor: a bare node:http server started by `npm exec node`", run: () => start("npm", ["exec", "--", "node", "-e", bare]) },
  });
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
