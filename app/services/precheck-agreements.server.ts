import { and, eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { bankReviews, precheckAgreements } from "#db/schema/index";
import { ACTIVE_REVIEW, BEFORE_REGISTRATION } from "#app/domain/financing/lifecycle";
import type { AgreeableRule } from "#app/domain/financing/precheck";
import type { Actor } from "#app/domain/policy/index";
import { requireCan } from "#app/utils/auth.server";
import { ServiceError } from "#app/utils/http.server";
import { applicationAssetIds, applicationRef, loadApplication, notice, precheckApplication, storePrecheck, userId } from "./financing-shared.server";
import { audit } from "./operations.server";

/**
 * A party, told of a ground CNIPA waives when the parties agree (10: a same-day invention and utility
 * model; 11: invalidation pending), declares that it agrees to register the asset anyway. Recorded
 * once per party (a second click changes nothing), with what the party was shown, audited; the other
 * party hears of it, and the pre-check is run again so the application shows where it now stands.
 */
export async function agreeToPrecheckGround(actor: Actor, applicationId: string, input: { assetId: string; rule: AgreeableRule }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const app = await loadApplication(tx, applicationId, { lock: true });
    requireCan(actor, "financing.precheck.agree", await applicationRef(tx, app));
    if (actor.type !== "user") throw new ServiceError(403, "errors.forbidden");
    if (!BEFORE_REGISTRATION.has(app.status)) throw new ServiceError(409, "financing.errors.agreementClosed");
    if (!(await applicationAssetIds(tx, app.id)).includes(input.assetId)) throw new ServiceError(404, "errors.notFound");
    const shown = (await precheckApplication(tx, app)).assets.find((a) => a.assetId === input.assetId)?.results.find((r) => r.rule === input.rule);
    // Nothing to agree to: the ground is not raised for this asset.
    if (!shown || shown.outcome === "pass") throw new ServiceError(409, "financing.errors.nothingToAgree");

    const [row] = await tx.insert(precheckAgreements).values({
      applicationId: app.id, assetId: input.assetId, rule: input.rule, orgId: actor.orgId, userId: userId(actor), facts: { key: shown.key, params: shown.params },
    }).onConflictDoNothing().returning({ id: precheckAgreements.id });
    if (!row) return { recorded: false };

    const asPledgor = actor.orgId === app.enterpriseOrgId;
    await audit(tx, actor, {
      action: "financing.precheck-agreed", entityType: "pledge_application", entityId: app.id, orgId: app.enterpriseOrgId,
      after: { assetId: input.assetId, rule: input.rule, party: asPledgor ? "pledgor" : "pledgee", shown: shown.key },
    });
    const link = (side: "financing" | "bank") => `/${side === "bank" ? "bank" : "financing"}/applications/${app.id}`;
    if (asPledgor) {
      const reviews = await tx.select({ bankOrgId: bankReviews.bankOrgId, status: bankReviews.status }).from(bankReviews).where(eq(bankReviews.applicationId, app.id));
      for (const r of reviews.filter((x) => ACTIVE_REVIEW.has(x.status))) {
        await notice(tx, r.bankOrgId, "financing.notice.agreedByPledgor", {}, link("bank"), `agreement:${row.id}`);
      }
    } else {
      await notice(tx, app.enterpriseOrgId, "financing.notice.agreedByPledgee", {}, link("financing"), `agreement:${row.id}`);
    }
    await storePrecheck(tx, app.id, "agreement", await precheckApplication(tx, app));
    return { recorded: true };
  });
}

/** Who has agreed to what on an application (the parties' names are on the application page already). */
export async function listPrecheckAgreements(exec: Parameters<typeof applicationAssetIds>[0], applicationId: string) {
  return exec.select({ assetId: precheckAgreements.assetId, rule: precheckAgreements.rule, orgId: precheckAgreements.orgId, createdAt: precheckAgreements.createdAt })
    .from(precheckAgreements).where(and(eq(precheckAgreements.applicationId, applicationId)));
}
