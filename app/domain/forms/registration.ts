import { z } from "zod";
import { isIsoDate } from "../dates";
import { PACK_KINDS } from "../registration/lifecycle";
import { optionalText, text } from "./financing";

/** The registration pack page's forms, told apart by `intent`. */
const isoDate = z.string({ error: "errors.required" }).trim().refine(isIsoDate, { error: "errors.date" });
const packId = z.uuid({ error: "errors.invalid" });

export const PackIntentSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("prepare"), kind: z.enum(PACK_KINDS, { error: "errors.invalid" }),
    address: optionalText(200), agent: optionalText(100), declareValuation: z.boolean().optional(), change: optionalText(1000),
  }),
  z.object({ intent: z.literal("sign"), packId }),
  z.object({ intent: z.literal("cancel"), packId }),
  z.object({ intent: z.literal("file"), packId, filedOn: isoDate }),
  z.object({ intent: z.literal("correct"), packId, receivedOn: isoDate, items: text(1000) }),
  z.object({ intent: z.literal("record"), packId, cnipaNumber: text(40), noticeNumber: text(40), registeredOn: isoDate }),
]);
export type PackIntent = z.infer<typeof PackIntentSchema>;
