import { describe, expect, it } from "vitest";
import { crlfLines } from "./export-sql.server";

const run = (chunks: string[]) => {
  const toCrlf = crlfLines();
  return chunks.map((c) => Buffer.from(toCrlf(Buffer.from(c))).toString()).join("");
};

describe("crlfLines (COPY's CSV lines made CRLF)", () => {
  it("ends every line with CRLF and leaves line breaks inside quoted cells alone", () => {
    expect(run(['a,b\n"x\ny",2\n'])).toBe('a,b\r\n"x\ny",2\r\n');
  });

  it("keeps its place in a quoted cell across chunks, doubled quotes included", () => {
    const whole = '1,"say ""hi""\nthere",3\n2,"",4\n3,"a,b",5\n';
    const expected = '1,"say ""hi""\nthere",3\r\n2,"",4\r\n3,"a,b",5\r\n';
    // Every split point, so a chunk boundary falls inside quotes, between doubled quotes and before a line end.
    for (let i = 0; i <= whole.length; i++) expect(run([whole.slice(0, i), whole.slice(i)]), `split at ${i}`).toBe(expected);
  });

  it("passes a chunk without line ends through as it is", () => {
    const chunk = Buffer.from("abc");
    expect(crlfLines()(chunk)).toBe(chunk);
  });
});
