import { z } from "zod";
import { isoDate } from "./fields";

/** The admin console's forms (shared by the pages and their actions). */
const reason = z.string({ error: "errors.reasonRequired" }).trim().min(2, { error: "errors.reasonRequired" }).max(500, { error: "errors.tooLong" });
const optionalText = (max: number) => z.string().trim().max(max, { error: "errors.tooLong" }).optional();

export const UserSuspensionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("suspend"), userId: z.uuid({ error: "errors.invalid" }), reason }),
  z.object({ intent: z.literal("reinstate"), userId: z.uuid({ error: "errors.invalid" }), reason: optionalText(500) }),
]);

export const OrgSuspensionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("suspend"), orgId: z.uuid({ error: "errors.invalid" }), reason }),
  z.object({ intent: z.literal("reinstate"), orgId: z.uuid({ error: "errors.invalid" }), reason: optionalText(500) }),
]);

export const JobActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("retry"), queue: z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).max(60, { error: "errors.tooLong" }), jobId: z.string({ error: "errors.required" }).min(1).max(200, { error: "errors.tooLong" }) }),
  z.object({ intent: z.literal("requeue"), outboxId: z.coerce.number({ error: "errors.number" }).int({ error: "errors.number" }).positive({ error: "errors.positive" }) }),
]);

const day = isoDate;

/** The audit log's search form (a GET form: its values come from the query string). */
export const AuditFilterSchema = z
  .object({
    actor: optionalText(200),
    org: optionalText(200),
    entityType: optionalText(60),
    entityId: optionalText(200),
    action: optionalText(100),
    from: day.optional(),
    to: day.optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ["to"], message: "console.audit.rangeInvalid" });

export const CursorSchema = z.coerce.number().int().positive();

export const AUDIT_FILTER_KEYS = ["actor", "org", "entityType", "entityId", "action", "from", "to"] as const;

export function auditFilterFrom(params: URLSearchParams) {
  const raw = Object.fromEntries(AUDIT_FILTER_KEYS.map((k) => [k, params.get(k)?.trim() || undefined]));
  return AuditFilterSchema.safeParse(raw);
}
