import { describe, expect, it } from "vitest";
import { batched, unquoted } from "./copy-out.server";

async function* chunks(sizes: number[]) {
  let n = 0;
  for (const size of sizes) yield Uint8Array.from({ length: size }, () => n++ % 251);
}
const collect = async (source: AsyncIterable<Uint8Array>) => {
  const out: Uint8Array[] = [];
  for await (const c of source) out.push(c);
  return out;
};

describe("batched", () => {
  it("joins small chunks into ones of at least the size, the bytes in order, the rest at the end", async () => {
    const out = await collect(batched(chunks([3, 4, 2, 5, 1]), 6));
    expect(out.map((c) => c.byteLength)).toEqual([7, 7, 1]);
    expect(Buffer.concat(out)).toEqual(Buffer.from(Array.from({ length: 15 }, (_, i) => i % 251)));
  });

  it("passes a large chunk on as it is and yields nothing for nothing", async () => {
    expect((await collect(batched(chunks([10]), 4))).map((c) => c.byteLength)).toEqual([10]);
    expect(await collect(batched(chunks([]), 4))).toEqual([]);
  });

  it("ends its source when the reader stops early", async () => {
    let ended = false;
    const source = (async function* () {
      try {
        for (;;) yield new Uint8Array(8);
      } finally {
        ended = true;
      }
    })();
    for await (const c of batched(source, 16)) {
      expect(c.byteLength).toBe(16);
      break;
    }
    expect(ended).toBe(true);
  });
});

describe("unquoted", () => {
  it("drops the lines format's quotes and passes a chunk without one on as it is", () => {
    const plain = Buffer.from("上海\x01\\.\n");
    expect(unquoted(plain)).toBe(plain);
    expect(Buffer.from(unquoted(Buffer.from("\x02\\.\x02\n上海\x01x\n"))).toString()).toBe("\\.\n上海\x01x\n");
  });
});
