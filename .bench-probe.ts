const { getDb, closeDb, queryRows } = await import("./db/client.server");
const { sql } = await import("drizzle-orm");
const { MarketQuerySchema } = await import("./app/domain/forms/market");
const { marketSearchSql } = await import("./app/services/market.server");
const db = await getDb();
const terms = JSON.parse(process.argv[2]!) as Array<Record<string, string>>;
for (const params of terms) {
  const plan = await queryRows<{ "QUERY PLAN": string }>(db, sql`explain (analyze) ${marketSearchSql(MarketQuerySchema.parse(params), 21)}`);
  const lines = plan.map((r) => r["QUERY PLAN"]);
  console.log(JSON.stringify(params), lines.filter((l) => /Scan|Execution|Sort|Filter|Rows Removed|Recheck/.test(l)).map((l) => l.trim().slice(0, 160)).join("\n   "));
}
await closeDb();
