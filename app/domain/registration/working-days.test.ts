import { describe, expect, it } from "vitest";
import { addWorkingDays, decisionClock, isWorkingDay, knowsYear, withYears, workingDaysBetween, workingDaysLeft } from "./working-days";

describe("the Chinese working-day calendar", () => {
  it("knows the 2026 Spring Festival (15–23 February) and its make-up Saturdays (14 and 28 February)", () => {
    for (const d of ["2026-02-15", "2026-02-16", "2026-02-20", "2026-02-23"]) expect(isWorkingDay(d)).toBe(false);
    expect(isWorkingDay("2026-02-14")).toBe(true);
    expect(isWorkingDay("2026-02-28")).toBe(true);
    expect(isWorkingDay("2026-02-24")).toBe(true);
  });

  it("knows the 2026 National Day week (1–7 October) and the make-up days 20 September and 10 October", () => {
    for (const d of ["2026-10-01", "2026-10-05", "2026-10-07"]) expect(isWorkingDay(d)).toBe(false);
    expect(isWorkingDay("2026-09-20")).toBe(true);
    expect(isWorkingDay("2026-10-10")).toBe(true);
    expect(isWorkingDay("2026-09-25")).toBe(false);
  });

  it("counts the other 2026 holidays: New Year, Qingming, Labour Day (make-up 9 May) and Dragon Boat", () => {
    expect(isWorkingDay("2026-01-02")).toBe(false);
    expect(isWorkingDay("2026-01-04")).toBe(true);
    expect(isWorkingDay("2026-04-06")).toBe(false);
    expect(isWorkingDay("2026-05-05")).toBe(false);
    expect(isWorkingDay("2026-05-09")).toBe(true);
    expect(isWorkingDay("2026-06-19")).toBe(false);
  });

  it("treats plain weekends as rest days and weekdays as working days", () => {
    expect(isWorkingDay("2026-03-07")).toBe(false);
    expect(isWorkingDay("2026-03-09")).toBe(true);
  });
});

describe("the 3-working-day decision clock", () => {
  it("does not count the filing day: filed on a Friday, due the Wednesday after", () => {
    expect(addWorkingDays("2026-03-06", 3)).toBe("2026-03-11");
  });

  it("jumps the Spring Festival: filed 13 February 2026, due 25 February (the 14th is a make-up working day)", () => {
    expect(decisionClock("2026-02-13")).toEqual({ startedOn: "2026-02-13", dueOn: "2026-02-25", provisional: false });
  });

  it("runs across National Day: filed 30 September 2026, due on the make-up Saturday 10 October", () => {
    expect(addWorkingDays("2026-09-30", 3)).toBe("2026-10-10");
  });

  it("restarts from the day a correction completes", () => {
    const first = decisionClock("2026-04-01");
    const restarted = decisionClock("2026-04-08");
    expect(first.dueOn).toBe("2026-04-07");
    expect(restarted.dueOn).toBe("2026-04-13");
  });

  it("is provisional in a year the table does not know, and a configured year makes it firm", () => {
    expect(knowsYear("2027-01-04")).toBe(false);
    expect(decisionClock("2027-03-01").provisional).toBe(true);
    const cal = withYears({}, { 2027: { holidays: ["2027-03-02"], workdays: [] } });
    expect(decisionClock("2027-03-01", cal)).toEqual({ startedOn: "2027-03-01", dueOn: "2027-03-05", provisional: false });
  });

  it("counts working days left, and negative once overdue", () => {
    const clock = decisionClock("2026-03-06");
    expect(workingDaysLeft(clock, "2026-03-06")).toBe(3);
    expect(workingDaysLeft(clock, "2026-03-11")).toBe(0);
    expect(workingDaysLeft(clock, "2026-03-13")).toBe(-2);
    expect(workingDaysBetween("2026-02-13", "2026-02-25")).toBe(3);
  });
});
