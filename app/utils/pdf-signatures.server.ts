import crypto from "node:crypto";
import forge from "node-forge";
import { plainAddPlaceholder } from "@signpdf/placeholder-plain";
import { SignPdf } from "@signpdf/signpdf";
import { Signer, SUBFILTER_ADOBE_PKCS7_DETACHED } from "@signpdf/utils";

/**
 * PAdES signatures (adbe.pkcs7.detached, SHA-256) on the platform's PDFs, made with certificates
 * the platform's own CA issues to each signing organisation, and their verification.
 *
 * Libraries: node-forge builds the CA, the certificates and the PKCS#7 signature and parses it
 * again to verify; @signpdf/placeholder-plain adds the signature dictionary as an incremental
 * update (so a second party's signature leaves the first intact) and @signpdf/signpdf puts the
 * signature into it. The signer is ours, not @signpdf/signer-p12: that signer re-parses the
 * certificate from a PKCS#12 file, and node-forge then encodes a UTF-8 name (every Chinese
 * organisation's) twice in the SignerInfo, so no checker finds the signing certificate.
 */
export type KeyPair = { certPem: string; keyPem: string };
export type SignerIdentity = KeyPair & { chainPems: string[] };

const YEAR_MS = 365 * 86_400_000;

function rsaKeys() {
  // Node's native generator: forge's pure-JavaScript one takes seconds for 2048 bits.
  const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    keyPem: privateKey.export({ type: "pkcs8", format: "pem" }) as string,
    publicKey: forge.pki.publicKeyFromPem(publicKey.export({ type: "spki", format: "pem" }) as string),
  };
}

const utf8 = (name: string, value: string) => ({ name, value, valueTagClass: forge.asn1.Type.UTF8 as unknown as number });
const serial = () => `01${crypto.randomBytes(15).toString("hex")}`;

/** The platform's certificate authority (made once, then stored; production may supply its own). */
export function createAuthority(name: string, now = new Date()): KeyPair {
  const { keyPem, publicKey } = rsaKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(now.getTime() - 86_400_000);
  cert.validity.notAfter = new Date(now.getTime() + 20 * YEAR_MS);
  const attrs = [utf8("commonName", name), utf8("organizationName", name), { name: "countryName", value: "CN" }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem };
}

/** A signing certificate for one organisation: its name as CN and O, its USCC as serialNumber. */
export function issueCertificate(ca: KeyPair, subject: { name: string; uscc: string }, now = new Date(), years = 3): KeyPair & { serial: string; notAfter: Date } {
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const { keyPem, publicKey } = rsaKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + years * YEAR_MS);
  cert.setSubject([utf8("commonName", subject.name), utf8("organizationName", subject.name), { name: "serialNumber", value: subject.uscc }, { name: "countryName", value: "CN" }]);
  cert.setIssuer(decodedNames(caCert.subject.attributes));
  cert.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, nonRepudiation: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.keyPem), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem, serial: cert.serialNumber, notAfter: cert.validity.notAfter };
}

/** forge keeps a parsed UTF-8 name as its raw bytes and would encode them again: decode them once. */
function decodedNames(attrs: forge.pki.CertificateField[]) {
  return attrs.map((a) => a.valueTagClass === (forge.asn1.Type.UTF8 as unknown as number) && typeof a.value === "string"
    ? { ...a, value: forge.util.decodeUtf8(a.value) } : a);
}
function parseCert(pem: string) {
  const cert = forge.pki.certificateFromPem(pem);
  cert.issuer.attributes = decodedNames(cert.issuer.attributes);
  cert.subject.attributes = decodedNames(cert.subject.attributes);
  return cert;
}

class OrgSigner extends Signer {
  constructor(private readonly identity: SignerIdentity) {
    super();
  }

