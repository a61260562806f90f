import { describe, expect, it } from "vitest";
import { columnLetters, xmlText } from "./export-xlsx-sql.server";

describe("SpreadsheetML by the database: the parts written in JavaScript", () => {
  it("names columns as a spreadsheet does", () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetters)).toEqual(["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
  });
  it("escapes text for XML, drops what XML cannot hold and keeps a row on one line", () => {
    expect(xmlText(`a & <b> "c"`)).toBe("a &amp; &lt;b&gt; &quot;c&quot;");
    expect(xmlText("控制\u0001\u0007\u001f\u007f字符\t")).toBe("控制字符\t");
    expect(xmlText("一\r\n二")).toBe("一&#13;&#10;二");
  });
});
