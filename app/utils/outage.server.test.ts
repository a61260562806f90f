import type { ServerBuild } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { guard, isOutageError, isStaleConnection, withOutageMapping } from "./outage.server";

const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });

describe("telling an outage from a bug", () => {
  it("recognises a database or Redis that is not there, however the driver wraps it", () => {
    expect(isOutageError(refused)).toBe(true);
    // drizzle's DrizzleQueryError keeps the driver's error as its cause.
    expect(isOutageError(Object.assign(new Error("Failed query: select 1"), { cause: Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }) }))).toBe(true);
    expect(isOutageError(Object.assign(new Error("x"), { code: "08006" }))).toBe(true);
    expect(isOutageError(Object.assign(new Error("write CONNECTION_CLOSED"), { code: "CONNECTION_CLOSED" }))).toBe(true);
    expect(isOutageError(new AggregateError([refused], "connect failed"))).toBe(true);
    expect(isOutageError(new Error("Connection is closed."))).toBe(true);
    expect(isOutageError(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe(true);
  });

  it("leaves everything else a real error (constraint violations, bugs, thrown responses)", () => {
    expect(isOutageError(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBe(false);
    expect(isOutageError(new TypeError("x is undefined"))).toBe(false);
    expect(isOutageError(new Response("Not Found", { status: 404 }))).toBe(false);
    expect(isOutageError(null)).toBe(false);
  });
});

function build(modules: Record<string, Record<string, unknown>>): ServerBuild {
  return { routes: Object.fromEntries(Object.entries(modules).map(([id, module]) => [id, { id, path: id, module }])) } as unknown as ServerBuild;
}

async function thrown(fn: () => unknown) {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error("did not throw");
}

describe("loaders and actions during an outage", () => {
  const failing = async () => {
    throw refused;
  };
  const mapped = withOutageMapping(build({
    page: { default: () => null, loader: failing, action: failing },
    api: { loader: failing },
    bug: { default: () => null, loader: async () => { throw new TypeError("bug"); } },
  }));
  const call = (id: string, fn: "loader" | "action", url = "http://x/y") =>
    (mapped.routes[id]!.module as unknown as Record<string, (a: { request: Request }) => unknown>)[fn]!({ request: new Request(url, { headers: { "accept-language": "en" } }) });

  it("a page's loader or action throws a 503 with Retry-After, which the error boundary renders", async () => {
    for (const fn of ["loader", "action"] as const) {
      const res = (await thrown(() => call("page", fn))) as Response;
      expect(res).toBeInstanceOf(Response);
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
    }
  });

  it("a resource route answers JSON with a code and a message in the caller's language", async () => {
    const res = (await thrown(() => call("api", "loader", "http://x/api/v1/listings"))) as Response;
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: { code: "service_unavailable", message: "Temporarily unavailable" } });
  });

  it("lets any other error through untouched", async () => {
    expect(await thrown(() => call("bug", "loader"))).toBeInstanceOf(TypeError);
  });

  it("runs a loader once more after an outage error (a stale pooled connection), never reruns an action", async () => {
    const flaky = () => {
      let calls = 0;
      const fn = async () => {
        calls += 1;
        if (calls === 1) throw refused;
        return "fresh";
      };
      return { fn, calls: () => calls };
    };
    const request = new Request("http://x/y", { headers: { "accept-language": "en" } });
    const loader = flaky();
    expect(await guard(loader.fn, "page", false, "loader")({ request })).toBe("fresh");
    expect(loader.calls()).toBe(2);
    const action = flaky();
    const res = (await thrown(() => guard(action.fn, "page", false, "action")({ request }))) as Response;
    expect(res.status).toBe(503);
    expect(action.calls()).toBe(1);
  });

  it("keeps retrying a loader while its connections turn out stale (one per pooled connection), not while refused", async () => {
    const request = new Request("http://x/y");
    const closed = Object.assign(new Error("write CONNECTION_CLOSED"), { code: "CONNECTION_CLOSED" });
    const wrapped = Object.assign(new Error("Failed query"), { cause: Object.assign(new Error("terminating"), { code: "57P01" }) });
    expect(isStaleConnection(wrapped)).toBe(true);
    expect(isStaleConnection(refused)).toBe(false);
    let calls = 0;
    const stale = async () => {
      calls += 1;
      if (calls <= 4) throw calls % 2 ? closed : wrapped;
      return "fresh";
    };
    expect(await guard(stale, "page", false, "loader", 4)({ request })).toBe("fresh");
    expect(calls).toBe(5);
    calls = 0;
    const never = async () => {
      calls += 1;
      throw closed;
    };
    expect(((await thrown(() => guard(never, "page", false, "loader", 4)({ request }))) as Response).status).toBe(503);
    expect(calls).toBe(5);
    calls = 0;
    const down = async () => {
      calls += 1;
      throw refused;
    };
    expect(((await thrown(() => guard(down, "page", false, "loader", 4)({ request }))) as Response).status).toBe(503);
    expect(calls).toBe(2);
  });
});
