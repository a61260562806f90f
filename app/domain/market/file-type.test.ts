import { describe, expect, it } from "vitest";
import { safeFileName, sniffDocumentType, sniffFileType } from "./file-type";

describe("certificate uploads are typed by content", () => {
  it("recognises PDF, PNG and JPEG by their magic bytes", () => {
    expect(sniffFileType(new TextEncoder().encode("%PDF-1.7\n"))?.mime).toBe("application/pdf");
    expect(sniffFileType(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))?.mime).toBe("image/png");
    expect(sniffFileType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))?.mime).toBe("image/jpeg");
  });
  it("refuses an HTML file named certificate.pdf", () => {
    expect(sniffFileType(new TextEncoder().encode("<html><script>alert(1)</script>"))).toBeNull();
  });
  it("strips paths and header-breaking characters from names", () => {
    expect(safeFileName('..\\..\\evil"name.pdf')).toBe("evil_name.pdf");
    expect(safeFileName("证书.pdf")).toBe("证书.pdf");
  });
});

describe("answers to a bank are typed by content too, with Excel workbooks besides", () => {
  const zip = (...names: string[]) => new TextEncoder().encode(`PK\u0003\u0004${names.join("\u0000")}`);
  it("takes an OOXML workbook (a ZIP naming [Content_Types].xml and xl/workbook.xml) as XLSX", () => {
    expect(sniffDocumentType(zip("[Content_Types].xml", "xl/workbook.xml"))?.ext).toBe("xlsx");
    expect(sniffDocumentType(new TextEncoder().encode("%PDF-1.7"))?.ext).toBe("pdf");
  });
  it("refuses a Word file, a bare ZIP, and HTML named .xlsx; certificates still refuse workbooks", () => {
    expect(sniffDocumentType(zip("[Content_Types].xml", "word/document.xml"))).toBeNull();
    expect(sniffDocumentType(zip("xl/workbook.xml"))).toBeNull();
    expect(sniffDocumentType(new TextEncoder().encode("<html>"))).toBeNull();
    expect(sniffFileType(zip("[Content_Types].xml", "xl/workbook.xml"))).toBeNull();
  });
});
