import { z } from "zod";
import { PURPOSES } from "../valuation/parameters";

const list = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(item));

/**
 * The batch valuation form: all of the organisation's patents, or the ones ticked. `requestKey` is
 * the one-time token the page was rendered with: submitting the same form twice makes one batch.
 */
export const ValuationBatchSchema = z.object({
  scope: z.enum(["all", "selected"], { error: "errors.required" }),
  assetIds: list(z.uuid({ error: "errors.invalid" })),
  purpose: z.enum(PURPOSES, { error: "errors.required" }),
  locale: z.enum(["zh-CN", "en"], { error: "errors.invalid" }).optional().default("zh-CN"),
  requestKey: z.uuid({ error: "errors.invalid" }),
}).superRefine((v, ctx) => {
  if (v.scope === "selected" && !v.assetIds.length) ctx.addIssue({ code: "custom", path: ["assetIds"], message: "valuation.errors.pickAsset" });
});
