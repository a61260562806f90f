import crypto from "node:crypto";
import fs from "node:fs";
import { and, eq, isNull } from "drizzle-orm";
import type { Executor } from "#db/client.server";
import { organizations, signingAuthorities, signingCertificates } from "#db/schema/index";
import { env } from "#app/utils/env.server";
import { createAuthority, issueCertificate, type KeyPair, type SignerIdentity } from "#app/utils/pdf-signatures.server";
import { ServiceError } from "#app/utils/http.server";

/**
 * The platform's CA and the signing certificates it issues to organisations. Private keys are kept
 * encrypted (AES-256 PKCS#8, SIGNING_KEY_SECRET); the platform signs for an organisation only when
 * one of its signed-in users presses "sign", and says so in the audit log.
 */
const CA_ID = "platform";
export const CA_NAME = "知识产权质押融资服务平台 电子签名 CA";

const passphrase = () => crypto.createHash("sha256").update(`signing-keys:${env.SIGNING_KEY_SECRET ?? env.SESSION_SECRET}`).digest("hex");
const seal = (pkcs8Pem: string) =>
  crypto.createPrivateKey(pkcs8Pem).export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: passphrase() }) as string;
const unseal = (encryptedPem: string) =>
  crypto.createPrivateKey({ key: encryptedPem, passphrase: passphrase() }).export({ type: "pkcs8", format: "pem" }) as string;

let fileCa: KeyPair | undefined;

/** The CA: production's own files when configured, else the one this database made on first use. */
export async function authority(exec: Executor): Promise<KeyPair> {
  if (env.SIGNING_CA_CERT_FILE && env.SIGNING_CA_KEY_FILE) {
    fileCa ??= { certPem: fs.readFileSync(env.SIGNING_CA_CERT_FILE, "utf8"), keyPem: fs.readFileSync(env.SIGNING_CA_KEY_FILE, "utf8") };
    return fileCa;
  }
  const [row] = await exec.select().from(signingAuthorities).where(eq(signingAuthorities.id, CA_ID));
  if (row) return { certPem: row.certPem, keyPem: unseal(row.keyPem) };
  const made = createAuthority(CA_NAME);
  // Two first signatures at once: one CA wins, both use it.
  await exec.insert(signingAuthorities).values({ id: CA_ID, certPem: made.certPem, keyPem: seal(made.keyPem) }).onConflictDoNothing();
  const [kept] = await exec.select().from(signingAuthorities).where(eq(signingAuthorities.id, CA_ID));
  return { certPem: kept!.certPem, keyPem: unseal(kept!.keyPem) };
}

/** The CA certificates a verification trusts (the current one; a rotated-out CA would stay listed here). */
export async function trustedAuthorities(exec: Executor): Promise<string[]> {
  return [(await authority(exec)).certPem];
}

/** The organisation's current signing identity, issued on its first signature (or when the last expired). */
export async function signerFor(exec: Executor, orgId: string): Promise<SignerIdentity & { serial: string }> {
  const ca = await authority(exec);
  const current = async () => {
    const [c] = await exec.select().from(signingCertificates).where(and(eq(signingCertificates.orgId, orgId), isNull(signingCertificates.revokedAt)));
    return c;
  };
  let cert: typeof signingCertificates.$inferSelect | undefined = await current();
  if (cert && cert.notAfter.getTime() < Date.now() + 86_400_000) {
    await exec.update(signingCertificates).set({ revokedAt: new Date() }).where(eq(signingCertificates.id, cert.id));
    cert = undefined;
  }
  if (!cert) {
    const [org] = await exec.select({ name: organizations.name, uscc: organizations.uscc }).from(organizations).where(eq(organizations.id, orgId));
    if (!org) throw new ServiceError(404, "errors.notFound");
    const issued = issueCertificate(ca, org);
    await exec.insert(signingCertificates).values({ orgId, serial: issued.serial, certPem: issued.certPem, keyPem: seal(issued.keyPem), notAfter: issued.notAfter }).onConflictDoNothing();
    cert = await current();
  }
  return { certPem: cert!.certPem, keyPem: unseal(cert!.keyPem), chainPems: [ca.certPem], serial: cert!.serial };
}
