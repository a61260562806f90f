import { describe, expect, it } from "vitest";
import { parseUscc, usccCheckCharacter } from "./uscc";

describe("unified social credit code (GB 32100-2015)", () => {
  it("accepts the real codes from DOMAIN.md", () => {
    expect(parseUscc("914403001922038216")).toEqual({ ok: true, value: "914403001922038216" });
    expect(parseUscc("9144030071526726XG")).toEqual({ ok: true, value: "9144030071526726XG" });
  });

  it("normalises lower case, full-width characters and spaces to one form", () => {
    expect(parseUscc("9144030071526726xg")).toEqual({ ok: true, value: "9144030071526726XG" });
    expect(parseUscc("９１４４０３００１９２２０３８２１６")).toEqual({ ok: true, value: "914403001922038216" });
    expect(parseUscc(" 9144 0300 1922 0382 16 ")).toEqual({ ok: true, value: "914403001922038216" });
  });

  it("rejects a code whose check character is wrong", () => {
    expect(parseUscc("914403001922038217")).toEqual({ ok: false, reason: "check" });
    expect(parseUscc("9144030071526726XH")).toEqual({ ok: false, reason: "check" });
  });

  it("rejects letters outside the charset (I, O, S, V, Z) and wrong lengths", () => {
    expect(parseUscc("91440300192203821I")).toEqual({ ok: false, reason: "charset" });
    expect(parseUscc("91440300192203821")).toEqual({ ok: false, reason: "length" });
  });

  it("computes the check character with weights 3^i mod 31", () => {
    expect(usccCheckCharacter("91440300192203821")).toBe("6");
    expect(usccCheckCharacter("9144030071526726X")).toBe("G");
  });
});
