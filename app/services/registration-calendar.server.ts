import fs from "node:fs";
import { z } from "zod";
import { CN_CALENDAR, withYears, type WorkingDayCalendar } from "#app/domain/registration/working-days";
import { isIsoDate } from "#app/domain/dates";
import { env } from "#app/utils/env.server";

const IsoDateSchema = z.string().refine(isIsoDate);
const FileSchema = z.record(z.string().regex(/^\d{4}$/), z.object({ holidays: z.array(IsoDateSchema), workdays: z.array(IsoDateSchema).default([]) }));

let cached: WorkingDayCalendar | undefined;

/** The built-in calendar, plus the years WORKDAY_CALENDAR_FILE adds (read once; a bad file stops start-up loudly). */
export function workingDayCalendar(): WorkingDayCalendar {
  if (cached) return cached;
  if (!env.WORKDAY_CALENDAR_FILE) return (cached = CN_CALENDAR);
  const parsed = FileSchema.parse(JSON.parse(fs.readFileSync(env.WORKDAY_CALENDAR_FILE, "utf8")));
  const extra: Record<number, { holidays: string[]; workdays: string[] }> = {};
  for (const [year, y] of Object.entries(parsed)) extra[Number(year)] = y;
  return (cached = withYears(CN_CALENDAR, extra));
}
