import { describe, expect, it } from "vitest";
import { parsePatentNumber } from "./patent-number";

describe("Chinese patent application numbers", () => {
  it("accepts real post-2003 numbers by their check character", () => {
    expect(parsePatentNumber("201710601862.3")).toMatchObject({ ok: true, value: "201710601862.3", kind: "invention", filingYear: 2017 });
    expect(parsePatentNumber("202110123456.7")).toMatchObject({ ok: true, value: "202110123456.7", kind: "invention" });
  });

  it("normalises ZL prefixes, spaces, full-width digits and a full-width dot to one value", () => {
    for (const form of ["ZL201710601862.3", "zl 2017 1060 1862.3", "ＺＬ２０１７１０６０１８６２．３", "201710601862。3", "2017106018623", "CN201710601862.3"]) {
      expect(parsePatentNumber(form), form).toMatchObject({ ok: true, value: "201710601862.3" });
    }
  });

  it("rejects a corrupted digit or check character", () => {
    expect(parsePatentNumber("201710601863.3")).toEqual({ ok: false, reason: "check" });
    expect(parsePatentNumber("202110123456.8")).toEqual({ ok: false, reason: "check" });
    expect(parsePatentNumber("20211012345.7")).toEqual({ ok: false, reason: "format" });
  });

  it("validates the pre-2003 form (8 digits + check) with the first eight weights", () => {
    // 9 8 1 0 0 0 0 1 · weights 2..9 = 18+24+4+0+0+0+0+9 = 55 → 55 mod 11 = 0
    expect(parsePatentNumber("98100001.0")).toMatchObject({ ok: true, value: "98100001.0", kind: "invention", filingYear: 1998 });
    expect(parsePatentNumber("98100001.1")).toEqual({ ok: false, reason: "check" });
  });

  it("reads the type digit: utility model, design, PCT, and refuses unknown types", () => {
    // 2·2+0·3+2·4+1·5+2·6 = 29 → 29 mod 11 = 7
    expect(parsePatentNumber("202120000000.7")).toMatchObject({ ok: true, kind: "utility_model", pct: false });
    // 4+0+8+5+3·6 = 35 → 2
    expect(parsePatentNumber("202130000000.2")).toMatchObject({ ok: true, kind: "design" });
    // 4+0+8+5+8·6 = 65 → 10, written X
    expect(parsePatentNumber("202180000000.X")).toMatchObject({ ok: true, kind: "invention", pct: true });
    // 4+0+8+5+4·6 = 41 → 8, but 4 is no patent type
    expect(parsePatentNumber("202140000000.8")).toEqual({ ok: false, reason: "type" });
  });
});
