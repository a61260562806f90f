/**
 * The type of an uploaded certificate, read from its first bytes: the name and the browser's
 * Content-Type are the uploader's claims, the magic bytes are the file's.
 */
export type SniffedType = { mime: "application/pdf"; ext: "pdf" } | { mime: "image/png"; ext: "png" } | { mime: "image/jpeg"; ext: "jpg" };

const startsWith = (b: Uint8Array, sig: number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);

export function sniffFileType(bytes: Uint8Array): SniffedType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { mime: "application/pdf", ext: "pdf" }; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mime: "image/png", ext: "png" };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { mime: "image/jpeg", ext: "jpg" };
  return null;
}

export type XlsxType = { mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"; ext: "xlsx" };
export type DocumentType = SniffedType | XlsxType;

const XLSX: XlsxType = { mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ext: "xlsx" };
const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));
const contains = (b: Uint8Array, sig: number[], limit = b.length) => {
  const end = Math.min(b.length, limit) - sig.length;
  outer: for (let i = 0; i <= end; i++) {
    for (let j = 0; j < sig.length; j++) if (b[i + j] !== sig[j]) continue outer;
    return true;
  }
  return false;
};
const CONTENT_TYPES = ascii("[Content_Types].xml");
const WORKBOOK = ascii("xl/workbook.xml");

/**
 * A document answering a bank (audited accounts, scans): PDF, PNG, JPEG, or an Excel workbook — a
 * ZIP (PK\x03\x04) whose entries name `[Content_Types].xml` and `xl/workbook.xml` (an OOXML
 * spreadsheet; a Word file or any other ZIP is refused).
 */
export function sniffDocumentType(bytes: Uint8Array): DocumentType | null {
  const known = sniffFileType(bytes);
  if (known) return known;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) && contains(bytes, CONTENT_TYPES) && contains(bytes, WORKBOOK)) return XLSX;
  return null;
}

/** A display name safe to put in a Content-Disposition header and a page. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "file";
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, "_").trim().slice(0, 120);
  return cleaned || "file";
}
