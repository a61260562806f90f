import { describe, expect, it } from "vitest";
import { isCrossSiteWrite } from "./csrf.server";

describe("cross-site write guard", () => {
  const base = { host: "localhost:3000", protocol: "http" };
  it("refuses a POST whose Origin is another site", () => {
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: "https://evil.example" })).toBe(true);
  });
  it("allows a POST from our own origin", () => {
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: "http://localhost:3000" })).toBe(false);
  });
  it("refuses an opaque (null) origin and a cross-site fetch without Origin", () => {
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: "null" })).toBe(true);
    expect(isCrossSiteWrite({ ...base, method: "POST", secFetchSite: "cross-site" })).toBe(true);
  });
  it("never blocks reads", () => {
    expect(isCrossSiteWrite({ ...base, method: "GET", origin: "https://evil.example" })).toBe(false);
  });
  it("uses the configured public origin behind a proxy", () => {
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: "https://ip.example.cn", allowedOrigin: "https://ip.example.cn" })).toBe(false);
  });
});
