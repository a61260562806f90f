import { FlowProducer, type FlowJob, type Queue } from "bullmq";
import { parsePayload, toJobId, type QueueName } from "#jobs/queues";
import { VALUATION_STEPS, type ValuationStep } from "#app/domain/valuation/lifecycle";
import { expireValuations } from "#app/services/valuations.server";
import { failValuation, runValuationStep, STEP_ATTEMPTS, type StepPayload } from "#app/services/valuation-flow.server";
import { errorFields, logger } from "#app/utils/logger.server";
import type { OutboxRow } from "./types";
import type { JobContext, Processor } from "./types";

const isStep = (name: string): name is ValuationStep => (VALUATION_STEPS as readonly string[]).includes(name);

/** One step; on its last try the valuation fails with a reason (and can be retried from the page). */
async function step(p: StepPayload, name: ValuationStep, ctx: JobContext) {
  try {
    const out = await runValuationStep(ctx.db, p, name);
    await ctx.updateProgress({ step: name, status: out.status });
    return out;
  } catch (e) {
    ctx.log(`valuation ${p.valuationId} ${name}: ${(e as Error).message}`);
    if (ctx.attemptsMade + 1 >= STEP_ATTEMPTS) await failValuation(ctx.db, p, name, e);
    throw e;
  }
}

/**
 * The `valuation` queue. On Redis each step is its own job of a BullMQ flow (see
 * `dispatchValuationFlow`); in embedded mode `run` does the steps one after another in-process, and
 * the outbox relay's backoff retries it (resuming at the first step not done).
 */
export const processValuation: Processor = async (data, ctx) => {
  if (ctx.name === "expire-sweep") return expireValuations(ctx.db);
  const p = parsePayload("valuation", ctx.name, data) as StepPayload;
  if (isStep(ctx.name)) return step(p, ctx.name, ctx);
  if (ctx.name === "run") {
    const done = [];
    for (const name of VALUATION_STEPS) {
      try {
        const out = await runValuationStep(ctx.db, p, name);
        done.push(out);
        if (out.status === "skipped" && out.reason !== "done") break;
      } catch (e) {
        ctx.log(`valuation ${p.valuationId} ${name}: ${(e as Error).message}`);
        if (ctx.attemptsMade + 1 >= STEP_ATTEMPTS) {
          await failValuation(ctx.db, p, name, e);
          return { failed: name };
        }
        throw e;
      }
    }
    return done;
  }
  throw new Error(`valuation: unknown job ${ctx.name}`);
};

/** The flow's job options: retries with exponential backoff; a step that finally fails fails the flow. */
const stepOpts = (jobId: string) => ({
  jobId,
  attempts: STEP_ATTEMPTS,
  backoff: { type: "exponential" as const, delay: 2_000 },
  failParentOnFailure: true,
  removeOnComplete: { age: 7 * 86_400 },
  removeOnFail: { age: 30 * 86_400 },
});

/** enrich → score → value → report as a chain: in a BullMQ flow children run first, so the last step is the root. */
export function valuationFlow(queueName: string, p: StepPayload, baseId: string): FlowJob {
  let node: FlowJob | undefined;
  for (const name of VALUATION_STEPS) {
    node = { name, queueName, data: p, opts: stepOpts(`${baseId}.${name}`), children: node ? [node] : undefined };
  }
  return node!;
}

const producers = new WeakMap<Queue, FlowProducer>();

/**
 * Redis mode: an outbox row `valuation/run` becomes a flow of four step jobs. Job ids derive from the
 * outbox dedupe key (valuation and attempt), so a relay that dispatches the row twice adds nothing.
 */
export async function dispatchValuationFlow(row: OutboxRow, getQueue: (name: QueueName) => Queue) {
  const queue = getQueue("valuation");
  if (row.name !== "run") {
    await queue.add(row.name, row.payload, { jobId: toJobId(row.dedupe_key) });
    return;
  }
  let producer = producers.get(queue);
  if (!producer) {
    producer = new FlowProducer({ connection: queue.opts.connection, prefix: queue.opts.prefix });
    producer.on("error", (e) => logger.warn(errorFields(e), "flow producer error"));
    producers.set(queue, producer);
  }
  const p = parsePayload("valuation", "run", row.payload) as StepPayload;
  await producer.add(valuationFlow(queue.name, p, toJobId(row.dedupe_key)));
}
