import { queuePrefix } from "./connection";
import { QUEUE_NAMES } from "./queues";
import { runWorker } from "./runtime";

const w = await runWorker();
console.log(`[worker] ready: queues ${QUEUE_NAMES.join(", ")} (prefix ${queuePrefix()})`);
for (const sig of ["SIGTERM", "SIGINT"] as const) {
  process.once(sig, async () => {
    console.log(`[worker] ${sig}: closing`);
    await w.close();
    process.exit(0);
  });
}
