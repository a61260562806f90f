import crypto from "node:crypto";
import { getDb } from "#db/client.server";
import { memberships, organizations, users } from "#db/schema/index";
import type { OrgKind, OrgStatus } from "#app/domain/organization";
import type { UserActor } from "#app/domain/policy/index";
import { usccCheckCharacter } from "#app/domain/uscc";
import { hashPassword } from "#app/utils/password.server";

const CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
export const TEST_PASSWORD = "test-password-123";
let cachedHash: Promise<string> | undefined;

/** A random, valid unified social credit code. */
export function randomUscc(): string {
  let s = "91310115";
  while (s.length < 17) s += CHARSET[crypto.randomInt(CHARSET.length)];
  return s + usccCheckCharacter(s);
}

export type TestOrg = { orgId: string; userId: string; email: string; actor: UserActor; name: string };

/** An organisation with one owner who can sign in with TEST_PASSWORD. */
export async function createOrg(opts: { kind?: OrgKind; status?: OrgStatus; name?: string; parkId?: string | null; industry?: string | null } = {}): Promise<TestOrg> {
  const db = await getDb();
  const kind = opts.kind ?? "enterprise";
  const status = opts.status ?? "verified";
  const tag = crypto.randomBytes(4).toString("hex");
  const name = opts.name ?? `测试${kind}-${tag}`;
  const [org] = await db.insert(organizations).values({
    kind, name, uscc: randomUscc(), status, parkId: opts.parkId ?? null, industry: opts.industry ?? null,
    verifiedAt: status === "verified" ? new Date() : null,
  }).returning({ id: organizations.id });
  const email = `${kind}-${tag}@test.ipm`;
  const [user] = await db.insert(users).values({ email, name: `用户${tag}`, passwordHash: await (cachedHash ??= hashPassword(TEST_PASSWORD)) }).returning({ id: users.id });
  await db.insert(memberships).values({ orgId: org!.id, userId: user!.id, role: "owner" });
  return {
    orgId: org!.id, userId: user!.id, email, name,
    actor: { type: "user", userId: user!.id, orgId: org!.id, orgKind: kind, orgStatus: status, role: "owner", ip: "127.0.0.1" },
  };
}

export const createAdmin = () => createOrg({ kind: "platform", name: "平台管理方" });
