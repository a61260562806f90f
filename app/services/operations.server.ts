import type { Executor } from "#db/client.server";
import { auditEvents, outbox } from "#db/schema/index";
import { parsePayload, rootJobId, type JobName, type JobPayload, type QueueName } from "#jobs/queues";
import type { Actor } from "#app/domain/policy/index";

export type AuditInput = {
  action: string;
  entityType: string;
  entityId: string;
  orgId?: string | null;
  before?: unknown;
  after?: unknown;
  /** Overrides the actor's address (e.g. a failed login, audited as the system). */
  ip?: string | null;
};

/** Writes one audit row; call it inside the transaction that makes the change. */
export async function audit(tx: Executor, actor: Actor, input: AuditInput) {
  const [row] = await tx
    .insert(auditEvents)
    .values({
      actorUserId: actor.type === "user" ? actor.userId : null,
      actorOrgId: actor.type === "system" ? null : actor.orgId,
      orgId: input.orgId ?? null,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId,
      before: input.before ?? null,
      after: input.after ?? null,
      ip: input.ip ?? (actor.type === "system" ? null : (actor.ip ?? null)),
    })
    .returning({ id: auditEvents.id });
  return row!.id;
}

/** Many audit rows of one actor in one statement (a step that moved a chunk of valuations). */
export async function auditMany(tx: Executor, actor: Actor, inputs: AuditInput[]) {
  if (!inputs.length) return;
  await tx.insert(auditEvents).values(inputs.map((input) => ({
    actorUserId: actor.type === "user" ? actor.userId : null,
    actorOrgId: actor.type === "system" ? null : actor.orgId,
    orgId: input.orgId ?? null,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    before: input.before ?? null,
    after: input.after ?? null,
    ip: input.ip ?? (actor.type === "system" ? null : (actor.ip ?? null)),
  })));
}

/**
 * Records a job to run after the transaction commits. The dedupe key makes the write idempotent:
 * a retried request that reaches here twice enqueues once.
 */
export async function enqueue<Q extends QueueName, N extends JobName<Q>>(
  tx: Executor,
  queue: Q,
  name: N,
  payload: JobPayload<Q, N>,
  opts: { dedupeKey: string; delayMs?: number },
) {
  const data = parsePayload(queue, name, payload);
  await tx
    .insert(outbox)
    .values({
      queue,
      name,
      payload: data as object,
      dedupeKey: opts.dedupeKey,
      jobId: rootJobId(queue, name, opts.dedupeKey),
      availableAt: new Date(Date.now() + (opts.delayMs ?? 0)),
    })
    .onConflictDoNothing({ target: outbox.dedupeKey });
  kickRelay();
}

const g = globalThis as unknown as { __ipmRelayKick?: () => void };
/** Wakes the relay (if one runs in this process) so jobs start without waiting for the next poll. */
export function kickRelay() {
  const kick = g.__ipmRelayKick;
  // After the caller's transaction has had a moment to commit; the relay's poll covers the rest.
  if (kick) setTimeout(kick, 25);
}
export function onRelayKick(fn: (() => void) | undefined) {
  g.__ipmRelayKick = fn;
}
