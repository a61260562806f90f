import { describe, expect, it } from "vitest";
import { canRenew, renewalAlert, renewalWindow } from "./renewal";
import { expiryDate } from "./market/assets";

describe("trademark renewal alerts", () => {
  // Registered 2017-06-07: protected through 2027-06-06; renewal from 2026-06-07, grace until 2027-12-06.
  const tm = { id: "t1", number: "21234567", kind: "trademark", expiryDate: "2027-06-06" };

  it("says nothing before the renewal window opens, then that it is open", () => {
    expect(renewalAlert(tm, "2026-06-06", 30)).toBeNull();
    expect(renewalAlert(tm, "2026-06-07", 30)).toMatchObject({ kind: "renewalOpen", key: "renewal-open:t1:2027-06-06", params: { windowOpens: "2026-06-07" } });
  });

  it("warns again when expiry is near, then in the grace period, then once it is over", () => {
    expect(renewalAlert(tm, "2027-05-06", 30)!.kind).toBe("renewalOpen");
    expect(renewalAlert(tm, "2027-05-07", 30)!.kind).toBe("renewalDue");
    expect(renewalAlert(tm, "2027-06-06", 30)!.kind).toBe("renewalDue");
    expect(renewalAlert(tm, "2027-06-07", 30)).toMatchObject({ kind: "renewalGrace", params: { graceEnds: "2027-12-06" } });
    expect(renewalAlert(tm, "2027-12-06", 30)!.kind).toBe("renewalGrace");
    expect(renewalAlert(tm, "2027-12-07", 30)!.kind).toBe("renewalLapsed");
  });

  it("keys each phase once per expiry date, so a renewed registration alerts afresh", () => {
    expect(renewalAlert(tm, "2026-07-01", 30)!.key).toBe(renewalAlert(tm, "2026-12-01", 30)!.key);
    const renewed = { ...tm, expiryDate: "2037-06-06" };
    expect(renewalAlert(renewed, "2036-07-01", 30)!.key).not.toBe(renewalAlert(tm, "2026-07-01", 30)!.key);
  });

  it("is for trademarks only", () => {
    expect(renewalAlert({ ...tm, kind: "invention" }, "2027-06-07", 30)).toBeNull();
  });
});

describe("renewing a trademark", () => {
  it("is possible from 12 months before expiry to the end of the 6-month grace period", () => {
    const tm = { kind: "trademark", expiryDate: "2027-06-06" };
    expect(renewalWindow(tm.expiryDate)).toEqual({ opens: "2026-06-07", graceEnds: "2027-12-06" });
    expect(canRenew(tm, "2026-06-06")).toBe(false);
    expect(canRenew(tm, "2026-06-07")).toBe(true);
    expect(canRenew(tm, "2027-12-06")).toBe(true);
    expect(canRenew(tm, "2027-12-07")).toBe(false);
    expect(canRenew({ ...tm, kind: "invention" }, "2027-01-01")).toBe(false);
  });

  it("adds 10 years to the registration with each renewal", () => {
    const tm = { kind: "trademark" as const, filingDate: "2015-03-01", registrationDate: "2017-06-07" };
    expect(expiryDate(tm)).toBe("2027-06-06");
    expect(expiryDate({ ...tm, renewals: 1 })).toBe("2037-06-06");
    expect(expiryDate({ ...tm, renewals: 2 })).toBe("2047-06-06");
    // Patents are not renewed.
    expect(expiryDate({ kind: "invention", filingDate: "2017-06-07", renewals: 1 })).toBe("2037-06-06");
  });
});
