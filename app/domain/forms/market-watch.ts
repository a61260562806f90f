import { z } from "zod";
import { SAVED_SEARCH_FREQUENCIES } from "../market/saved-search";

/** Saving a market search: the canonical query string comes from the page's own hidden field. */
export const SavedSearchIntentSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("save"),
    name: z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).max(80, { error: "errors.tooLong" }),
    query: z.string().max(1000, { error: "errors.tooLong" }).default(""),
    frequency: z.enum(SAVED_SEARCH_FREQUENCIES, { error: "errors.invalid" }),
  }),
  z.object({ intent: z.literal("delete"), id: z.uuid({ error: "errors.invalid" }) }),
]);
