import { describe, expect, it } from "vitest";
import { columnLetters, worksheetRows, xmlText } from "./export-xlsx-sql.server";

async function* bytes(parts: Array<string | Buffer>) {
  for (const p of parts) yield typeof p === "string" ? Buffer.from(p) : p;
}
const rows = async (parts: Array<string | Buffer>, kinds: Parameters<typeof worksheetRows>[1]) => {
  let out = "";
  for await (const chunk of worksheetRows(bytes(parts), kinds)) out += Buffer.from(chunk).toString();
  return out;
};

describe("SpreadsheetML by the database: the parts written in JavaScript", () => {
  it("names columns as a spreadsheet does", () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetters)).toEqual(["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
  });
  it("escapes text for XML, drops what XML cannot hold and keeps a row on one line", () => {
    expect(xmlText(`a & <b> "c"`)).toBe("a &amp; &lt;b&gt; &quot;c&quot;");
    expect(xmlText("控制\u0001\u0007\u001f\u007f字符\t")).toBe("控制字符\t");
    expect(xmlText("一\r\n二")).toBe("一&#13;&#10;二");
  });

  it("wraps each line's values in their cells, numbered from row 2, leaving out the empty ones", async () => {
    expect(await rows(["甲公司\x0112.5\x0145000.5\n\x017\x01\n"], ["text", "money", "timestamp"])).toBe(
      '<row r="2"><c r="A2" t="str"><v>甲公司</v></c><c r="B2"><v>12.5</v></c><c r="C2" s="1"><v>45000.5</v></c></row>'
        + '<row r="3"><c r="B3"><v>7</v></c></row>',
    );
  });

  it("reads lines and characters split across chunks", async () => {
    const line = Buffer.from("上海\x01A&amp;B\n");
    const expected = '<row r="2"><c r="A2" t="str"><v>上海</v></c><c r="B2" t="str"><v>A&amp;B</v></c></row>';
    for (let cut = 1; cut < line.length; cut++) {
      expect(await rows([line.subarray(0, cut), line.subarray(cut)], ["text", "text"])).toBe(expected);
    }
  });

  it("fails on a row of the wrong width or one without its line end", async () => {
    await expect(rows(["a\x01b\x01c\n"], ["text", "text"])).rejects.toThrow(/3 values, not 2/);
    await expect(rows(["a\x01b\na\x01"], ["text", "text"])).rejects.toThrow(/line end/);
  });
});
