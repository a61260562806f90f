import zlib from "node:zlib";

/**
 * Hostile spreadsheets made on the spot (no fixture files): a minimal XLSX writer — the zip format by
 * hand, so a test can also make a zip whose central directory lies about its sizes.
 */
type Packed = { deflated: Buffer; crc: number; size: number };
type Entry = { name: string; packed: Packed; declaredSize?: number };

/** Deflates parts one at a time, so a file of hundreds of MiB is never whole in memory. */
async function pack(parts: Iterable<Buffer>): Promise<Packed> {
  const deflate = zlib.createDeflateRaw({ level: 6 });
  const out: Buffer[] = [];
  deflate.on("data", (b: Buffer) => out.push(b));
  const ended = new Promise((resolve) => deflate.on("end", resolve));
  let crc = 0;
  let size = 0;
  for (const part of parts) {
    crc = zlib.crc32(part, crc);
    size += part.length;
    if (!deflate.write(part)) await new Promise((resolve) => deflate.once("drain", resolve));
  }
  deflate.end();
  await ended;
  return { deflated: Buffer.concat(out), crc, size };
}

function zip(entries: Entry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const { deflated, crc } = e.packed;
    const size = e.declaredSize ?? e.packed.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(deflated.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(deflated.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, deflated);
    centrals.push(central, name);
    offset += local.length + name.length + deflated.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const xml = (s: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${s}`);
const SHEET_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';

/** The parts every workbook needs around its one sheet. */
async function workbook(sheet: Iterable<Buffer>, declaredSheetSize?: number): Promise<Buffer> {
  const fixed: Array<[string, string]> = [
    ["[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'],
    ["_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'],
    ["xl/workbook.xml", `<workbook ${SHEET_NS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="资产" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    ["xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'],
  ];
  const entries: Entry[] = [];
  for (const [name, body] of fixed) entries.push({ name, packed: await pack([xml(body)]) });
  entries.push({ name: "xl/worksheets/sheet1.xml", packed: await pack(sheet), declaredSize: declaredSheetSize });
  return zip(entries);
}

const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

/** A sheet of `rows` asset rows after a header, produced 10,000 rows at a time. */
function* sheetXml(rows: number): Generator<Buffer> {
  yield Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><worksheet ${SHEET_NS}><sheetData><row r="1">${cell("A1", "类型")}${cell("B1", "号码")}${cell("C1", "名称")}</row>`);
  for (let from = 2; from <= rows + 1; from += 10_000) {
    const parts: string[] = [];
    for (let r = from; r < Math.min(from + 10_000, rows + 2); r++) parts.push(`<row r="${r}">${cell(`A${r}`, "发明")}${cell(`B${r}`, String(r))}${cell(`C${r}`, "x")}</row>`);
    yield Buffer.from(parts.join(""));
  }
  yield Buffer.from("</sheetData></worksheet>");
}

/** An XLSX of `rows` rows whose zip tells the truth about its sizes. */
export const xlsxWithRows = (rows: number) => workbook(sheetXml(rows));

/**
 * A zip bomb: a sheet holding one cell of `inflatedMiB` MiB of one letter, which deflate packs
 * ~1000:1. With `lying`, the central directory claims the sheet is 1 KiB.
 */
export function zipBomb(inflatedMiB: number, lying = false): Promise<Buffer> {
  function* sheet() {
    yield Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><worksheet ${SHEET_NS}><sheetData><row r="1">${cell("A1", "类型")}</row><row r="2"><c r="A2" t="inlineStr"><is><t>`);
    const mib = Buffer.alloc(1024 * 1024, "A");
    for (let i = 0; i < inflatedMiB; i++) yield mib;
    yield Buffer.from("</t></is></c></row></sheetData></worksheet>");
  }
  return workbook(sheet(), lying ? 1024 : undefined);
}
