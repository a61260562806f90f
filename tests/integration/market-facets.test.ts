import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { MarketQuerySchema } from "#app/domain/forms/market";
import { FACET_EXACT_LIMIT } from "#app/domain/market/facets";
import { FACET_WINDOW, marketFacets } from "#app/services/market-facets.server";
import { searchListings } from "#app/services/market.server";
import { createOrg } from "#tests/support/factories";
import { insertPark } from "#tests/support/campaign-fixtures";
import { startTestServer } from "#tests/support/server";

/**
 * Result and facet counts of market searches, against listings written straight into the table: each
 * search has a word of its own in the text, so other rows of the database do not count.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let parkId: string;
const q = (params: Record<string, string>) => MarketQuerySchema.parse(params);

type Seed = { mode: string; kinds: string[]; industry: string; park: boolean; priceFen: bigint | null; highValue: boolean; status?: string };
async function insertListings(word: string, rows: Seed[]) {
  const db = await getDb();
  const seller = (await createOrg()).orgId;
  for (let i = 0; i < rows.length; i += 500) {
    const values = rows.slice(i, i + 500).map((r, j) => sql`(${seller}::uuid, ${r.mode}::listing_mode, ${r.status ?? "published"}::listing_status, ${`${word} ${i + j}`},
      ${`{${r.kinds.join(",")}}`}::asset_kind[], ${r.industry}, ${r.park ? parkId : null}::uuid, ${r.highValue}, ${r.priceFen?.toString() ?? null}::bigint,
      ${`${word} listing ${i + j}`}, now() - make_interval(secs => ${i + j}), ${r.mode === "open_licence" ? 300 : null}::int, ${r.mode === "open_licence" ? 24 : null}::int)`);
    await db.execute(sql`insert into listings (seller_org_id, mode, status, title, kinds, industry, park_id, high_value, price_fen, search_text, published_at, royalty_bp, term_months) values ${sql.join(values, sql`, `)}`);
  }
}

const base: Seed = { mode: "transfer", kinds: ["invention"], industry: "biomedicine", park: true, priceFen: 20_000_000n, highValue: false };

beforeAll(async () => {
  parkId = (await insertPark("浦东新区")).id;
  await insertListings("facetexact", [
    ...Array.from({ length: 5 }, () => base),
    ...Array.from({ length: 4 }, () => ({ ...base, mode: "open_licence", priceFen: null, highValue: true, park: false })),
    ...Array.from({ length: 3 }, () => ({ ...base, kinds: ["utility_model", "invention"], industry: "automotive", priceFen: 600_000_000n })),
    { ...base, status: "draft" }, // not on the market: counted nowhere
  ]);
  await insertListings("facetbulk", Array.from({ length: FACET_EXACT_LIMIT + 300 }, (_, i) => ({ ...base, mode: i % 4 === 0 ? "open_licence" : "transfer" })));
  // An industry of its own, older than the window of the newest listings: its facets are sampled within it.
  await insertListings("facetind", Array.from({ length: 1200 }, (_, i) => ({ ...base, industry: "advanced_materials", mode: i % 5 === 0 ? "open_licence" : "transfer" })));
  // A frequent text, a few of whose listings are the newest of that industry (its sample holds 5 matches).
  await insertListings("facetwide", Array.from({ length: 5 }, () => ({ ...base, industry: "advanced_materials" })));
  // An industry with fewer listings than the window: the window reads them all and counts exactly.
  await insertListings("facetfew", Array.from({ length: 30 }, (_, i) => ({ ...base, industry: "fashion_consumer", mode: i % 3 === 0 ? "open_licence" : "transfer" })));
  // More than the facets' window of newest listings: a frequent text is counted from that sample.
  await insertListings("facetwide", Array.from({ length: FACET_WINDOW }, (_, i) => ({ ...base, mode: i % 10 === 0 ? "open_licence" : "transfer" })));
  await (await getDb()).execute(sql`analyze listings`);
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe("market facets", () => {
  it("count the matches and each facet exactly when they are few", async () => {
    const f = await marketFacets(q({ q: "facetexact" }));
    expect(f).toMatchObject({ total: 12, estimated: false });
    expect(f.facets.kind).toEqual({ invention: 12, utility_model: 3 });
    expect(f.facets.mode).toEqual({ transfer: 8, open_licence: 4 });
    expect(f.facets.industry).toEqual({ biomedicine: 9, automotive: 3 });
    expect(f.facets.park).toEqual({ [parkId]: 8 });
    expect(f.facets.band).toEqual({ "100k_500k": 5, negotiable: 4, over_5m: 3 });
    expect(f.facets.highValue).toBe(4);
  });

  it("narrow with the filters, and a price band filters what its count said", async () => {
    const byMode = await marketFacets(q({ q: "facetexact", mode: "transfer" }));
    expect(byMode).toMatchObject({ total: 8, facets: { mode: { transfer: 8 }, band: { "100k_500k": 5, over_5m: 3 }, highValue: 0 } });
    const negotiable = await marketFacets(q({ q: "facetexact", band: "negotiable" }));
    expect(negotiable.total).toBe(4);
    expect((await searchListings(q({ q: "facetexact", band: "negotiable" }))).items).toHaveLength(4);
    const over = await searchListings(q({ q: "facetexact", band: "over_5m" }));
    expect(over.items).toHaveLength(3);
    expect((await marketFacets(q({ q: "facetexact", band: "under_100k" }))).total).toBe(0);
  });

  it("are estimated above the threshold, and say so", async () => {
    const f = await marketFacets(q({ q: "facetbulk" }));
    expect(f.estimated).toBe(true);
    expect(f.total).toBeGreaterThan(FACET_EXACT_LIMIT);
    // Each facet is its share of the rows read, scaled to the total (rounded to two figures).
    const modes = (f.facets.mode.transfer ?? 0) + (f.facets.mode.open_licence ?? 0);
    expect(Math.abs(modes - f.total) / f.total).toBeLessThan(0.1);
    expect(f.facets.mode.transfer!).toBeGreaterThan(f.facets.mode.open_licence!);
  });

  it("of a frequent text among many listings are its share of the newest ones, scaled to the market (estimated)", async () => {
    const f = await marketFacets(q({ q: "facetwide" }));
    expect(f.estimated).toBe(true);
    expect(Math.abs(f.total - FACET_WINDOW) / FACET_WINDOW).toBeLessThan(0.2);
    expect(Math.abs(f.facets.mode.open_licence! / f.total - 0.1)).toBeLessThan(0.03);
    // The rare text beside it is still counted exactly, through its index.
    expect(await marketFacets(q({ q: "facetexact" }))).toMatchObject({ total: 12, estimated: false });
  });

  it("with an industry chosen, sample that industry's newest listings (estimated), or count them all when they fit in the window", async () => {
    const f = await marketFacets(q({ q: "facetind", industry: "advanced_materials" }));
    expect(f.estimated).toBe(true);
    expect(Math.abs(f.total - 1200) / 1200).toBeLessThan(0.1);
    expect(Math.abs(f.facets.mode.open_licence! / f.total - 0.2)).toBeLessThan(0.03);
    expect(Object.keys(f.facets.industry)).toEqual(["advanced_materials"]);
    // 30 listings in the industry: every one read, exact, with the other filters applied row by row.
    expect(await marketFacets(q({ industry: "fashion_consumer" }))).toMatchObject({ total: 30, estimated: false, facets: { mode: { open_licence: 10, transfer: 20 } } });
    expect(await marketFacets(q({ q: "facetfew", industry: "fashion_consumer", mode: "open_licence" }))).toMatchObject({ total: 10, estimated: false });
  });

  it("read every match when the sample holds a few and the text's index entry is short enough (a small market)", async () => {
    // facetwide is every one of the newest listings, but the market is small: its whole entry is read, exactly.
    expect(await marketFacets(q({ q: "facetwide", industry: "advanced_materials" }))).toMatchObject({ total: 5, estimated: false, facets: { industry: { advanced_materials: 5 } } });
  });

  it("come with the API's page as meta, and the market page shows the count (约 when estimated)", async () => {
    const res = await fetch(`${server.base}/api/v1/listings?q=facetexact&limit=2`);
    const body = await res.json() as { data: unknown[]; meta: { count: number; estimated: boolean; facets: { mode: Record<string, number> } } };
    expect(body.data).toHaveLength(2);
    expect(body.meta).toMatchObject({ count: 12, estimated: false, facets: { mode: { transfer: 8, open_licence: 4 } } });
    const bad = await fetch(`${server.base}/api/v1/listings?band=cheap`);
    expect(bad.status).toBe(400);

    const exact = await (await fetch(`${server.base}/market?q=facetexact`)).text();
    expect(exact).toContain("共 12 个挂牌");
    expect(exact).toContain("面议（4）");
    const estimated = await (await fetch(`${server.base}/market?q=facetbulk&lang=en`)).text();
    expect(estimated).toMatch(/About [\d,]+ listings/);
    expect(estimated).toContain("Many matches: the counts are estimates.");
    // On a phone the rarer filters, the price band among them, stay folded until opened.
    expect(exact).toMatch(/<details class="more-filters">[\s\S]*name="band"/);
  });
});
