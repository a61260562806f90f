import { z } from "zod";
import { AUCTION_KINDS, DATA_ROOM_SECTIONS } from "../market/auction";
import { yuanField } from "./market";

/** Auction forms: the seller's creation form, and the bidder's registration and bid (told apart by `intent`). */

/** A `datetime-local` value (`YYYY-MM-DDTHH:mm`, seconds optional), understood as Shanghai time. */
const shanghaiDateTime = z.string({ error: "errors.required" }).trim().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, { error: "errors.date" })
  .transform((v, ctx) => {
    const d = new Date(`${v.length === 16 ? `${v}:00` : v}+08:00`);
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: "custom", message: "errors.date" });
      return z.NEVER;
    }
    return d;
  });

const minutes = z.string({ error: "errors.required" }).trim().regex(/^\d{1,3}$/, { error: "auction.errors.extensionRange" }).transform(Number);

export const AuctionFormSchema = z.object({
  kind: z.enum(AUCTION_KINDS, { error: "errors.required" }),
  reservePrice: yuanField,
  startPrice: yuanField,
  increment: yuanField.optional(),
  /** Blank: now. */
  startsAt: shanghaiDateTime.optional(),
  endsAt: shanghaiDateTime,
  extensionMinutes: minutes.optional(),
});

export const AuctionActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("register"), acceptRules: z.literal("on", { error: "auction.errors.acceptRules" }) }),
  z.object({ intent: z.literal("bid"), amount: yuanField, idempotencyKey: z.string({ error: "errors.invalid" }).trim().min(8, { error: "errors.invalid" }).max(80, { error: "errors.invalid" }) }),
  z.object({ intent: z.literal("cancel") }),
  z.object({ intent: z.literal("runnerUp") }),
  z.object({ intent: z.literal("unsold") }),
]);

/** The seller's upload to the data room: the section it belongs to (the file itself is read from the multipart body). */
export const DataRoomUploadSchema = z.object({ kind: z.enum(DATA_ROOM_SECTIONS, { error: "errors.required" }) });
