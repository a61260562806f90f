import { eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { issuedDocuments, valuations } from "#db/schema/index";
import { verifyPdf, type SignatureCheck } from "#app/utils/pdf-signatures.server";
import { trustedAuthorities } from "./signing-keys.server";

/**
 * The public verification page's check of an uploaded PDF: its signatures (each intact, each by a
 * certificate of the platform's CA, the last covering the whole file) and whether the platform
 * issued exactly these bytes (a contract or form as signed, or a valuation report). It tells who
 * signed when — the parties' names are on the documents they hold anyway — and nothing else: no
 * application, amount or page link leaks to an anonymous visitor.
 */
export type Verification = {
  sha256: string;
  issued: { kind: string; title: string; issuedAt: string } | null;
  signatures: SignatureCheck[];
  coversWholeFile: boolean;
  verdict: "valid" | "issued-unsigned" | "invalid" | "unknown";
};

export async function verifyDocument(pdf: Buffer): Promise<Verification> {
  const db = await getDb();
  const check = verifyPdf(pdf, await trustedAuthorities(db));
  const [issued] = await db.select({ kind: issuedDocuments.kind, title: issuedDocuments.title, issuedAt: issuedDocuments.issuedAt })
    .from(issuedDocuments).where(eq(issuedDocuments.sha256, check.sha256));
  const [report] = issued ? [] : await db.select({ completedAt: valuations.completedAt }).from(valuations).where(eq(valuations.reportSha256, check.sha256));
  const known = issued
    ? { kind: issued.kind, title: issued.title, issuedAt: issued.issuedAt.toISOString() }
    : report ? { kind: "valuation_report", title: "", issuedAt: (report.completedAt ?? new Date()).toISOString() } : null;
  const verdict: Verification["verdict"] = check.signatures.length
    ? (check.ok ? "valid" : "invalid")
    : known ? "issued-unsigned" : "unknown";
  return { sha256: check.sha256, issued: known, signatures: check.signatures, coversWholeFile: check.coversWholeFile, verdict };
}
