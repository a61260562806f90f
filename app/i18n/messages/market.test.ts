import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ASSET_KINDS, AWARDS, LEGAL_STATUSES } from "#app/domain/market/assets";
import { DEAL_STATUSES } from "#app/domain/market/deal";
import { LISTING_MODES, LISTING_STATUSES } from "#app/domain/market/listing";
import { SORTS } from "#app/domain/market/search";
import { ANNUITY_ALERT_KINDS } from "#app/domain/annuity";
import { RENEWAL_ALERT_KINDS } from "#app/domain/renewal";
import { UPKEEP_KINDS } from "#app/domain/upkeep";
import { dictionaries } from "../index";

const market = dictionaries;

const root = path.resolve(__dirname, "../../..");
const FILES = [
  "app/components/market.tsx", "app/domain/forms/market.ts", "app/domain/market/assets.ts", "app/domain/market/listing.ts",
  "app/services/assets.server.ts", "app/services/asset-import.server.ts", "app/services/listings.server.ts", "app/services/deals.server.ts",
  "app/services/payments.server.ts", "app/utils/spreadsheet.server.ts", "app/utils/market-query.server.ts",
  ...fs.readdirSync(path.join(root, "app/routes")).filter((f) => /^(market|assets|listings|deals|licences|admin\.listings|admin\.deals)/.test(f)).map((f) => `app/routes/${f}`),
];

describe("market dictionaries", () => {
  it("have every literal market key the code uses, in Chinese and English", () => {
    const missing: string[] = [];
    for (const f of FILES) {
      const src = fs.readFileSync(path.join(root, f), "utf8");
      for (const m of src.matchAll(/"((?:market|spreadsheet)\.[A-Za-z0-9_.]+)"/g)) {
        const key = m[1]!;
        if (key === "market.trade") continue; // a policy action, not a message
        if (!(key in market["zh-CN"]) || !(key in market.en)) missing.push(`${f}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("label every value of the enumerations shown in badges and filters", () => {
    const keys = [
      ...ASSET_KINDS.map((k) => `market.kind.${k}`), ...LISTING_MODES.flatMap((m) => [`market.mode.${m}`, `market.modeHint.${m}`]),
      ...LEGAL_STATUSES.map((s) => `market.legalStatus.${s}`), ...LISTING_STATUSES.map((s) => `market.listingStatus.${s}`),
      ...DEAL_STATUSES.map((s) => `market.dealStatus.${s}`), ...AWARDS.map((a) => `market.award.${a}`), ...SORTS.map((s) => `market.sort.${s}`),
      ...UPKEEP_KINDS.map((k) => `market.upkeep.${k}`), ...[...ANNUITY_ALERT_KINDS, ...RENEWAL_ALERT_KINDS].map((k) => `market.alert.${k}`),
    ];
    expect(keys.filter((k) => !(k in market["zh-CN"]) || !(k in market.en))).toEqual([]);
  });
});
