import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getHandle } from "#db/client.server";
import { sleep } from "#tests/support/processes";

/**
 * A connection lost under a transaction (PostgreSQL restarted or the backend terminated) must fail that
 * transaction with an error its caller catches, and leave the pool working. postgres.js 3.4.9 threw from a
 * timer instead when the transaction wrote again on the dead connection (its ROLLBACK, or the callback's next
 * query): `Cannot read properties of null (reading 'write')`, an uncaught exception that ended the web process
 * in the PostgreSQL outage drill (patches/postgres+3.4.9.patch). An uncaught exception fails this file.
 */
describe("a connection lost in the middle of a transaction", () => {
  it("rejects the transaction, throws nothing out of band, and the next queries run on fresh connections", async () => {
    const { db } = await getHandle();
    const lost = db.transaction(async (tx) => {
      const [{ pid }] = (await tx.execute(sql`select pg_backend_pid() as pid`)) as unknown as [{ pid: number }];
      await db.execute(sql`select pg_terminate_backend(${pid})`); // from another pooled connection
      await sleep(200); // the server's goodbye (57P01) and the close have arrived
      await tx.execute(sql`select 1`);
    });
    await expect(lost).rejects.toThrow();
    await sleep(200); // a write scheduled on the dead connection would throw by now

    const [{ n }] = (await db.execute(sql`select count(*)::int as n from generate_series(1, 3)`)) as unknown as [{ n: number }];
    expect(n).toBe(3);
    const again = await db.transaction(async (tx) => (await tx.execute(sql`select 2 as two`)) as unknown as [{ two: number }]);
    expect(again[0].two).toBe(2);
  });

  it("rejects each of several transactions whose connections are all terminated at once", async () => {
    const { db } = await getHandle();
    const pids: number[] = [];
    let ready!: () => void;
    const allOpen = new Promise<void>((r) => (ready = r));
    const txs = [0, 1, 2].map(() => db.transaction(async (tx) => {
      const [{ pid }] = (await tx.execute(sql`select pg_backend_pid() as pid`)) as unknown as [{ pid: number }];
      pids.push(pid);
      if (pids.length === 3) ready();
      await allOpen;
      await sleep(300);
      await tx.execute(sql`select 1`);
    }));
    const settled = Promise.allSettled(txs); // each rejection is handled the moment it happens
    await allOpen;
    await db.execute(sql`select pg_terminate_backend(p) from unnest(${`{${pids.join(",")}}`}::int[]) p`);
    const results = await settled;
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
    await sleep(200);
    const rows = (await db.execute(sql`select 1 as one`)) as unknown as [{ one: number }];
    expect(rows[0].one).toBe(1);
  });
});
