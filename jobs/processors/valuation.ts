import { FlowProducer, type FlowJob, type Queue } from "bullmq";
import { parsePayload, toJobId, type QueueName } from "#jobs/queues";
import { VALUATION_STEPS, type ValuationStep } from "#app/domain/valuation/lifecycle";
import { expireValuations } from "#app/services/valuations.server";
import {
  failValuation, failValuations, runValuationStep, runValuationSteps, STEP_ATTEMPTS, type StepPayload,
} from "#app/services/valuation-flow.server";
import { errorFields, errorMessage, logger } from "#app/utils/logger.server";
import type { OutboxRow } from "./types";
import type { JobContext, Processor } from "./types";

const isStep = (name: string): name is ValuationStep => (VALUATION_STEPS as readonly string[]).includes(name);
type Chunk = { batchId: string; items: StepPayload[] };

/** One step; on its last try the valuation fails with a reason (and can be retried from the page). */
async function step(p: StepPayload, name: ValuationStep, ctx: JobContext) {
  try {
    const out = await runValuationStep(ctx.db, p, name);
    await ctx.updateProgress({ step: name, status: out.status });
    return out;
  } catch (e) {
    ctx.log(`valuation ${p.valuationId} ${name}: ${errorMessage(e)}`);
    if (ctx.attemptsMade + 1 >= STEP_ATTEMPTS) await failValuation(ctx.db, p, name, e);
    throw e;
  }
}

/**
 * One step for a chunk of a batch. A valuation whose own work failed (its facts are unusable, a
 * `FlowError`) fails at once — the same facts would fail again — and the others go on; an error
 * of the whole step (the database away) throws, BullMQ retries the job, and on its last try every
 * valuation of the chunk still in progress fails.
 */
async function chunkStep(c: Chunk, name: ValuationStep, ctx: JobContext) {
  let outcomes: Awaited<ReturnType<typeof runValuationSteps>>;
  try {
    outcomes = await runValuationSteps(ctx.db, c.items, name);
  } catch (e) {
    ctx.log(`valuation batch ${c.batchId} ${name}: ${errorMessage(e)}`);
    if (ctx.attemptsMade + 1 >= STEP_ATTEMPTS) await failValuations(ctx.db, c.items, name, e);
    throw e;
  }
  const tally: Record<string, number> = {};
  for (const p of c.items) {
    const out = outcomes.get(p.valuationId)!;
    if (out.status === "error") {
      ctx.log(`valuation ${p.valuationId} ${name}: ${errorMessage(out.error)}`);
      await failValuation(ctx.db, p, name, out.error);
    }
    tally[out.status] = (tally[out.status] ?? 0) + 1;
  }
  await ctx.updateProgress({ step: name, ...tally });
  return tally;
}

/**
 * The `valuation` queue. On Redis each step is its own job of a BullMQ flow (see
 * `dispatchValuationFlow`) — of one valuation (`run`) or of a batch's chunk (`run-batch`); in
 * embedded mode `run` and `run-batch` do the steps one after another in-process, and the outbox
 * relay's backoff retries them (resuming at the first step not done).
 */
export const processValuation: Processor = async (data, ctx) => {
  if (ctx.name === "expire-sweep") return expireValuations(ctx.db);
  const payload = parsePayload("valuation", ctx.name, data) as StepPayload | Chunk;
  if (isStep(ctx.name)) return "items" in payload ? chunkStep(payload, ctx.name, ctx) : step(payload, ctx.name, ctx);
  if (ctx.name === "run-batch" && "items" in payload) {
    const done = [];
    for (const name of VALUATION_STEPS) done.push(await chunkStep(payload, name, ctx));
    return done;
  }
  if (ctx.name === "run" && !("items" in payload)) {
    const p = payload;
    const done = [];
    for (const name of VALUATION_STEPS) {
      try {
        const out = await runValuationStep(ctx.db, p, name);
        done.push(out);
        if (out.status === "skipped" && out.reason !== "done") break;
      } catch (e) {
        ctx.log(`valuation ${p.valuationId} ${name}: ${errorMessage(e)}`);
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
export function valuationFlow(queueName: string, p: StepPayload | Chunk, baseId: string): FlowJob {
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
  if (row.name !== "run" && row.name !== "run-batch") {
    await queue.add(row.name, row.payload, { jobId: toJobId(row.dedupe_key) });
    return;
  }
  let producer = producers.get(queue);
  if (!producer) {
    producer = new FlowProducer({ connection: queue.opts.connection, prefix: queue.opts.prefix });
    producer.on("error", (e) => logger.warn(errorFields(e), "flow producer error"));
    producers.set(queue, producer);
  }
  const p = parsePayload("valuation", row.name, row.payload) as StepPayload | Chunk;
  await producer.add(valuationFlow(queue.name, p, toJobId(row.dedupe_key)));
}
