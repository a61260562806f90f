import path from "node:path";
import type { AddressInfo } from "node:net";
import type { ServerBuild } from "@remix-run/node";

/**
 * The real web application (built Remix app behind the same Express setup as production) on a
 * random port, against this file's test database.
 */
export async function startTestServer(opts: { pageCache?: boolean } = {}) {
  const build = (await import(path.join(process.cwd(), "build", "index.js"))) as ServerBuild;
  const { createApp, withKeepAlive } = await import("#app/utils/express.server");
  if (opts.pageCache) {
    // As server.ts does: public pages kept until PostgreSQL tells of a change (without it none are kept).
    const { pageCache, PUBLIC_CHANGES_CHANNEL } = await import("#app/utils/page-cache.server");
    const { getHandle } = await import("#db/client.server");
    (await getHandle()).listen(PUBLIC_CHANGES_CHANNEL, pageCache.listener);
    for (let i = 0; i < 100 && !pageCache.stats().listening; i++) await new Promise((r) => setTimeout(r, 50));
  }
  const server = withKeepAlive(createApp(build).listen(0, "127.0.0.1"));
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The test has its answers: keep-alive connections (kept HTTP_KEEP_ALIVE_SECONDS) are closed now, not waited for.
  const close = () => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  return { base, close };
}

/** A tiny cookie jar, and form posts that look like a same-origin browser's. */
export function client(base: string) {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const remember = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const [k, ...v] = pair!.split("=");
      if (/max-age=0/i.test(c) || /expires=thu, 01 jan 1970/i.test(c)) jar.delete(k!.trim());
      else jar.set(k!.trim(), v.join("="));
    }
  };
  const request = async (pathname: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (jar.size) headers.set("cookie", cookieHeader());
    const res = await fetch(base + pathname, { ...init, headers, redirect: "manual" });
    remember(res);
    return res;
  };
  return {
    jar,
    get: (p: string, headers: Record<string, string> = {}) => request(p, { headers }),
    post: (p: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
      request(p, { method: "POST", body: new URLSearchParams(form), headers: { origin: base, ...headers } }),
    async login(email: string, password: string) {
      const res = await this.post("/login", { email, password });
      if (res.status !== 302) throw new Error(`login failed for ${email}: ${res.status}`);
      return res;
    },
  };
}
