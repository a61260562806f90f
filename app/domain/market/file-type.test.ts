import { describe, expect, it } from "vitest";
import { safeFileName, sniffFileType } from "./file-type";

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
