import { describe, expect, it } from "vitest";
import { applicationNumber, applicationNumberPrefix } from "./application-number";

describe("application numbers", () => {
  it("quotes ZY- and the id's first 8 hex digits in capitals", () => {
    expect(applicationNumber("3f2a9c1b-0d4e-4c1a-9b7e-1234567890ab")).toBe("ZY-3F2A9C1B");
  });
  it("reads back what a user types, with or without the prefix, spaces or case", () => {
    expect(applicationNumberPrefix("zy-3f2a9c1b")).toBe("3f2a9c1b");
    expect(applicationNumberPrefix(" 3F2A 9C1B ")).toBe("3f2a9c1b");
    expect(applicationNumberPrefix("ZY3F2A")).toBe("3f2a");
  });
  it("refuses text that is not a number (a company name goes to the name search)", () => {
    expect(applicationNumberPrefix("芯微半导体")).toBeNull();
    expect(applicationNumberPrefix("zy-12")).toBeNull();
  });
});
