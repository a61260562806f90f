import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROPOSAL_FEEDBACK } from "#app/domain/market/demand";
import { dictionaries } from "../index";

const root = path.resolve(__dirname, "../../..");
const FILES = [
  "app/domain/forms/demands.ts", "app/services/demands.server.ts", "app/services/demand-answers.server.ts",
  "app/services/demand-matching.server.ts", "app/services/demand-views.server.ts",
];

describe("demand dictionaries", () => {
  it("have every literal error and notice key the demand code uses, in Chinese and English", () => {
    const missing: string[] = [];
    let seen = 0;
    for (const f of FILES) {
      const src = fs.readFileSync(path.join(root, f), "utf8");
      for (const m of src.matchAll(/"(demand\.(?:errors|notify)\.[A-Za-z0-9_.]+)"/g)) {
        seen++;
        const key = m[1]!;
        if (!(key in dictionaries["zh-CN"]) || !(key in dictionaries.en)) missing.push(`${f}: ${key}`);
      }
    }
    expect(seen).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });

  it("word the seller's notice for each verdict an enterprise can give", () => {
    for (const f of PROPOSAL_FEEDBACK) {
      const key = `demand.notify.feedback.${f}`;
      expect(dictionaries["zh-CN"][key as keyof (typeof dictionaries)["zh-CN"]]).toBeTruthy();
      expect(dictionaries.en[key as keyof (typeof dictionaries)["en"]]).toBeTruthy();
    }
  });
});
