import { sweepCollateral } from "#app/services/collateral-monitoring.server";
import { sweepListedAssets } from "#app/services/listing-monitoring.server";
import { sweepRoyalties } from "#app/services/royalty-monitoring.server";
import type { Processor } from "./types";

/** The `monitoring` queue: the collateral sweep (annuities, renewals, expiry, valuation expiry, repayments), the listed assets' annuities and renewals, and late royalties. */
export const processMonitoring: Processor = async (_data, ctx) => {
  if (ctx.name === "collateral-sweep") return sweepCollateral(ctx.db);
  if (ctx.name === "listed-asset-sweep") return sweepListedAssets(ctx.db);
  if (ctx.name === "royalty-sweep") return sweepRoyalties(ctx.db);
  throw new Error(`monitoring: unknown job ${ctx.name}`);
};
