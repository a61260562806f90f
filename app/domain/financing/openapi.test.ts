import { validate } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import { ApiRepaymentSchema } from "./api";
import { openApiDocument } from "./openapi";

describe("bank API OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const doc = openApiDocument();
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, JSON.stringify((result as { errors?: unknown }).errors ?? null)).toBe(true);
    expect(doc.openapi).toBe("3.1.0");
  });

  it("describes the request bodies the endpoints validate with", () => {
    const body = openApiDocument().paths["/loans/{id}/repayments"].post.requestBody.content["application/json"].schema as { required?: string[] };
    expect(body.required).toEqual(expect.arrayContaining(["amountFen", "paidOn"]));
    expect(ApiRepaymentSchema.safeParse({ amountFen: 100, paidOn: "2026-01-01" }).success).toBe(true);
    expect(ApiRepaymentSchema.safeParse({ amountFen: -1, paidOn: "2026-01-01" }).success).toBe(false);
  });
});
