/** Full-width ASCII (U+FF01–U+FF5E) to half-width, ideographic space to space. */
export function toHalfWidth(input: string): string {
  return input
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, " ")
    .replace(/\u3002/g, "."); // 。 typed for a dot in patent numbers
}
