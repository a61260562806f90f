/** The part of fontkit (pdfkit's font engine) the report uses: parse a font once, embed it in many PDFs. */
declare module "fontkit" {
  export function create(buffer: Uint8Array, postscriptName?: string): { layout: (...args: unknown[]) => unknown };
}
