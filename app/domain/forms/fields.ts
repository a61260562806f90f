import { z } from "zod";
import { isIsoDate } from "../dates";

/**
 * The one date rule of every form and the bank API: YYYY-MM-DD naming a real calendar day
 * (`2023-02-30` is refused here with a field message, never left for PostgreSQL to refuse).
 */
export const isoDate = z.string({ error: "errors.required" }).trim().refine(isIsoDate, { error: "errors.date" })
  .meta({ description: "Calendar date (YYYY-MM-DD), Asia/Shanghai" });

/** A date that may be left empty (null). */
export const optionalIsoDate = z.string().trim().optional().transform((v, ctx) => {
  if (!v) return null;
  if (!isIsoDate(v)) {
    ctx.addIssue({ code: "custom", message: "errors.date" });
    return z.NEVER;
  }
  return v;
});
