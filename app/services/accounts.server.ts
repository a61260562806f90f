import { eq } from "drizzle-orm";
import type { z } from "zod";
import { getDb } from "#db/client.server";
import { loginAttempts, memberships, organizations, users } from "#db/schema/index";
import type { SignupSchema } from "#app/domain/forms/identity";
import type { Actor } from "#app/domain/policy/index";
import { env } from "#app/utils/env.server";
import { ServiceError } from "#app/utils/http.server";
import { dummyHash, hashPassword, verifyPassword } from "#app/utils/password.server";
import { block, penalise, reset, retryAfterSeconds, waitMs } from "#app/utils/rate-limit.server";
import { issueToken } from "./mail.server";
import { audit } from "./operations.server";

type Signup = z.infer<typeof SignupSchema>;

const isUniqueViolation = (e: unknown, constraint?: string) => {
  const err = e as { code?: string; constraint_name?: string; constraint?: string; cause?: unknown };
  const inner = (err?.code ? err : (err?.cause as typeof err)) ?? {};
  if (inner.code !== "23505") return false;
  if (!constraint) return true;
  return (inner.constraint_name ?? inner.constraint ?? "").includes(constraint);
};
export { isUniqueViolation };

/** Creates a user and a pending organisation they own; an admin verifies it later. */
export async function signUp(input: Signup, meta: { ip: string | null }) {
  const db = await getDb();
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      const [org] = await tx
        .insert(organizations)
        .values({ kind: input.orgKind, name: input.orgName, uscc: input.uscc, parkId: input.parkId ?? null, industry: input.industry || null })
        .returning();
      const [user] = await tx.insert(users).values({ email: input.email, name: input.name, passwordHash }).returning({ id: users.id });
      await tx.insert(memberships).values({ userId: user!.id, orgId: org!.id, role: "owner" });
      const actor: Actor = { type: "user", userId: user!.id, orgId: org!.id, orgKind: org!.kind, orgStatus: "pending", role: "owner", ip: meta.ip };
      await audit(tx, actor, {
        action: "org.signup", entityType: "organization", entityId: org!.id, orgId: org!.id,
        after: { name: org!.name, kind: org!.kind, uscc: org!.uscc, status: org!.status },
      });
      await issueToken(tx, user!.id, "verify_email");
      return { userId: user!.id, orgId: org!.id };
    });
  } catch (e) {
    if (isUniqueViolation(e, "uscc")) throw new ServiceError(400, "errors.usccTaken", { uscc: ["errors.usccTaken"] });
    if (isUniqueViolation(e, "email")) throw new ServiceError(400, "errors.emailTaken", { email: ["errors.emailTaken"] });
    throw e;
  }
}

export type LoginResult = { ok: true; userId: string } | { ok: false; reason: "bad-credentials" } | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/**
 * Checks a password. There is no lock per e-mail (anyone could trigger it against anyone): failures
 * are counted per (e-mail, IP), and past RATE_LIMIT_LOGIN_FREE_FAILURES each further attempt from that
 * pair waits, the wait doubling; failures per IP are capped per hour. The owner signing in from
 * another address is not held up by an attacker's failures. Every failure is audited.
 */
export async function logIn(email: string, password: string, meta: { ip: string | null }): Promise<LoginResult> {
  const db = await getDb();
  const ip = meta.ip ?? "unknown";
  const pair = `${email}|${ip}`;
  const wait = Math.max(await waitMs("loginPairWait", pair), await waitMs("loginIpFailures", ip));
  if (wait > 0) {
    await db.transaction(async (tx) => {
      await tx.insert(loginAttempts).values({ email, ip: meta.ip, success: false });
      await audit(tx, { type: "system", job: "login" }, { action: "auth.login-throttled", entityType: "user", entityId: email, after: { email }, ip: meta.ip });
    });
    return { ok: false, reason: "throttled", retryAfterSeconds: retryAfterSeconds(wait) };
  }

  const [user] = await db.select({ id: users.id, passwordHash: users.passwordHash, suspendedAt: users.suspendedAt }).from(users).where(eq(users.email, email)).limit(1);
  // Hash even when the e-mail is unknown so response time tells nothing.
  const good = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  const ok = !!user && !user.suspendedAt && good;

  await db.transaction(async (tx) => {
    await tx.insert(loginAttempts).values({ email, ip: meta.ip, success: ok });
    if (!ok) {
      await audit(tx, { type: "system", job: "login" }, { action: "auth.login-failed", entityType: "user", entityId: user?.id ?? email, after: { email }, ip: meta.ip });
    }
  });
  if (ok) {
    await Promise.all([reset("loginPairFailures", pair), reset("loginPairWait", pair)]);
    return { ok: true, userId: user!.id };
  }
  const [failures] = await Promise.all([penalise("loginPairFailures", pair), penalise("loginIpFailures", ip)]);
  const over = failures - env.RATE_LIMIT_LOGIN_FREE_FAILURES;
  if (over >= 0) await block("loginPairWait", pair, loginDelaySeconds(over));
  return { ok: false, reason: "bad-credentials" };
}

/** The wait after the (free + n + 1)-th failure: the base delay doubled n times, at most the maximum. */
export const loginDelaySeconds = (n: number) =>
  Math.min(env.RATE_LIMIT_LOGIN_DELAY_SECONDS * 2 ** Math.min(n, 30), env.RATE_LIMIT_LOGIN_DELAY_MAX_SECONDS);
