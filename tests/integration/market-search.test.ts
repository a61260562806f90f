import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, queryRows } from "#db/client.server";
import { MarketQuerySchema } from "#app/domain/forms/market";
import { documentLexemes, tsvectorLiteral } from "#app/domain/market/search";
import { marketSearchSql, marketWindowSql, runIndexedSearch, searchListings } from "#app/services/market.server";
import { createAdmin, createOrg } from "#tests/support/factories";
import { createCompletedValuation } from "#tests/support/financing";
import { publishedListing } from "#tests/support/market";
import { startTestServer } from "#tests/support/server";

let server: Awaited<ReturnType<typeof startTestServer>>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  const admin = await createAdmin();
  const uni = await createOrg({ kind: "university" });
  const ent = await createOrg();
  ids.anode = (await publishedListing(uni, admin, {
    mode: "open_licence", title: "一种锂离子电池硅碳负极材料的制备方法", titleEn: "Preparation of a silicon-carbon anode for lithium-ion batteries",
    abstract: "多孔碳骨架包覆纳米硅，循环寿命长。", industry: "advanced_materials",
  })).listingId;
  ids.vision = (await publishedListing(uni, admin, {
    mode: "non_exclusive_licence", askingPrice: "300000", title: "一种基于深度学习的工业视觉缺陷检测方法", titleEn: "Deep-learning visual Defect detection",
    abstract: "小样本迁移学习，良率提升10%以上。", industry: "artificial_intelligence",
  })).listingId;
  ids.etch = (await publishedListing(ent, admin, {
    mode: "transfer", askingPrice: "1200000", title: "碳化硅功率器件沟槽刻蚀方法", titleEn: "Trench etching of SiC power devices",
    abstract: "每批 1000 片晶圆，击穿电压提高。", industry: "integrated_circuits",
  })).listingId;
  ids.hidden = (await publishedListing(ent, admin, { mode: "transfer", title: "一种固态电池电解质（待审核）", approve: false })).listingId;
});
afterAll(async () => {
  await server.close();
});

const q = (params: Record<string, string>) => MarketQuerySchema.parse(params);
const found = async (params: Record<string, string>) => (await searchListings(q(params))).items.map((i) => i.id).sort();

describe("searching the market", () => {
  it("finds a listing by a 2-character Chinese word in its title and never shows unpublished ones", async () => {
    expect(await found({ q: "电池" })).toEqual([ids.anode]);
  });

  it("finds a listing by a 1-character and a 4-character Chinese query", async () => {
    expect(await found({ q: "锂" })).toEqual([ids.anode]);
    expect(await found({ q: "缺陷检测" })).toEqual([ids.vision]);
    expect(await found({ q: "沟槽刻蚀" })).toEqual([ids.etch]);
  });

  it("finds English titles case-insensitively and matches abstracts", async () => {
    expect(await found({ q: "ANODE" })).toEqual([ids.anode]);
    expect(await found({ q: "defect detection" })).toEqual([ids.vision]);
    expect(await found({ q: "纳米硅" })).toEqual([ids.anode]);
  });

  it("treats % and _ typed by the user as characters, not wildcards", async () => {
    expect(await found({ q: "10%" })).toEqual([ids.vision]);
    expect(await found({ q: "1_00" })).toEqual([]);
  });

  it("combines search with filters: mode, kind, industry and price range in 分", async () => {
    expect(await found({ q: "方法", mode: "transfer" })).toEqual([ids.etch]);
    expect(await found({ q: "方法", mode: "exclusive_licence" })).toEqual([]);
    expect(await found({ mode: "transfer" })).toEqual([ids.etch]);
    expect(await found({ industry: "artificial_intelligence" })).toEqual([ids.vision]);
    expect(await found({ minPrice: "20000000", maxPrice: "200000000" })).toEqual([ids.vision, ids.etch].sort());
    expect(await found({ kind: "trademark" })).toEqual([]);
  });

  it("pages with a keyset cursor without repeating or skipping a listing", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 5; i++) {
      const page = await searchListings(q({ limit: "1", sort: "price_asc", ...(cursor ? { cursor } : {}) }));
      seen.push(...page.items.map((x) => x.id));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
    // Priced listings by price, the open licence's fee (50,000 元) first; nothing is negotiable here.
    expect(seen).toEqual([ids.anode, ids.vision, ids.etch]);
  });
});

