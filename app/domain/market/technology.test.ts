import { describe, expect, it } from "vitest";
import { emptyTechnology, hasTechnology, techSectionsFor, techTexts } from "./technology";

describe("a listing's technology description", () => {
  const t = { zh: { problem: "良率低", solution: "迁移学习" }, en: { problem: "Low yield" }, trl: 6, includes: ["prototype" as const] };
  it("reads in the reader's language, section by section, falling back to Chinese", () => {
    expect(techSectionsFor(t, "en")).toEqual([{ section: "problem", text: "Low yield" }, { section: "solution", text: "迁移学习" }]);
    expect(techSectionsFor(t, "zh-CN")).toEqual([{ section: "problem", text: "良率低" }, { section: "solution", text: "迁移学习" }]);
  });
  it("is empty when nothing was given, and feeds every text to search", () => {
    expect(hasTechnology(emptyTechnology())).toBe(false);
    expect(hasTechnology({ ...emptyTechnology(), trl: 3 })).toBe(true);
    expect(techTexts(t)).toEqual(["良率低", "Low yield", "迁移学习"]);
  });
});
