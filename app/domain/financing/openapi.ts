import { z } from "zod";
import {
  ApiApplicationSchema, ApiApplicationSummarySchema, ApiDecisionResultSchema, ApiDecisionSchema, ApiDisbursementResultSchema,
  ApiDisbursementSchema, ApiErrorSchema, ApiRegistrationResultSchema, ApiRegistrationSchema, ApiRepaymentResultSchema, ApiRepaymentSchema,
  ApiClaimResultSchema, ApiClaimSchema,
} from "./api";
import { webhookEvents, webhookPaths } from "../webhooks-openapi";

/** The bank API's OpenAPI 3.1 document, generated from the same zod schemas the endpoints validate with. */
const schema = (s: z.ZodType, io: "input" | "output") => {
  const json = z.toJSONSchema(s, { io, unrepresentable: "any", target: "draft-2020-12" }) as Record<string, unknown>;
  delete json.$schema;
  delete json.id;
  return json;
};

const json = (s: z.ZodType, io: "input" | "output" = "output") => ({ "application/json": { schema: schema(s, io) } });
const error = (description: string) => ({ description, content: json(ApiErrorSchema) });
const idParam = (name: string, description: string) => ({ name, in: "path", required: true, description, schema: { type: "string", format: "uuid" } });
const idempotency = {
  name: "Idempotency-Key", in: "header", required: false,
  description: "Repeat a POST safely: the same key with the same body returns the stored response; with another body, 422.",
  schema: { type: "string", maxLength: 200 },
};
const lang = { name: "Accept-Language", in: "header", required: false, description: "zh-CN (default) or en: the language of error messages", schema: { type: "string" } };
const common = { "401": error("Missing, unknown or revoked API key"), "404": error("No such object for this bank") };

export function openApiDocument(serverUrl = "/api/v1") {
  return {
    openapi: "3.1.0",
    info: {
      title: "IP pledge financing — bank API",
      version: "1.0.0",
      description: "For banks' own systems: applications matched to the bank, their valuation summaries, decisions, disbursements, repayments and claims on funds and insurers, and signed webhooks (Standard Webhooks v1) for the bank's events. Amounts are in 分 (fen). A key only ever sees its own bank's data.",
    },
    servers: [{ url: serverUrl }],
    security: [{ bearerAuth: [] }],
    components: { securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "An API key created by the bank's owner" } } },
    paths: {
      "/applications": {
        get: {
          operationId: "listApplications", summary: "Applications routed to this bank (open reviews; ?status=all for every one)",
          parameters: [{ name: "status", in: "query", required: false, schema: { type: "string", enum: ["open", "all"] } }, lang],
          responses: { "200": { description: "The bank's applications", content: json(z.object({ data: z.array(ApiApplicationSummarySchema) })) }, "401": common["401"] },
        },
      },
      "/applications/{id}": {
        get: {
          operationId: "getApplication", summary: "One application with its valuation summary",
          parameters: [idParam("id", "Application id"), lang],
          responses: { "200": { description: "The application", content: json(ApiApplicationSchema) }, ...common },
        },
      },
      "/applications/{id}/decision": {
        post: {
          operationId: "decideApplication", summary: "Approve with offered terms, reject with a reason, or request information",
          parameters: [idParam("id", "Application id"), idempotency, lang],
          requestBody: { required: true, content: json(ApiDecisionSchema, "input") },
          responses: {
            "200": { description: "Recorded", content: json(ApiDecisionResultSchema) }, "400": error("Invalid body (field messages)"), ...common,
            "409": error("Not possible in the application's current state"), "422": error("Idempotency key reused with another body"),
          },
        },
      },
      "/applications/{id}/registration": {
        post: {
          operationId: "recordRegistration",
          summary: "Record CNIPA's pledge registration of an application whose offer the enterprise accepted; the pre-check runs again, the assets become encumbered and the loan is set up",
          parameters: [idParam("id", "Application id"), idempotency, lang],
          requestBody: { required: true, content: json(ApiRegistrationSchema, "input") },
          responses: {
            "201": { description: "Registered", content: json(ApiRegistrationResultSchema) }, "400": error("Invalid body (field messages)"), ...common,
            "409": error("No accepted offer, already registered, or an asset is already pledged"),
            "422": error("The pre-check failed, or the idempotency key was reused with another body"),
          },
        },
      },
      "/loans/{id}/disbursements": {
        post: {
          operationId: "recordDisbursement", summary: "Record the disbursement; the repayment schedule starts from its date",
          parameters: [idParam("id", "Loan id"), idempotency, lang],
          requestBody: { required: true, content: json(ApiDisbursementSchema, "input") },
          responses: {
            "201": { description: "Recorded", content: json(ApiDisbursementResultSchema) }, "400": error("Invalid body (field messages)"), ...common,
            "409": error("Already disbursed, or not registered yet"), "422": error("Idempotency key reused with another body"),
          },
        },
      },
      "/loans/{id}/repayments": {
        post: {
          operationId: "recordRepayment", summary: "Record a repayment (interest first, oldest instalment first); the last one settles the loan and releases the pledge",
          parameters: [idParam("id", "Loan id"), idempotency, lang],
          requestBody: { required: true, content: json(ApiRepaymentSchema, "input") },
          responses: {
            "201": { description: "Recorded", content: json(ApiRepaymentResultSchema) }, "400": error("Invalid body (field messages)"), ...common,
            "409": error("Loan not repayable, or reference already recorded"), "422": error("Idempotency key reused with another body"),
          },
        },
      },
      "/loans/{id}/claims": {
        post: {
          operationId: "fileClaim",
          summary: "File a claim on the loan's loss with a fund of its risk-sharing scheme (e.g. the Shanghai guarantee fund once the loan has been non-performing for 2 months) or its insurer; the amount is computed from the scheme and the platform's records",
          parameters: [idParam("id", "Loan id"), idempotency, lang],
          requestBody: { required: true, content: json(ApiClaimSchema, "input") },
          responses: {
            "201": { description: "Filed", content: json(ApiClaimResultSchema) }, "400": error("Invalid body, or a payer this loan cannot claim on (field messages)"), ...common,
            "409": error("Not yet claimable (trigger), already claimed, not combinable, or nothing to claim"), "422": error("Idempotency key reused with another body"),
          },
        },
      },
      ...webhookPaths({ json, error, idParam, idempotency, lang, common }),
    },
    webhooks: webhookEvents({ json }),
  };
}
