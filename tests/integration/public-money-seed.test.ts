import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { loans } from "#db/schema/index";
import { seedDemo } from "#db/seed-data";
import type { UserActor } from "#app/domain/policy/index";
import { claimOptions } from "#app/services/fund-claims.server";
import { listInsurerPolicies } from "#app/services/insurance-policies.server";
import { listFundClaims, myFunds } from "#app/services/funds.server";
import { listProgrammesForEnterprise } from "#app/services/subsidy-eligibility.server";

const actor = (ids: Awaited<ReturnType<typeof seedDemo>>, key: string, orgKind: UserActor["orgKind"]): UserActor =>
  ({ type: "user", userId: ids.users[key]!, orgId: ids.orgs[key]!, orgKind, orgStatus: "verified", role: "owner" });

describe("the public-money demo seed", () => {
  it("gives each new role something to do: a subsidy to claim, two loans to claim on the fund, two policies to issue", async () => {
    const ids = await seedDemo(await getDb());
    const biotech = actor(ids, "enterprise2", "enterprise");
    const { programmes } = await listProgrammesForEnterprise(biotech);
    const beijing = programmes.find((p) => p.programme.code.startsWith("beijing-interest"))!;
    expect(beijing.assessment.amountFen).toBeGreaterThan(0n);
    expect(beijing.missing).toEqual([]);
    expect(programmes.find((p) => p.programme.code.startsWith("qingdao-interest"))!.assessment.amountFen).toBeGreaterThan(0n);

    const bank = actor(ids, "bank2", "bank");
    const db = await getDb();
    const overdue = await db.select().from(loans).where(eq(loans.status, "overdue"));
    expect(overdue).toHaveLength(2);
    for (const l of overdue) {
      const opts = await claimOptions(bank, l.id);
      expect(opts.payers.find((p) => p.code === "sh-guarantee-fund-ip")).toMatchObject({ trigger: { ok: true } });
    }
    const fund = actor(ids, "fund", "fund");
    expect((await myFunds(fund)).map((f) => f.code).sort()).toEqual(["sh-credit-compensation", "sh-guarantee-fund-ip"]);
    expect(await listFundClaims(fund)).toEqual([]);
    const requested = (await listInsurerPolicies(actor(ids, "insurer", "insurer"))).filter((p) => p.status === "requested");
    expect(requested).toHaveLength(2);
  });
});
