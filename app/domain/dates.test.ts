import { describe, expect, it } from "vitest";
import { addDays, addMonths, daysBetween, isIsoDate, monthsBetween, shanghaiDate, termLastDay, yearsBetween } from "./dates";

describe("calendar dates", () => {
  it("adds months on the same day, clamped to the month's last day", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2028-01-31", 1)).toBe("2028-02-29");
    expect(addMonths("2026-03-31", -1)).toBe("2026-02-28");
    expect(addMonths("2026-11-15", 14)).toBe("2028-01-15");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  });

  it("ends a term the day before its anniversary, or on the month's last day when the anniversary has no such day", () => {
    expect(termLastDay("2010-03-15", 20)).toBe("2030-03-14");
    expect(termLastDay("2020-03-01", 10)).toBe("2030-02-28");
    // Filed on 29 February: 2022 has no 29 February, so the term ends on 28 February (Civil Code art. 202).
    expect(termLastDay("2012-02-29", 10)).toBe("2022-02-28");
    expect(termLastDay("2012-02-29", 20)).toBe("2032-02-28");
  });

  it("counts whole months and years, complete on the same day of the month", () => {
    expect(monthsBetween("2017-07-21", "2027-07-21")).toBe(120);
    expect(monthsBetween("2017-07-21", "2027-07-20")).toBe(119);
    expect(yearsBetween("2016-02-29", "2017-02-28")).toBe(0);
    expect(yearsBetween("2016-01-01", "2026-06-01")).toBe(10);
    expect(daysBetween("2026-01-01", "2026-03-01")).toBe(59);
  });

  it("accepts only real dates, and reads an instant as a Shanghai date", () => {
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("2026-02-29")).toBe(false);
    expect(isIsoDate("2026-13-01")).toBe(false);
    expect(isIsoDate("2026-1-01")).toBe(false);
    expect(shanghaiDate(new Date("2026-11-30T16:30:00Z"))).toBe("2026-12-01");
  });
});
