import crypto from "node:crypto";
import { createCookie } from "@remix-run/node";
import { eq, lt } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { sessions } from "#db/schema/index";
import { env } from "./env.server";

const SESSION_DAYS = 14;

export const SESSION_COOKIE_NAME = "__ipm_session";

export const sessionCookie = createCookie(SESSION_COOKIE_NAME, {
  path: "/",
  httpOnly: true,
  sameSite: "lax",
  secure: env.NODE_ENV === "production" && !(env.APP_ORIGIN ?? "").startsWith("http://"),
  secrets: [env.SESSION_SECRET],
  maxAge: 60 * 60 * 24 * SESSION_DAYS,
});

const digest = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

export async function createSession(userId: string, meta: { ip: string | null; userAgent: string | null }) {
  const token = crypto.randomBytes(32).toString("base64url");
  const db = await getDb();
  await db.insert(sessions).values({
    id: digest(token),
    userId,
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
    expiresAt: new Date(Date.now() + SESSION_DAYS * 86_400_000),
  });
  return sessionCookie.serialize(token);
}

/** The session row's id for this request's cookie, or null. */
export async function readSessionId(request: Request): Promise<string | null> {
  const token = await sessionCookie.parse(request.headers.get("cookie"));
  return typeof token === "string" && token.length > 20 ? digest(token) : null;
}

export async function destroySession(request: Request) {
  const id = await readSessionId(request);
  if (id) {
    const db = await getDb();
    await db.delete(sessions).where(eq(sessions.id, id));
  }
  return sessionCookie.serialize("", { maxAge: 0 });
}

export async function purgeExpiredSessions() {
  const db = await getDb();
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
}
