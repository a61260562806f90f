import { and, eq, inArray, ne, or, sql } from "drizzle-orm";
import { getDb, type Db, type Executor, type Tx } from "#db/client.server";
import {
  applicationAssets, bankReviews, encumbrances, ipAssets, loanOffers, organizations, pledgeApplications, precheckAgreements, prechecks,
} from "#db/schema/index";
import { shanghaiDate } from "#app/domain/dates";
import { precheck, type ContractParty, type PrecheckAsset, type PrecheckReport } from "#app/domain/financing/precheck";
import type { ApplicationRef } from "#app/domain/policy/financing";
import type { Actor } from "#app/domain/policy/index";
import { transition, TransitionError, type TransitionTable } from "#app/domain/state-machine";
import { ServiceError } from "#app/utils/http.server";
import { enqueue } from "./operations.server";
import { isUuid } from "#app/domain/ids";

/** Internal helpers of the financing services (not a use case themselves). */

export type ApplicationRow = typeof pledgeApplications.$inferSelect;

export async function loadApplication(exec: Executor, id: string, opts: { lock?: boolean } = {}): Promise<ApplicationRow> {
  if (!isUuid(id)) throw new ServiceError(404, "errors.notFound");
  const q = exec.select().from(pledgeApplications).where(eq(pledgeApplications.id, id));
  const [row] = opts.lock ? await q.for("update") : await q;
  if (!row) throw new ServiceError(404, "errors.notFound");
  return row;
}

/** Who may see an application: its enterprise and every bank it was routed to. */
export async function applicationRef(exec: Executor, app: Pick<ApplicationRow, "id" | "enterpriseOrgId">): Promise<ApplicationRef> {
  const banks = await exec.select({ bankOrgId: bankReviews.bankOrgId }).from(bankReviews).where(eq(bankReviews.applicationId, app.id));
  return { enterpriseOrgId: app.enterpriseOrgId, bankOrgIds: banks.map((b) => b.bankOrgId) };
}

/** The one way a financing service changes a status: the domain's table, or a 409. */
export function next<S extends string, E extends string>(entity: string, table: TransitionTable<S, E>, from: S, event: E): S {
  try {
    return transition(entity, table, from, event);
  } catch (e) {
    if (e instanceof TransitionError) throw new ServiceError(409, "errors.conflict");
    throw e;
  }
}

export const isUniqueViolation = (e: unknown, constraint?: string) => {
  const err = e as { code?: string; constraint_name?: string; constraint?: string; cause?: unknown };
  const inner = (err?.code ? err : (err?.cause as typeof err)) ?? {};
  if (inner.code !== "23505") return false;
  if (!constraint) return true;
  return (inner.constraint_name ?? inner.constraint ?? "").includes(constraint);
};

export async function applicationAssetIds(exec: Executor, applicationId: string): Promise<string[]> {
  const rows = await exec.select({ assetId: applicationAssets.assetId }).from(applicationAssets).where(eq(applicationAssets.applicationId, applicationId));
  return rows.map((r) => r.assetId).sort();
}

/**
 * Runs the pre-check on the current state of the assets and the parties. A title lock held by this
 * application's own registration does not count against it (a retried registration must not fail on
 * itself). The contract is the one the platform holds: the pledgee and the debt of the accepted offer
 * once there is one, otherwise the pledgor alone and the debt applied for.
 */
