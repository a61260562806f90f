import { describe, expect, it } from "vitest";
import { decide, type Actor } from "./index";

const user = (orgId: string, orgKind: "enterprise" | "bank" | "platform", role: "owner" | "member" = "member", orgStatus: "verified" | "pending" = "verified"): Actor =>
  ({ type: "user", userId: `u-${orgId}`, orgId, orgKind, orgStatus, role });
const key = (orgId: string): Actor => ({ type: "apiKey", keyId: `k-${orgId}`, orgId, orgKind: "bank", orgStatus: "verified" });
const app = { enterpriseOrgId: "ent", bankOrgIds: ["bankA"] };

describe("financing policy", () => {
  it("lets the applicant, the banks it was routed to (user or key) and admins see an application", () => {
    expect(decide(user("ent", "enterprise"), "financing.application.view", app)).toBe(true);
    expect(decide(user("bankA", "bank"), "financing.application.view", app)).toBe(true);
    expect(decide(key("bankA"), "financing.application.view", app)).toBe(true);
    expect(decide(user("admin", "platform"), "financing.application.view", app)).toBe(true);
  });

  it("hides an application (404) from another enterprise and from a bank it was not routed to", () => {
    expect(decide(user("other", "enterprise"), "financing.application.view", app)).toBe("not-found");
    expect(decide(user("bankB", "bank"), "financing.application.view", app)).toBe("not-found");
    expect(decide(key("bankB"), "financing.application.review", app)).toBe("not-found");
  });

  it("lets only the routed bank review, and only the applicant manage", () => {
    expect(decide(user("bankA", "bank"), "financing.application.review", app)).toBe(true);
    expect(decide(user("ent", "enterprise"), "financing.application.review", app)).toBe("forbidden");
    expect(decide(user("bankA", "bank"), "financing.application.manage", app)).toBe("forbidden");
    expect(decide(user("ent", "enterprise"), "financing.application.manage", app)).toBe(true);
  });

  it("refuses an unverified organisation", () => {
    expect(decide(user("ent", "enterprise", "owner", "pending"), "financing.application.create")).toBe("forbidden");
    expect(decide(user("bankA", "bank", "owner", "pending"), "financing.application.review", app)).toBe("not-found");
  });

  it("lets the pledgee bank or an admin record a registration, and only the lending bank manage the loan", () => {
    const loan = { enterpriseOrgId: "ent", bankOrgId: "bankA" };
    expect(decide(user("bankA", "bank"), "financing.registration.record", loan)).toBe(true);
    expect(decide(user("admin", "platform"), "financing.registration.record", loan)).toBe(true);
    expect(decide(user("ent", "enterprise"), "financing.registration.record", loan)).toBe("forbidden");
    expect(decide(key("bankA"), "financing.loan.manage", loan)).toBe(true);
    expect(decide(key("bankB"), "financing.loan.manage", loan)).toBe("not-found");
    expect(decide(user("admin", "platform"), "financing.loan.manage", loan)).toBe("forbidden");
  });

  it("lets banks manage only their own products, and not through an API key", () => {
    expect(decide(user("bankA", "bank"), "financing.product.manage", { bankOrgId: "bankA" })).toBe(true);
    expect(decide(user("bankB", "bank"), "financing.product.manage", { bankOrgId: "bankA" })).toBe("not-found");
    expect(decide(key("bankA"), "financing.product.manage", { bankOrgId: "bankA" })).toBe("forbidden");
  });
});
