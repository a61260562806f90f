import { and, count, eq, gt } from "drizzle-orm";
import type { z } from "zod";
import { getDb } from "#db/client.server";
import { loginAttempts, memberships, organizations, users } from "#db/schema/index";
import type { SignupSchema } from "#app/domain/forms/identity";
import type { Actor } from "#app/domain/policy/index";
import { env } from "#app/utils/env.server";
import { ServiceError } from "#app/utils/http.server";
import { dummyHash, hashPassword, verifyPassword } from "#app/utils/password.server";
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

export type LoginResult = { ok: true; userId: string } | { ok: false; reason: "bad-credentials" | "locked" };

/**
 * Checks a password, at most LOGIN_MAX_FAILURES failures per e-mail in LOGIN_WINDOW_MINUTES: past that
 * even the right password is refused until the window passes. Every failure is audited.
 */
export async function logIn(email: string, password: string, meta: { ip: string | null }): Promise<LoginResult> {
  const db = await getDb();
  const since = new Date(Date.now() - env.LOGIN_WINDOW_MINUTES * 60_000);
  const [{ failures }] = (await db
    .select({ failures: count() })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.email, email), eq(loginAttempts.success, false), gt(loginAttempts.createdAt, since)))) as [{ failures: number }];

  const [user] = await db.select({ id: users.id, passwordHash: users.passwordHash, suspendedAt: users.suspendedAt }).from(users).where(eq(users.email, email)).limit(1);
  const locked = Number(failures) >= env.LOGIN_MAX_FAILURES;
  // Hash even when locked or unknown so response time tells nothing.
  const good = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  const ok = !locked && !!user && !user.suspendedAt && good;

  await db.transaction(async (tx) => {
    await tx.insert(loginAttempts).values({ email, ip: meta.ip, success: ok });
    if (!ok) {
      const actor: Actor = { type: "system", job: "login" };
      await audit(tx, actor, {
        action: locked ? "auth.login-locked" : "auth.login-failed",
        entityType: "user", entityId: user?.id ?? email,
        after: { email }, ip: meta.ip,
      });
    }
  });
  if (ok) return { ok: true, userId: user!.id };
  return { ok: false, reason: locked ? "locked" : "bad-credentials" };
}
