import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import forge from "node-forge";
import { beforeAll, describe, expect, it } from "vitest";
import { createAuthority, issueCertificate, signPdf, verifyPdf, type KeyPair } from "./pdf-signatures.server";

async function plainPdf(): Promise<Buffer> {
  const { default: PDFDocument } = await import("pdfkit");
  const doc = new PDFDocument({ size: "A4", info: { CreationDate: new Date("2026-03-02T00:00:00Z") } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  doc.text("Pledge contract (test)");
  doc.end();
  return done;
}

const hasPdfsig = (() => {
  try {
    execFileSync("pdfsig", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

// UTCTime keeps whole seconds.
const SIGNED_AT = new Date(Math.floor(Date.now() / 1000) * 1000);
let ca: KeyPair;
let signed: Buffer;
const meta = (name: string) => ({ reason: "Pledgor signature", name, location: "Shanghai", contactInfo: name, signingTime: SIGNED_AT });

beforeAll(async () => {
  ca = createAuthority("知识产权质押融资服务平台 CA");
  const pledgor = issueCertificate(ca, { name: "上海芯测科技有限公司", uscc: "91310115MA1H7XYZ2K" });
  const pledgee = issueCertificate(ca, { name: "申城银行张江科技支行", uscc: "91310000132210001X" });
  const once = await signPdf(await plainPdf(), { ...pledgor, chainPems: [ca.certPem] }, meta("a@ent.test"));
  signed = await signPdf(once, { ...pledgee, chainPems: [ca.certPem] }, { ...meta("b@bank.test"), reason: "Pledgee signature" });
}, 60_000);

describe("PAdES signatures by the platform's CA", () => {
  it("carries both parties' signatures, each intact, by certificates the CA issued, the last over the whole file", () => {
    const check = verifyPdf(signed, [ca.certPem]);
    expect(check.ok).toBe(true);
    expect(check.coversWholeFile).toBe(true);
    expect(check.signatures.map((s) => [s.signerName, s.signerUscc, s.intact, s.trusted, s.reason])).toEqual([
      ["上海芯测科技有限公司", "91310115MA1H7XYZ2K", true, true, "Pledgor signature"],
      ["申城银行张江科技支行", "91310000132210001X", true, true, "Pledgee signature"],
    ]);
    expect(check.signatures[0]!.signedAt).toBe(SIGNED_AT.toISOString());
  });

  it("fails a PDF changed by one byte inside the signed bytes", () => {
    const tampered = Buffer.from(signed);
    const at = tampered.indexOf("Pledge contract");
    const i = at >= 0 ? at : 200;
    tampered[i] = tampered[i]! ^ 0x01;
    const check = verifyPdf(tampered, [ca.certPem]);
    expect(check.ok).toBe(false);
    expect(check.signatures.some((s) => s.problem === "digest")).toBe(true);
  });

  it("fails a PDF with bytes appended after the last signature", () => {
    const check = verifyPdf(Buffer.concat([signed, Buffer.from("\n% appended\n")]), [ca.certPem]);
    expect(check.coversWholeFile).toBe(false);
    expect(check.ok).toBe(false);
  });

  it("does not trust a certificate another CA issued", () => {
    const other = createAuthority("Other CA");
    const check = verifyPdf(signed, [other.certPem]);
    expect(check.signatures.every((s) => s.intact && !s.trusted && s.problem === "certificate")).toBe(true);
    expect(check.ok).toBe(false);
  });

  it("verifies a signature whose DER ends in a zero byte (the placeholder's zero padding follows it)", async () => {
    // RSA signatures end in 0x00 once in 256; sign until one does (about 256 tries, a few seconds).
    const key = issueCertificate(ca, { name: "上海芯测科技有限公司", uscc: "91310115MA1H7XYZ2K" });
    const pdf = await plainPdf();
    for (let i = 0; i < 4000; i++) {
      const at = new Date(SIGNED_AT.getTime() + i * 1000);
      const out = await signPdf(pdf, { ...key, chainPems: [ca.certPem] }, { ...meta("a@ent.test"), signingTime: at });
      const [, b, c] = out.toString("latin1").match(/\/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)/)!.slice(0, 3).map(Number) as [number, number, number];
      const hex = out.subarray(b, c).toString("latin1").replace(/[<>\s]/g, "");
      const der = forge.asn1.fromDer(forge.util.hexToBytes(hex), { parseAllBytes: false } as unknown as boolean);
      const bytes = forge.asn1.toDer(der).getBytes();
      if (bytes.charCodeAt(bytes.length - 1) !== 0) continue;
      const check = verifyPdf(out, [ca.certPem]);
      expect(check.signatures.map((s) => [s.intact, s.trusted, s.problem])).toEqual([[true, true, null]]);
      expect(check.ok).toBe(true);
      return;
    }
    throw new Error("no signature ending in a zero byte in 4,000 tries");
  }, 120_000);

  it.runIf(hasPdfsig)("verifies with poppler's pdfsig, an independent checker", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pdfsig-"));
    const file = path.join(dir, "signed.pdf");
    fs.writeFileSync(file, signed);
    const out = execFileSync("pdfsig", ["-nocert", file], { encoding: "utf8" });
    expect(out.match(/Signature is Valid/g)).toHaveLength(2);
    expect(out).toContain("申城银行张江科技支行");
    expect(out).toContain("Total document signed");
    const bad = Buffer.from(signed);
    bad[300] = bad[300]! ^ 0x01;
    fs.writeFileSync(file, bad);
    let tampered = "";
    try {
      tampered = execFileSync("pdfsig", ["-nocert", file], { encoding: "utf8" });
    } catch (e) {
      tampered = String((e as { stdout?: string }).stdout ?? "");
    }
    expect(tampered).not.toMatch(/Signature #1:[\s\S]*Signature is Valid[\s\S]*Signature #2/);
  });
});
