import { z } from "zod";
import { MAIL_CATEGORIES } from "../mail";
import { emailField } from "./identity";

/** Forms of e-mail verification, password reset and notification preferences. Messages are dictionary keys. */
const token = z.string({ error: "mail.token.invalid" }).trim().min(10, { error: "mail.token.invalid" }).max(200, { error: "mail.token.invalid" });

export const VerifyEmailSchema = z.object({ token });
export const ForgotPasswordSchema = z.object({ email: emailField });
export const ResetPasswordSchema = z
  .object({
    token,
    password: z.string({ error: "errors.required" }).min(10, { error: "errors.passwordTooShort" }).max(200, { error: "errors.tooLong" }),
    passwordConfirm: z.string({ error: "errors.required" }),
  })
  .refine((v) => v.password === v.passwordConfirm, { path: ["passwordConfirm"], message: "errors.passwordMismatch" });

export const PreferencesSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("save"),
    ...Object.fromEntries(MAIL_CATEGORIES.map((c) => [c, z.enum(["in_app", "email", "digest"], { error: "errors.invalid" })])) as Record<(typeof MAIL_CATEGORIES)[number], z.ZodEnum<{ in_app: "in_app"; email: "email"; digest: "digest" }>>,
  }),
  z.object({ intent: z.literal("resend") }),
]);