describe("the public read API", () => {
  it("answers GET /api/v1/listings with JSON and integer 分 amounts", async () => {
    const res = await fetch(`${server.base}/api/v1/listings?q=${encodeURIComponent("电池")}`);
    expect(res.status).toBe(200);
    const body = await res.json() as { data: Array<{ id: string; openFeeFen: number; mode: string }>; nextCursor: string | null };
    expect(body.data.map((d) => d.id)).toEqual([ids.anode]);
    expect(body.data[0]).toMatchObject({ mode: "open_licence", openFeeFen: 5_000_000 });
  });

  it("answers bad parameters with 400 and a message per parameter, in Chinese or English", async () => {
    const zh = await fetch(`${server.base}/api/v1/listings?minPrice=abc&kind=car&cursor=zzz`);
    expect(zh.status).toBe(400);
    const zb = (await zh.json() as { error: { code: string; message: string; fields: Record<string, string[]> } }).error;
    expect(zb.code).toBe("invalid_parameters");
    expect(zb.message).toBe("请求无效");
    expect(zb.fields.minPrice).toEqual(["价格须为以“分”为单位的非负整数"]);
    expect(Object.keys(zb.fields).sort()).toEqual(["cursor", "kind", "minPrice"]);
    const en = await fetch(`${server.base}/api/v1/listings?lang=en&minPrice=500&maxPrice=100`);
    expect(en.status).toBe(400);
    expect((await en.json() as { error: { fields: Record<string, string[]> } }).error.fields.maxPrice).toEqual(["The maximum price cannot be below the minimum"]);
  });

  it("answers GET /api/v1/listings/:id for a published listing and 404 for an unpublished or unknown one", async () => {
    const ok = await fetch(`${server.base}/api/v1/listings/${ids.etch}`);
    expect(ok.status).toBe(200);
    const body = await ok.json() as { data: { askingPriceFen: number; assets: Array<{ number: string }> } };
    expect(body.data.askingPriceFen).toBe(120_000_000);
    expect(body.data.assets).toHaveLength(1);
    expect((await fetch(`${server.base}/api/v1/listings/${ids.hidden}`)).status).toBe(404);
    expect((await fetch(`${server.base}/api/v1/listings/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await fetch(`${server.base}/api/v1/listings/not-a-uuid`)).status).toBe(404);
  });

  it("shows the latest valid valuation range of exactly the listing's assets, and none when it is missing", async () => {
    const admin = await createAdmin();
    const seller = await createOrg();
    const { listingId, assetIds } = await publishedListing(seller, admin, { mode: "transfer", askingPrice: "800000", title: "一种晶圆键合对准方法" });
    const before = await (await fetch(`${server.base}/api/v1/listings/${listingId}`)).json() as { data: { valuation: unknown } };
    expect(before.data.valuation).toBeNull();
    await createCompletedValuation(seller.orgId, assetIds, 2_000_000_00n);
    const after = await (await fetch(`${server.base}/api/v1/listings/${listingId}`)).json() as { data: { valuation: { lowFen: number; highFen: number } } };
    expect(after.data.valuation).toMatchObject({ lowFen: 200_000_000, highFen: 320_000_000 });
    const page = await (await fetch(`${server.base}/market/${listingId}`)).text();
    expect(page).toContain("¥2,000,000 – ¥3,200,000");
  });

  it("shows the market page to anonymous visitors and answers bad filters with 400 field messages", async () => {
    const page = await fetch(`${server.base}/market?q=${encodeURIComponent("缺陷检测")}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("一种基于深度学习的工业视觉缺陷检测方法");
    const bad = await fetch(`${server.base}/market?lang=en&minYuan=1.234`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Enter an amount in CNY");
  });
});

describe("the search query over a large table", () => {
  const WORDS = ["芯片", "电池", "传感器", "算法", "材料", "装置", "方法", "系统", "控制", "检测", "制备", "结构", "电路", "模块", "图像", "医药", "抗体", "合金", "涂层", "机器人"];
  const EN = ["chip", "battery", "sensor", "method", "device", "system", "control", "material", "circuit", "module"];

  it("uses an index (not a sequential scan) for 2-character, 4-character and English queries over 50,000 listings", async () => {
    const db = await getDb();
    const [{ seller }] = await queryRows<{ seller: string }>(db, sql`select seller_org_id as seller from listings limit 1`);
    const rand = (n: number) => crypto.randomInt(n);
    for (let batch = 0; batch < 50; batch++) {
      const rows = Array.from({ length: 1000 }, (_, i) => {
        const n = batch * 1000 + i;
        // A rare 4-character term in 5 rows and a rare 2-character one in 20, so the index is the better plan.
        const rare = n % 10_000 === 7 ? "量子退火" : n % 2_500 === 3 ? "铌酸" : "";
        const title = `一种${WORDS[rand(20)]}${WORDS[rand(20)]}${rare}${WORDS[rand(20)]}的${WORDS[rand(20)]}`;
        const text = `${title}\n${EN[rand(10)]} ${EN[rand(10)]} ${n % 5_000 === 11 ? "photonic" : ""} ${EN[rand(10)]}`;
        return sql`(${seller}::uuid, 'non_exclusive_licence', 'published', ${title}, array['invention']::asset_kind[], ${text}, ${tsvectorLiteral(documentLexemes(text))}::tsvector, now() - make_interval(secs => ${n}), ${String(rand(100_000_000))}::bigint)`;
      });
      await db.execute(sql`insert into listings (seller_org_id, mode, status, title, kinds, search_text, search_lexemes, published_at, price_fen) values ${sql.join(rows, sql`, `)}`);
    }
    await db.execute(sql`analyze listings`);
    const explain = async (query: ReturnType<typeof marketSearchSql>, forced: boolean) => {
      const rows = forced
        ? await runIndexedSearch<{ "QUERY PLAN": string }>(db, sql`explain ${query}`)
        : await queryRows<{ "QUERY PLAN": string }>(db, sql`explain ${query}`);
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    };
    // Rare terms: the window finds less than a page, so the GIN indexes answer.
    for (const text of ["铌酸", "量子退火", "photonic"]) {
      const plan = await explain(marketSearchSql(q({ q: text }), 21), true);
      expect(plan, text).not.toMatch(/Seq Scan on listings/);
      expect(plan, text).toMatch(text === "铌酸" ? /listings_search_lexemes_idx/ : /listings_search_trgm_idx/);
      const hits = await searchListings(q({ q: text, limit: "50" }));
      expect(hits.items.length, text).toBe(text === "铌酸" ? 20 : text === "量子退火" ? 5 : 10);
    }
    // Frequent terms: the newest listings in index order fill the page, and it is the same page the GIN path finds.
    for (const params of [{ q: "芯片" }, { q: "电池传感" }, { q: "chip" }, { q: "芯片", minPrice: "99000000" }] as Array<Record<string, string>>) {
      const label = JSON.stringify(params);
      const plan = await explain(marketWindowSql(q(params), 21), false);
      expect(plan, label).not.toMatch(/Seq Scan on listings/);
      expect(plan, label).toMatch(/listings_published_newest_idx/);
      const page = (await searchListings(q(params))).items.map((i) => i.id);
      const viaGin = (await runIndexedSearch<{ id: string }>(db, marketSearchSql(q(params), 20))).map((r) => r.id);
      expect(page.length, label).toBeGreaterThan(0);
      expect(page, label).toEqual(viaGin);
    }
  }, 120_000);
});