  override async sign(pdf: Buffer, signingTime?: Date): Promise<Buffer> {
    const cert = parseCert(this.identity.certPem);
    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(pdf.toString("binary"));
    p7.addCertificate(cert);
    for (const pem of this.identity.chainPems) p7.addCertificate(parseCert(pem));
    p7.addSigner({
      key: forge.pki.privateKeyFromPem(this.identity.keyPem),
      certificate: cert,
      digestAlgorithm: forge.pki.oids.sha256!,
      authenticatedAttributes: [
        { type: forge.pki.oids.contentType!, value: forge.pki.oids.data },
        { type: forge.pki.oids.signingTime!, value: (signingTime ?? new Date()) as unknown as string },
        { type: forge.pki.oids.messageDigest! },
      ],
    });
    p7.sign({ detached: true });
    return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), "binary");
  }
}

export type SignatureMeta = { reason: string; name: string; location: string; contactInfo: string; signingTime: Date };

/** Adds one signature as an incremental update; earlier signatures stay valid. */
export async function signPdf(pdf: Buffer, identity: SignerIdentity, meta: SignatureMeta): Promise<Buffer> {
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: pdf, reason: meta.reason, name: meta.name, location: meta.location, contactInfo: meta.contactInfo,
    signingTime: meta.signingTime, signatureLength: 8192, subFilter: SUBFILTER_ADOBE_PKCS7_DETACHED,
    // Written as a PDF name (/App << /Name /… >>), unescaped: a space would break the signature dictionary.
    appName: "IPM.PledgeRegistration",
  });
  return new SignPdf().sign(withPlaceholder, new OrgSigner(identity), meta.signingTime);
}

export type SignatureCheck = {
  signerName: string | null;
  signerUscc: string | null;
  certificateSerial: string | null;
  signedAt: string | null;
  reason: string | null;
  /** The bytes the signature covers hash to the digest it signed, and the signature is the certificate's. */
  intact: boolean;
  /** The certificate was issued by one of the trusted authorities and was valid when it signed. */
  trusted: boolean;
  problem: "digest" | "signature" | "certificate" | "unreadable" | null;
};
export type PdfCheck = { sha256: string; signatures: SignatureCheck[]; coversWholeFile: boolean; ok: boolean };

const OID = {
  messageDigest: forge.pki.oids.messageDigest!,
  signingTime: forge.pki.oids.signingTime!,
  sha256: forge.pki.oids.sha256!,
  commonName: "2.5.4.3",
  serialNumber: "2.5.4.5",
};

type Asn1 = forge.asn1.Asn1;
const children = (n: Asn1) => (Array.isArray(n.value) ? (n.value as Asn1[]) : []);

/** The signatures of a PDF, each checked on its own, and whether the last one covers the whole file. */
export function verifyPdf(pdf: Buffer, trustedCaPems: string[]): PdfCheck {
  const sha256 = crypto.createHash("sha256").update(pdf).digest("hex");
  const text = pdf.toString("latin1");
  const ranges = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)].map((m) => m.slice(1, 5).map(Number) as [number, number, number, number]);
  const reasons = [...text.matchAll(/\/Reason\s*\(([^)]*)\)/g)].map((m) => m[1] ?? null);
  const trusted = trustedCaPems.map((pem) => new crypto.X509Certificate(pem));
  const signatures = ranges.map((r, i) => checkOne(pdf, r, trusted, reasons[i] ?? null));
  const end = Math.max(0, ...ranges.map(([, , c, d]) => c + d));
  const coversWholeFile = ranges.length > 0 && end === pdf.length;
  return { sha256, signatures, coversWholeFile, ok: coversWholeFile && signatures.every((s) => s.intact && s.trusted) };
}

