import crypto from "node:crypto";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dictionaries } from "#app/i18n/index";
import { createOrg, TEST_PASSWORD } from "#tests/support/factories";
import { client, startTestServer } from "#tests/support/server";

/**
 * Issue 12, the corpus's "no answer" cases: a route that answers before reading the body (an unknown
 * page, a guard's 401/403/404) left the rest of a large body unread on a keep-alive connection. The
 * request stream had stopped reading its socket, so the next request on that connection — a load
 * balancer's upstream, or a client's pool — was never read and never answered. Each test below sends
 * the refused request and then, on the same connection, a request that used to hang, and asserts its answer.
 */
type Answer = { status: number; text: string; connection: string | undefined };

/** Requests over one keep-alive connection at a time, as a proxy's upstream pool or a client's agent sends them. */
function oneConnection(base: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const send = (path: string, headers: Record<string, string>, body: string, method = "POST") =>
    new Promise<Answer>((resolve, reject) => {
      // A bound on a request that is never answered, so the test fails with its name instead of the file's timeout.
      const req = http.request(`${base}${path}`, { agent, method, headers: method === "GET" ? headers : { ...headers, "content-length": String(Buffer.byteLength(body)) }, signal: AbortSignal.timeout(20_000) }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString("utf8"), connection: res.headers.connection }));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  return { send, close: () => agent.destroy() };
}

const FORM = "application/x-www-form-urlencoded";
/** Larger than what a request stream buffers before it stops reading the socket (16 KiB). */
const largeBody = () => `note=${"长".repeat(100_000)}`;

let server: Awaited<ReturnType<typeof startTestServer>>;
let enterpriseCookie = "";
beforeAll(async () => {
  server = await startTestServer();
  const enterprise = await createOrg();
  const c = client(server.base);
  await c.login(enterprise.email, TEST_PASSWORD);
  enterpriseCookie = [...c.jar].map(([k, v]) => `${k}=${v}`).join("; ");
});
afterAll(() => server.close());

describe("a body the route never read does not stall its connection", () => {
  const refusedUnread: { name: string; path: () => string; signedIn: boolean; status: number }[] = [
    { name: "a page that does not exist (404)", path: () => "/no-such-page", signedIn: true, status: 404 },
    { name: "a signed-out post to a signed-in form (401)", path: () => "/account/notifications", signedIn: false, status: 401 },
    { name: "another role's form (403)", path: () => `/claims/${crypto.randomUUID()}`, signedIn: true, status: 403 },
  ];

  for (const c of refusedUnread) {
    it(`answers the next request on the connection after ${c.name}`, async () => {
      const conn = oneConnection(server.base);
      try {
        const headers = { origin: server.base, "content-type": FORM, ...(c.signedIn ? { cookie: enterpriseCookie } : {}) };
        const first = await conn.send(c.path(), headers, largeBody());
        expect(first.status).toBe(c.status);
        expect(first.connection).toBe("close");
        // The request the corpus saw hang: an XML body to a form, refused with 415 and the message in the reader's language.
        const next = await conn.send("/account/notifications?lang=en", { origin: server.base, cookie: enterpriseCookie, "content-type": "application/xml" }, '<?xml version="1.0"?><a>1</a>');
        expect(next.status).toBe(415);
        expect(next.text).toContain(dictionaries.en["errors.unsupportedType"]);
      } finally {
        conn.close();
      }
    });
  }

  it("keeps the connection of a page read (GET)", async () => {
    const conn = oneConnection(server.base);
    try {
      const page = await conn.send("/notifications", { cookie: enterpriseCookie }, "", "GET");
      expect(page.status).toBe(200);
      expect(page.connection).toBe("keep-alive");
    } finally {
      conn.close();
    }
  });

  it("keeps serving a connection whose refused body was read whole (a 400 with field messages)", async () => {
    const conn = oneConnection(server.base);
    try {
      const headers = { origin: server.base, cookie: enterpriseCookie, "content-type": FORM };
      const first = await conn.send("/listings/new", headers, `intent=x&${largeBody()}`);
      expect(first.status).toBe(400);
      // Only an unread body costs its connection: this one is reused, not closed.
      expect(first.connection).toBe("keep-alive");
      const next = await conn.send("/account/notifications", { ...headers, "content-type": "multipart/form-data; boundary=x" }, '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1');
      expect(next.status).toBe(400);
      expect(next.text).toContain(dictionaries["zh-CN"]["errors.brokenBody"]);
    } finally {
      conn.close();
    }
  });
});
