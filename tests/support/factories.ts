import crypto from "node:crypto";
import { getDb } from "#db/client.server";
import { memberships, organizations, users } from "#db/schema/index";
import type { Industry } from "#app/domain/industries";
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
export async function createOrg(opts: { kind?: OrgKind; status?: OrgStatus; name?: string; parkId?: string | null; industry?: Industry | null } = {}): Promise<TestOrg> {
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

import { ipAssets, type CoOwner } from "#db/schema/index";
import { patentCheckCharacter } from "#app/domain/patent-number";
import { expiryDate } from "#app/domain/terms";

/** A valid, unique post-2003 patent application number of the given kind (type digit 1, 2 or 3). */
export function randomPatentNumber(kind: "invention" | "utility_model" | "design" = "invention", year = 2019): string {
  const type = kind === "invention" ? "1" : kind === "utility_model" ? "2" : "3";
  const serial = String(crypto.randomInt(0, 10_000_000)).padStart(7, "0");
  const digits = `${year}${type}${serial}`;
  return `${digits}.${patentCheckCharacter(digits)}`;
}

type AssetOpts = Partial<typeof ipAssets.$inferInsert> & { ownerOrgId: string; coOwners?: CoOwner[] };

/** An IP asset row straight into the database (tests of other contexts need assets, not the import flow). */
export async function createAsset(opts: AssetOpts) {
  const db = await getDb();
  const kind = opts.kind ?? "invention";
  const filing = opts.filingDate ?? "2019-03-15";
  // The legal term's last day (a patent filed 2019-03-15 is in force through 2039-03-14); a trademark's from its registration.
  const expiry = opts.expiryDate ?? expiryDate({ kind, filingDate: filing, registrationDate: opts.grantDate ?? "2021-06-01" })!;
  const [row] = await db.insert(ipAssets).values({
    kind,
    number: opts.number ?? (kind === "trademark" ? String(crypto.randomInt(10_000_000, 99_999_999)) : randomPatentNumber(kind)),
    title: opts.title ?? "一种低功耗芯片时钟管理电路",
    filingDate: filing,
    grantDate: opts.grantDate ?? (opts.legalStatus === "pending" ? null : "2021-06-01"),
    expiryDate: expiry,
    legalStatus: opts.legalStatus ?? "valid",
    annuityPaidThrough: opts.annuityPaidThrough ?? "2027-03-14",
    industry: opts.industry ?? "integrated_circuits",
    ...opts,
  }).returning();
  return row!;
}
