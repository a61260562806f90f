import { describe, expect, it } from "vitest";
import type { UserActor } from "./types";
import { canViewListing, marketRules } from "./market";

const actor = (orgId: string, orgKind: UserActor["orgKind"] = "enterprise", orgStatus: UserActor["orgStatus"] = "verified"): UserActor => ({
  type: "user", userId: `u-${orgId}`, orgId, orgKind, orgStatus, role: "owner",
});
const admin = actor("platform", "platform");
const listing = (status: string, over: Partial<{ sellerOrgId: string; disposingOrgId: string | null }> = {}) => ({ status, sellerOrgId: "seller", disposingOrgId: null, ...over });

describe("market policy", () => {
  it("shows anonymous visitors published listings only", () => {
    expect(canViewListing(null, listing("published"))).toBe(true);
    for (const s of ["draft", "pending_review", "paused", "rejected", "closed"]) expect(canViewListing(null, listing(s))).toBe(false);
  });

  it("hides another organisation's unpublished listing, asset and deal (404, not 403)", () => {
    const other = actor("other");
    expect(marketRules["listing.view"](other, listing("draft"))).toBe("not-found");
    expect(marketRules["listing.manage"](other, listing("published"))).toBe("not-found");
    expect(marketRules["asset.view"](other, { ownerOrgId: "seller" })).toBe("not-found");
    expect(marketRules["deal.view"](other, { buyerOrgId: "b", sellerOrgId: "s" })).toBe("not-found");
  });

  it("lets admins see everything but not act for an organisation", () => {
    expect(marketRules["listing.view"](admin, listing("draft"))).toBe(true);
    expect(marketRules["deal.view"](admin, { buyerOrgId: "b", sellerOrgId: "s" })).toBe(true);
    expect(marketRules["deal.act"](admin, { buyerOrgId: "b", sellerOrgId: "s" })).toBe("forbidden");
    expect(marketRules["listing.review"](admin, undefined as never)).toBe(true);
    expect(marketRules["listing.review"](actor("seller"), undefined as never)).toBe("forbidden");
  });

  it("lets the disposing bank, not the owner, manage a disposal listing", () => {
    const l = listing("published", { disposingOrgId: "bank" });
    expect(marketRules["listing.manage"](actor("bank", "bank"), l)).toBe(true);
    expect(marketRules["listing.manage"](actor("seller"), l)).toBe("not-found");
    expect(marketRules["listing.view"](actor("seller"), listing("draft", { disposingOrgId: "bank" }))).toBe(true);
  });

  it("lets verified enterprises and universities buy, but not from themselves, and not banks or pending organisations", () => {
    expect(marketRules["deal.offer"](actor("buyer"), listing("published"))).toBe(true);
    expect(marketRules["deal.offer"](actor("u", "university"), listing("published"))).toBe(true);
    expect(marketRules["deal.offer"](actor("seller"), listing("published"))).toBe("forbidden");
    expect(marketRules["deal.offer"](actor("bank", "bank"), listing("published"))).toBe("forbidden");
    expect(marketRules["deal.offer"](actor("p", "enterprise", "pending"), listing("published"))).toBe("forbidden");
    expect(marketRules["deal.offer"](actor("buyer"), listing("draft"))).toBe("not-found");
  });
});
