import { describe, expect, it } from "vitest";
import { transition } from "../state-machine";
import { packLifecycle, registriesOf, signatureEvent, type PackEvent, type PackStatus } from "./lifecycle";

const walk = (events: PackEvent[], from: PackStatus = "draft") => events.reduce((s, e) => transition("pack", packLifecycle, s, e), from);

describe("the registration pack's lifecycle", () => {
  it("goes draft → signed by one → by both → filed → correction → re-signed → recorded", () => {
    expect(walk(["sign", "countersign", "file", "requestCorrection", "sign", "countersign", "record"])).toBe("recorded");
  });

  it("cannot be filed before both parties signed, nor recorded before it is filed", () => {
    expect(() => walk(["sign", "file"])).toThrow(/file/);
    expect(() => walk(["sign", "countersign", "record"])).toThrow(/record/);
  });

  it("cannot be withdrawn once CNIPA has it", () => {
    expect(() => walk(["sign", "countersign", "file", "cancel"])).toThrow(/cancel/);
  });

  it("asks the second party to countersign and refuses a party signing twice", () => {
    expect(signatureEvent([], "pledgor")).toBe("sign");
    expect(signatureEvent(["pledgor"], "pledgee")).toBe("countersign");
    expect(signatureEvent(["pledgor"], "pledgor")).toBeNull();
  });
});

describe("the registers a pledge goes to (CNIPA registers patent and trademark pledges apart)", () => {
  it("is one pack per register: patents first, then trademarks; receivables alone take the patent form", () => {
    expect(registriesOf(["trademark", "invention", "design"])).toEqual(["patent", "trademark"]);
    expect(registriesOf(["utility_model", "invention"])).toEqual(["patent"]);
    expect(registriesOf(["trademark"])).toEqual(["trademark"]);
    expect(registriesOf([])).toEqual(["patent"]);
  });
});
