import { sweepCollateral } from "#app/services/collateral-monitoring.server";
import { sweepListedAnnuities } from "#app/services/listing-monitoring.server";
import type { Processor } from "./types";

/** The `monitoring` queue: the collateral sweep (annuities, expiry, valuation expiry, repayments) and listed patents' annuities. */
export const processMonitoring: Processor = async (_data, ctx) => {
  if (ctx.name === "collateral-sweep") return sweepCollateral(ctx.db);
  if (ctx.name === "listed-annuity-sweep") return sweepListedAnnuities(ctx.db);
  throw new Error(`monitoring: unknown job ${ctx.name}`);
};
