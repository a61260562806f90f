import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, queryRows } from "#db/client.server";
import { graceEndsOf, nextAnnuity } from "#app/domain/annuity";
import { addDays, termLastDay } from "#app/domain/dates";

/**
 * The dashboards count live patents in SQL with `annuity_grace_ends` (migration 0018); the pages decide
 * per asset with `nextAnnuity` / `graceEndsOf`. The two must give the same day for every filing date and
 * paid-through date, month ends and 29 February included.
 */
describe("the annuity rule in SQL", () => {
  it("gives the due date and the last day of the late-payment period the TypeScript rule gives", async () => {
    const filings = ["2019-03-15", "2016-01-31", "2017-08-31", "2020-02-29", "2018-12-31", "2015-05-31", "2012-02-29", "2021-01-01"];
    const cases: Array<[string, string]> = [];
    for (const f of filings) {
      for (let k = 1; k <= 12; k++) {
        const end = termLastDay(f, k);
        // The year's last day, the days around it, a day inside the year, and one before the filing date.
        for (const d of [-1, 0, 1, 2, -100]) cases.push([f, addDays(end, d)]);
      }
      cases.push([f, addDays(f, -10)]);
    }
    const db = await getDb();
    const values = sql.join(cases.map(([f, p]) => sql`(${f}::date, ${p}::date)`), sql`, `);
    const rows = await queryRows<{ f: string; p: string; due: string; ends: string }>(db, sql`
      select f::text as f, p::text as p, annuity_due_date(f, p)::text as due, annuity_grace_ends(f, p)::text as ends
      from (values ${values}) as v(f, p)`);
    const bySql = rows.map((r) => `${r.f} ${r.p} → ${r.due} ${r.ends}`);
    const byTs = cases.map(([f, p]) => {
      const { dueDate } = nextAnnuity(f, p);
      return `${f} ${p} → ${dueDate} ${graceEndsOf(dueDate)}`;
    });
    expect(bySql).toEqual(byTs);
    expect(cases.length).toBeGreaterThan(400);
  });
});