function checkOne(pdf: Buffer, [a, b, c, d]: [number, number, number, number], trusted: crypto.X509Certificate[], reason: string | null): SignatureCheck {
  const empty: SignatureCheck = { signerName: null, signerUscc: null, certificateSerial: null, signedAt: null, reason, intact: false, trusted: false, problem: "unreadable" };
  if (a !== 0 || a + b > c || c + d > pdf.length) return empty;
  // The placeholder is zero-padded after the DER; the DER's own length says where it ends. Trailing
  // zeros must not be stripped: one signature in 256 ends in a 0x00 byte of its own.
  const hex = pdf.subarray(a + b, c).toString("latin1").replace(/[<>\s]/g, "");
  let signerInfo: Asn1;
  let certs: forge.pki.Certificate[];
  let rawCerts: string[];
  try {
    const root = forge.asn1.fromDer(forge.util.hexToBytes(hex), { parseAllBytes: false } as unknown as boolean);
    const signedData = children(children(root)[1]!)[0]!;
    const parts = children(signedData);
    const certSet = parts.find((p) => p.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && p.type === 0);
    rawCerts = certSet ? children(certSet).map((n) => forge.asn1.toDer(n).getBytes()) : [];
    certs = rawCerts.map((der) => forge.pki.certificateFromAsn1(forge.asn1.fromDer(der)));
    signerInfo = children(parts[parts.length - 1]!)[0]!;
  } catch {
    return empty;
  }
  const si = children(signerInfo);
  const serialHex = forge.util.bytesToHex(children(si[1]!)[1]!.value as string);
  const digestOid = forge.asn1.derToOid(children(si[2]!)[0]!.value as string);
  const attrsNode = si.find((n) => n.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && n.type === 0);
  const encryptedDigest = si[si.length - 1]!.value as string;
  const index = certs.findIndex((x) => x.serialNumber.toLowerCase() === serialHex.toLowerCase());
  const cert = certs[index];
  if (!cert || !attrsNode || digestOid !== OID.sha256) return { ...empty, certificateSerial: serialHex };

  const attr = (oid: string) => children(attrsNode).find((n) => forge.asn1.derToOid(children(n)[0]!.value as string) === oid);
  const digestNode = attr(OID.messageDigest);
  const timeNode = attr(OID.signingTime);
  const signedDigest = digestNode ? (children(children(digestNode)[1]!)[0]!.value as string) : "";
  const signedAt = timeNode ? forge.asn1.utcTimeToDate(children(children(timeNode)[1]!)[0]!.value as string) : null;
  const field = (oid: string) => {
    const f = cert.subject.attributes.find((x) => x.type === oid);
    return typeof f?.value === "string" ? (f.valueTagClass === (forge.asn1.Type.UTF8 as unknown as number) ? forge.util.decodeUtf8(f.value) : f.value) : null;
  };
  const who = { signerName: field(OID.commonName), signerUscc: field(OID.serialNumber), certificateSerial: cert.serialNumber, signedAt: signedAt?.toISOString() ?? null, reason };

  const content = crypto.createHash("sha256").update(pdf.subarray(a, a + b)).update(pdf.subarray(c, c + d)).digest("binary");
  if (content !== signedDigest) return { ...who, intact: false, trusted: false, problem: "digest" };
  const attrsSet = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, children(attrsNode));
  const md = forge.md.sha256.create();
  md.update(forge.asn1.toDer(attrsSet).getBytes());
  let signatureOk = false;
  try {
    signatureOk = (cert.publicKey as forge.pki.rsa.PublicKey).verify(md.digest().bytes(), encryptedDigest);
  } catch {
    signatureOk = false;
  }
  if (!signatureOk) return { ...who, intact: false, trusted: false, problem: "signature" };

  const x509 = new crypto.X509Certificate(Buffer.from(rawCerts[index]!, "binary"));
  const at = signedAt ?? new Date();
  const inValidity = at >= new Date(x509.validFrom) && at <= new Date(x509.validTo);
  const issued = trusted.some((ca) => x509.checkIssued(ca) && x509.verify(ca.publicKey));
  return { ...who, intact: true, trusted: issued && inValidity, problem: issued && inValidity ? null : "certificate" };
}