export async function runPrecheck(
  exec: Executor,
  input: {
    assetIds: string[]; pledgorOrgId: string; debtFen: bigint; termMonths: number; pledgeeOrgId?: string | null;
    applicationId?: string; ownRegistrationId?: string | null; asOf?: string;
  },
): Promise<PrecheckReport> {
  const rows = input.assetIds.length ? await exec.select().from(ipAssets).where(inArray(ipAssets.id, input.assetIds)) : [];
  const locks = input.assetIds.length
    ? await exec.select({ assetId: encumbrances.assetId }).from(encumbrances).where(and(
        inArray(encumbrances.assetId, input.assetIds),
        inArray(encumbrances.kind, ["pledge", "transfer"]),
        inArray(encumbrances.status, ["pending", "active"]),
        input.ownRegistrationId ? or(ne(encumbrances.sourceId, input.ownRegistrationId), ne(encumbrances.sourceType, "pledge_registration")) : sql`true`,
      ))
    : [];
  const locked = new Set(locks.map((l) => l.assetId));
  const partyIds = [input.pledgorOrgId, ...(input.pledgeeOrgId ? [input.pledgeeOrgId] : [])];
  const parties = await exec.select({ orgId: organizations.id, name: organizations.name, uscc: organizations.uscc }).from(organizations).where(inArray(organizations.id, partyIds));
  const party = (id: string): ContractParty => parties.find((p) => p.orgId === id) ?? { orgId: id, name: "", uscc: "" };
  const agreements = input.applicationId
    ? await exec.select({ assetId: precheckAgreements.assetId, rule: precheckAgreements.rule, orgId: precheckAgreements.orgId })
        .from(precheckAgreements).where(eq(precheckAgreements.applicationId, input.applicationId))
    : [];
  const assets: PrecheckAsset[] = rows
    .sort((a, b) => input.assetIds.indexOf(a.id) - input.assetIds.indexOf(b.id))
    .map((a) => ({
      id: a.id, kind: a.kind, number: a.number, title: a.title, ownerOrgId: a.ownerOrgId, legalStatus: a.legalStatus, filingDate: a.filingDate,
      grantDate: a.grantDate, expiryDate: a.expiryDate, annuityPaidThrough: a.annuityPaidThrough, coOwners: a.coOwners ?? [],
      disputeFlag: a.disputeFlag, preservationFlag: a.preservationFlag, invalidationPending: a.invalidationPending, titleLocked: locked.has(a.id),
      sameDayApplications: a.sameDayApplications ?? [],
    }));
  return precheck(assets, {
    asOf: input.asOf ?? shanghaiDate(),
    contract: {
      pledgor: party(input.pledgorOrgId), pledgee: input.pledgeeOrgId ? party(input.pledgeeOrgId) : null,
      debtFen: input.debtFen, termMonths: input.termMonths,
    },
    agreements,
  });
}

/** The pre-check of an application as it stands: with the accepted offer's bank and terms once there is one. */
export async function precheckApplication(exec: Executor, app: ApplicationRow, opts: { ownRegistrationId?: string | null } = {}) {
  const assetIds = await applicationAssetIds(exec, app.id);
  const [offer] = app.acceptedReviewId
    ? await exec.select({ bankOrgId: loanOffers.bankOrgId, amountFen: loanOffers.amountFen, termMonths: loanOffers.termMonths })
        .from(loanOffers).where(eq(loanOffers.reviewId, app.acceptedReviewId))
    : [];
  return runPrecheck(exec, {
    assetIds, applicationId: app.id, pledgorOrgId: app.enterpriseOrgId, pledgeeOrgId: offer?.bankOrgId ?? null,
    debtFen: offer?.amountFen ?? app.amountFen, termMonths: offer?.termMonths ?? app.termMonths, ownRegistrationId: opts.ownRegistrationId,
  });
}

/** JSON-safe copy of a report (bigints are already strings in the params). */
export async function storePrecheck(exec: Executor, applicationId: string, stage: string, report: PrecheckReport) {
  await exec.insert(prechecks).values({ applicationId, stage, ok: report.ok, asOf: report.asOf, results: report as unknown as object });
}

/** An in-app notice to every member of an organisation, once per cause. */
export async function notice(tx: Executor, orgId: string, kind: string, params: Record<string, string | number | null>, link: string | null, causeId: string) {
  await enqueue(tx, "notifications", "org-notice", { orgId, kind, params, link, causeId }, { dedupeKey: `notice:${kind}:${orgId}:${causeId}` });
}

export const userId = (actor: Actor) => (actor.type === "user" ? actor.userId : null);
export const actorOrg = (actor: Actor) => (actor.type === "system" ? null : actor.orgId);

/** Runs `fn` in a transaction of its own, or in a savepoint of the caller's (the API's idempotency record shares it). */
export async function inTx<T>(exec: Executor | undefined, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const host = (exec ?? (await getDb())) as Db;
  return host.transaction(fn);
}
