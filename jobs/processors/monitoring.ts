import { sweepCollateral } from "#app/services/collateral-monitoring.server";
import type { Processor } from "./types";

/** The `monitoring` queue: the collateral sweep (annuities, expiry, valuation expiry, repayments). */
export const processMonitoring: Processor = async (_data, ctx) => {
  if (ctx.name === "collateral-sweep") return sweepCollateral(ctx.db);
  throw new Error(`monitoring: unknown job ${ctx.name}`);
};
