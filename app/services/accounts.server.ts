import { eq } from "drizzle-orm";
import type { z } from "zod";
import { getDb } from "#db/client.server";
import { loginAttempts, memberships, organizations, users } from "#db/schema/index";
import type { Locale } from "#app/i18n/index";
import type { SignupSchema } from "#app/domain/forms/identity";
import type { Actor } from "#app/domain/policy/index";
import { env } from "#app/utils/env.server";
import { ServiceError } from "#app/utils/http.server";
import { dummyHash, hashPassword, verifyPassword } from "#app/utils/password.server";
import { passwordProblem } from "#app/utils/password-strength.server";
import { block, penalise, reset, retryAfterSeconds, waitMs } from "#app/utils/rate-limit.server";
import { createJoinRequest, joinRequestOf } from "./join-requests.server";
import { issueToken, queueAccountNotice } from "./mail.server";
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

/**
 * The sign-up form's use case. Its answer does not tell whether the address is registered: a new
 * address gets an account (and a verification e-mail), a registered one gets an e-mail telling its
 * owner that someone tried (at most one an hour). A registered USCC is not refused bare: with
 * `joinRequest` the new account asks that organisation's owners to let it in.
 */
export async function register(input: Signup, meta: { ip: string | null; locale?: Locale }): Promise<{ outcome: "sent" }> {
  const weak = passwordProblem(input.password, [input.email, input.name, input.orgName]);
  if (weak) throw new ServiceError(400, "errors.fixBelow", { password: [weak] });
  const db = await getDb();
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, input.email));
  if (existing) {
    // Hashed all the same, so the time the answer takes does not tell either.
    await hashPassword(input.password);
    await noticeSignupAttempt(existing.id);
    return { outcome: "sent" };
  }
  const [org] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.uscc, input.uscc));
  try {
    if (!org) await signUp(input, meta);
    else if (input.joinRequest) await askToJoin(input, org.id, meta);
    else throw new ServiceError(400, "errors.fixBelow", { uscc: ["signup.usccTakenJoin"] });
  } catch (e) {
    // Lost a race with a sign-up of the same address: that account exists now, so the same answer.
    const raced = e instanceof ServiceError && e.messageKey === "errors.emailTaken";
    if (!raced) throw e;
    const [u] = await db.select({ id: users.id }).from(users).where(eq(users.email, input.email));
    if (u) await noticeSignupAttempt(u.id);
  }
  return { outcome: "sent" };
}

/** "Someone tried to sign up with your address": once per user and hour, however often it is tried. */
async function noticeSignupAttempt(userId: string) {
  const db = await getDb();
  const hour = new Date().toISOString().slice(0, 13);
  await db.transaction((tx) => queueAccountNotice(tx, { userId, notice: "signup-attempt", orgId: null, causeId: `${userId}:${hour}` }));
}

/** A user without a membership and their pending request to join `orgId`. */
async function askToJoin(input: Signup, orgId: string, meta: { ip: string | null; locale?: Locale }) {
  const db = await getDb();
  const passwordHash = await hashPassword(input.password);
  try {
    await db.transaction(async (tx) => {
      const [user] = await tx.insert(users).values({ email: input.email, name: input.name, passwordHash, locale: meta.locale ?? "zh-CN" }).returning({ id: users.id });
      await createJoinRequest(tx, { orgId, userId: user!.id, name: input.name, email: input.email, ip: meta.ip });
      await issueToken(tx, user!.id, "verify_email");
    });
  } catch (e) {
    if (isUniqueViolation(e, "email")) throw new ServiceError(400, "errors.emailTaken", { email: ["errors.emailTaken"] });
    throw e;
  }
}

/** Creates a user and a pending organisation they own; an admin verifies it later. */
export async function signUp(input: Signup, meta: { ip: string | null; locale?: Locale }) {
  const db = await getDb();
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      const [org] = await tx
        .insert(organizations)
        .values({ kind: input.orgKind, name: input.orgName, uscc: input.uscc, parkId: input.parkId ?? null, industry: input.industry || null })
        .returning();
      const [user] = await tx.insert(users).values({ email: input.email, name: input.name, passwordHash, locale: meta.locale ?? "zh-CN" }).returning({ id: users.id });
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
    if (isUniqueViolation(e, "uscc")) throw new ServiceError(400, "errors.fixBelow", { uscc: ["signup.usccTakenJoin"] });
    if (isUniqueViolation(e, "email")) throw new ServiceError(400, "errors.emailTaken", { email: ["errors.emailTaken"] });
    throw e;
  }
}

export type LoginResult =
  | { ok: true; userId: string }
  | { ok: false; reason: "bad-credentials" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number }
  | { ok: false; reason: "join-pending" | "join-declined"; org: string };

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
    // The right password of someone still waiting to be let into an organisation: say so (no session, they have no membership).
    const [member] = await db.select({ id: memberships.id }).from(memberships).where(eq(memberships.userId, user!.id));
    if (!member) {
      const req = await joinRequestOf(db, user!.id);
      if (req && req.status !== "accepted") return { ok: false, reason: req.status === "pending" ? "join-pending" : "join-declined", org: req.org };
    }
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
