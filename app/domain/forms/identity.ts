import { z } from "zod";
import { INDUSTRIES } from "../industries";
import { SIGNUP_ORG_KINDS } from "../organization";
import { parseUscc } from "../uscc";

/**
 * Form schemas shared by the client and the action. Messages are dictionary keys; the UI
 * renders them in the reader's language.
 */
const required = (max = 200) => z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).max(max, { error: "errors.tooLong" });

export const usccField = z
  .string({ error: "errors.required" })
  .trim()
  .min(1, { error: "errors.required" })
  .transform((v, ctx) => {
    const r = parseUscc(v);
    if (r.ok) return r.value;
    const key = r.reason === "length" ? "errors.usccLength" : r.reason === "charset" ? "errors.usccCharset" : "errors.usccCheck";
    ctx.addIssue({ code: "custom", message: key });
    return z.NEVER;
  });

export const emailField = z.string({ error: "errors.required" }).trim().toLowerCase().pipe(z.email({ error: "errors.email" })).pipe(z.string().max(200, { error: "errors.tooLong" }));

export const SignupSchema = z
  .object({
    orgKind: z.enum(SIGNUP_ORG_KINDS, { error: "errors.required" }),
    orgName: required(120),
    uscc: usccField,
    parkId: z.uuid({ error: "errors.invalid" }).optional(),
    industry: z.enum(INDUSTRIES, { error: "errors.invalid" }).optional(),
    name: required(60),
    email: emailField,
    password: z.string({ error: "errors.required" }).min(10, { error: "errors.passwordTooShort" }).max(200, { error: "errors.tooLong" }),
    passwordConfirm: z.string({ error: "errors.required" }),
    /** A registered USCC: ask that organisation's owners to let this account in. */
    joinRequest: z.boolean().optional(),
  })
  .refine((v) => v.password === v.passwordConfirm, {
    path: ["passwordConfirm"],
    message: "errors.passwordMismatch",
    // Report a mismatch even while other fields (say, the code) are still wrong.
    when: (p) => {
      const v = p.value as { password?: unknown; passwordConfirm?: unknown };
      return typeof v?.password === "string" && typeof v?.passwordConfirm === "string";
    },
  });

export const LoginSchema = z.object({
  email: emailField,
  password: z.string({ error: "errors.required" }).min(1, { error: "errors.required" }).max(200, { error: "errors.tooLong" }),
  redirectTo: z.string().optional(),
});

export const OrgDecisionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("verify"), orgId: z.uuid({ error: "errors.invalid" }) }),
  z.object({
    intent: z.literal("reject"),
    orgId: z.uuid({ error: "errors.invalid" }),
    reason: z.string({ error: "errors.reasonRequired" }).trim().min(2, { error: "errors.reasonRequired" }).max(500, { error: "errors.tooLong" }),
  }),
]);

/** An owner's decision on a request to join their organisation (the account page). */
export const JoinDecisionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), requestId: z.uuid({ error: "errors.invalid" }), role: z.enum(["owner", "member"], { error: "errors.invalid" }) }),
  z.object({ intent: z.literal("decline"), requestId: z.uuid({ error: "errors.invalid" }) }),
]);
