import { sweepCollateral } from "#app/services/collateral-monitoring.server";
import { sweepListedAssets } from "#app/services/listing-monitoring.server";
import type { Processor } from "./types";

/** The `monitoring` queue: the collateral sweep (annuities, renewals, expiry, valuation expiry, repayments) and the listed assets' annuities and renewals. */
export const processMonitoring: Processor = async (_data, ctx) => {
  if (ctx.name === "collateral-sweep") return sweepCollateral(ctx.db);
  if (ctx.name === "listed-asset-sweep") return sweepListedAssets(ctx.db);
  throw new Error(`monitoring: unknown job ${ctx.name}`);
};
