import { describe, expect, it } from "vitest";
import { hasSessionCookie, isPublicPath } from "./http-cache.server";

describe("what may be cached publicly", () => {
  it("lists the market, a listing, the home page and the public listings API (with single fetch's .data)", () => {
    for (const p of ["/", "/_root.data", "/market", "/market.data", "/market/abc", "/market/abc.data", "/api/v1/listings", "/api/v1/listings/abc"]) {
      expect(isPublicPath(p), p).toBe(true);
    }
  });

  it("leaves out every other page, including ones below a public path", () => {
    for (const p of ["/dashboard", "/bank/applications", "/market/abc/edit", "/listings", "/api/v1/applications", "/marketing", "/admin"]) {
      expect(isPublicPath(p), p).toBe(false);
    }
  });

  it("tells a request with the session cookie from one with only the language cookie", () => {
    expect(hasSessionCookie("lang=ImVuIg%3D%3D; __ipm_session=abc.def")).toBe(true);
    expect(hasSessionCookie("lang=ImVuIg%3D%3D")).toBe(false);
    expect(hasSessionCookie("x__ipm_session=abc")).toBe(false);
    expect(hasSessionCookie(undefined)).toBe(false);
  });
});
