import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";

/**
 * Real processes for the fault drills: the worker and the web server as `npm run worker` /
 * `npm start` run them, and private Redis and PostgreSQL servers (random ports, temp dirs) that a
 * drill may kill — never the shared ones other engineers' tests use.
 */

export type Proc = {
  child: ChildProcess;
  log: () => string;
  /** Resolves with the exit code (or the signal) once the process has exited. */
  exited: Promise<number | NodeJS.Signals | null>;
  alive: () => boolean;
};

const running = new Set<Proc>();

/** A TypeScript entry point under Node (tsx), in its own process group so signals reach all of it. */
export function spawnTs(entry: string, env: Record<string, string | undefined>, label = entry): Proc {
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    cwd: process.cwd(),
    env: { ...process.env, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
  const proc: Proc = { child, log: () => log, exited, alive: () => child.exitCode === null && child.signalCode === null };
  running.add(proc);
  void exited.then(() => running.delete(proc));
  void label;
  return proc;
}

export function killHard(p: Proc) {
  if (!p.alive()) return p.exited;
  try {
    process.kill(-p.child.pid!, "SIGKILL");
  } catch {
    /* already gone */
  }
  return p.exited;
}

/** SIGTERM, and SIGKILL if it has not exited within `ms`. Resolves with the exit code. */
export async function terminate(p: Proc, ms = 30_000) {
  if (!p.alive()) return p.exited;
  process.kill(p.child.pid!, "SIGTERM");
  const timer = setTimeout(() => void killHard(p), ms);
  const code = await p.exited;
  clearTimeout(timer);
  return code;
}

/** Kills whatever a drill left running (afterAll). */
export async function killAll() {
  await Promise.all([...running].map((p) => killHard(p)));
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, ms: number, pollMs = 50): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(pollMs);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function portAnswers(port: number) {
  return new Promise<boolean>((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

/** A Redis of the drill's own, without persistence: a restart brings it back empty (the worst case). */
export async function privateRedis() {
  const port = await freePort();
  let proc: ChildProcess | null = null;
  const start = async () => {
    proc = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction"], { stdio: "ignore" });
    await waitFor("private redis", () => portAnswers(port), 10_000, 50);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async kill() {
      const p = proc;
      if (!p || p.exitCode !== null) return;
      const gone = new Promise((r) => p.once("exit", r));
      p.kill("SIGKILL");
      await gone;
    },
    restart: start,
    async stop() {
      await this.kill();
    },
  };
}

const pgBin = () => {
  const dirs = fs.readdirSync("/usr/lib/postgresql").filter((d) => fs.existsSync(`/usr/lib/postgresql/${d}/bin/initdb`)).sort((a, b) => Number(b) - Number(a));
  if (!dirs.length) throw new Error("PostgreSQL server binaries not found under /usr/lib/postgresql");
  return `/usr/lib/postgresql/${dirs[0]}/bin`;
};

/**
 * A PostgreSQL cluster of the drill's own (initdb into a temp dir, random port, trust auth on
 * loopback), run as the `postgres` user when the tests run as root (initdb refuses root).
 */
export async function privatePostgres() {
  const port = await freePort();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "ipm-drill-pg-"));
  const data = path.join(root, "data");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync("chown", ["postgres", root]);
  const run = (bin: string, args: string[]) => {
    const cmd = path.join(pgBin(), bin);
    return asRoot ? execFileSync("runuser", ["-u", "postgres", "--", cmd, ...args], { stdio: "pipe" }) : execFileSync(cmd, args, { stdio: "pipe" });
  };
  run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale", "C.UTF-8"]);
  const opts = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  const start = () => run("pg_ctl", ["-D", data, "-o", opts, "-l", path.join(root, "log"), "-w", "-t", "60", "start"]);
  start();
  const admin = postgres(`postgres://postgres@127.0.0.1:${port}/postgres`, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ipm template template0 encoding 'UTF8' lc_ctype 'C.UTF-8' lc_collate 'C.UTF-8'`);
  await admin.end();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/ipm`,
    port,
    /** A fast shutdown: sessions are terminated (57P01), then the port closes. */
    stop: () => run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]),
    start,
    async remove() {
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } catch {
        /* not running */
      }
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
