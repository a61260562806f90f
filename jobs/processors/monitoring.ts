import { sweepCollateral } from "#app/services/collateral-monitoring.server";
import { sweepListedAssets } from "#app/services/listing-monitoring.server";
import { sweepRoyalties } from "#app/services/royalty-monitoring.server";
import { closeAuction, sweepAuctions } from "#app/services/auctions.server";
import { z } from "zod";
import type { Processor } from "./types";

/** The `monitoring` queue: the collateral sweep (annuities, renewals, expiry, valuation expiry, repayments), the listed assets' annuities and renewals, late royalties, and auctions at their end. */
export const processMonitoring: Processor = async (data, ctx) => {
  if (ctx.name === "collateral-sweep") return sweepCollateral(ctx.db);
  if (ctx.name === "listed-asset-sweep") return sweepListedAssets(ctx.db);
  if (ctx.name === "royalty-sweep") return sweepRoyalties(ctx.db);
  if (ctx.name === "auction-close") return closeAuction(ctx.db, z.object({ auctionId: z.uuid() }).parse(data).auctionId);
  if (ctx.name === "auction-sweep") return sweepAuctions(ctx.db);
  throw new Error(`monitoring: unknown job ${ctx.name}`);
};
