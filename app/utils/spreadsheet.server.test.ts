import { describe, expect, it } from "vitest";
import { readSpreadsheet, sheetRecords, SpreadsheetError } from "./spreadsheet.server";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("reading uploaded spreadsheets", () => {
  it("reads quoted CSV fields with commas, quotes and line breaks, keeping each row's line number", async () => {
    const sheet = await readSpreadsheet({ name: "a.csv", bytes: utf8('\uFEFF名称,说明\r\n"芯片, 封装","他说""好""\n第二行"\r\n\r\n"C",D\r\n') });
    expect(sheet.headers).toEqual(["名称", "说明"]);
    expect(sheet.rows).toEqual([
      { line: 2, values: ["芯片, 封装", '他说"好"\n第二行'] },
      { line: 5, values: ["C", "D"] },
    ]);
  });

  it("reads GB18030 CSV as Chinese Excel saves it, and semicolon-separated files", async () => {
    // "名称;号码\n芯片;1" in GB18030
    const gbk = Uint8Array.from([0xc3, 0xfb, 0xb3, 0xc6, 0x3b, 0xba, 0xc5, 0xc2, 0xeb, 0x0a, 0xd0, 0xbe, 0xc6, 0xac, 0x3b, 0x31]);
    const sheet = await readSpreadsheet({ name: "gbk.csv", bytes: gbk });
    expect(sheet.headers).toEqual(["名称", "号码"]);
    expect(sheet.rows[0]!.values).toEqual(["芯片", "1"]);
  });

  it("reads the first worksheet of an XLSX file, dates as ISO dates", async () => {
    const { default: ExcelJS } = await import("exceljs");
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("资产");
    ws.addRow(["号码", "申请日", "标题"]);
    ws.addRow(["201710601862.3", new Date(Date.UTC(2017, 6, 20)), { richText: [{ text: "一种" }, { text: "芯片" }] }]);
    ws.addRow([]);
    ws.addRow([12345, null, "商标"]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const sheet = await readSpreadsheet({ name: "a.xlsx", bytes });
    expect(sheet.format).toBe("xlsx");
    expect(sheet.rows).toEqual([
      { line: 2, values: ["201710601862.3", "2017-07-20", "一种芯片"] },
      { line: 4, values: ["12345", "", "商标"] },
    ]);
  });

  it("refuses old binary .xls files and oversized sheets with a translatable key", async () => {
    await expect(readSpreadsheet({ name: "a.xls", bytes: Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]) })).rejects.toMatchObject({ key: "spreadsheet.errors.xlsUnsupported" });
    await expect(readSpreadsheet({ name: "a.csv", bytes: utf8("a\n1\n2\n3\n") }, { maxRows: 2 })).rejects.toBeInstanceOf(SpreadsheetError);
  });

  it("refuses a file that is neither .xlsx nor CSV by its name, whatever its bytes", async () => {
    const csv = new TextEncoder().encode("number,title\n1,2\n");
    for (const name of ["setup.exe", "report.pdf", "assets"]) {
      await expect(readSpreadsheet({ name, bytes: csv })).rejects.toMatchObject({ key: "spreadsheet.errors.format" });
    }
    expect((await readSpreadsheet({ name: "ASSETS.CSV", bytes: csv })).rows).toHaveLength(1);
  });

  it("maps headers to canonical names through aliases, reporting unknown and missing ones", async () => {
    const sheet = await readSpreadsheet({ name: "a.csv", bytes: utf8("Patent No.,标题,备注\n1,x,y\n") });
    const r = sheetRecords(sheet, { number: ["patent no.", "号码"], title: ["标题"], kind: ["类型"] });
    expect(r.records).toEqual([{ line: 2, record: { number: "1", title: "x" } }]);
    expect(r.unknownHeaders).toEqual(["备注"]);
    expect(r.missing).toEqual(["kind"]);
  });
});

describe("the text rule in import cells", () => {
  it("refuses a CSV with a NUL in a cell, naming its line, before anything is stored", async () => {
    const csv = new TextEncoder().encode("name,number\nok,1\nbad\u0000name,2\n");
    await expect(readSpreadsheet({ name: "a.csv", bytes: csv })).rejects.toMatchObject({ key: "spreadsheet.errors.badText", params: { line: 3 } });
  });

  it("refuses a control character in a header", async () => {
    const csv = new TextEncoder().encode("na\u0007me,number\nok,1\n");
    await expect(readSpreadsheet({ name: "a.csv", bytes: csv })).rejects.toMatchObject({ key: "spreadsheet.errors.badText", params: { line: 1 } });
  });
});
