import { describe, expect, it } from "vitest";
import { attachmentHeader, csvCell, csvLine, csvStream, fenToYuan, yuanNumber } from "./export-stream.server";

describe("CSV cells", () => {
  it("quotes commas, quotes and line breaks", () => {
    expect(csvCell('上海某某, "有限"公司')).toBe('"上海某某, ""有限""公司"');
    expect(csvCell("a\nb")).toBe('"a\nb"');
    expect(csvLine(["a", 1, null, 2n])).toBe("a,1,,2\r\n");
  });
  it("keeps text that starts like a formula from running in a spreadsheet", () => {
    expect(csvCell("=HYPERLINK(\"http://x\")")).toBe("\"'=HYPERLINK(\"\"http://x\"\")\"");
    expect(csvCell("+86 21 5080")).toBe("'+86 21 5080");
    expect(csvCell(-5)).toBe("-5");
  });
  it("writes money as exact yuan with two decimals", () => {
    expect(fenToYuan(123_456n)).toBe("1234.56");
    expect(fenToYuan(-5n)).toBe("-0.05");
    expect(fenToYuan(9_007_199_254_740_993n)).toBe("90071992547409.93");
  });
  it("writes money in a spreadsheet as the number nearest the exact yuan", () => {
    expect(yuanNumber(1007n)).toBe(10.07);
    expect(yuanNumber("-12345")).toBe(-123.45);
    expect(yuanNumber(null)).toBeNull();
    for (let fen = 0; fen < 100_000; fen += 1) expect(String(yuanNumber(BigInt(fen)))).toBe(String(Number((fen / 100).toFixed(2))));
  });
  it("names a Chinese file for every browser", () => {
    expect(attachmentHeader("审计日志.csv")).toBe(`attachment; filename="____.csv"; filename*=UTF-8''${encodeURIComponent("审计日志.csv")}`);
  });
});

describe("streamed CSV", () => {
  it("starts with a BOM and the header, asks for batches as the reader pulls, and ends after the last", async () => {
    const asked: Array<number | null> = [];
    const stream = csvStream<{ n: number }, number>([{ header: "n", value: (r) => r.n }], async (cursor) => {
      asked.push(cursor);
      const start = cursor ?? 0;
      const rows = start >= 6 ? [] : [{ n: start + 1 }, { n: start + 2 }, { n: start + 3 }];
      return { rows, next: rows.length ? start + 3 : null };
    });
    const reader = stream.getReader();
    const first = await reader.read();
    expect(new TextDecoder("utf-8", { ignoreBOM: true }).decode(first.value)).toBe("\uFEFFn\r\n");
    // Pulled one batch at a time: never more than one batch ahead of the reader.
    expect(asked.length).toBeLessThanOrEqual(1);
    let text = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(text).toBe("1\r\n2\r\n3\r\n4\r\n5\r\n6\r\n");
    expect(asked).toEqual([null, 3, 6]);
  });
});
