import { asc } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { parks } from "#db/schema/index";

/** Parks are public reference data (shown on sign-up and in the market's filters). */
export async function listParks() {
  const db = await getDb();
  return db.select({ id: parks.id, code: parks.code, nameZh: parks.nameZh, nameEn: parks.nameEn, district: parks.district }).from(parks).orderBy(asc(parks.code));
}
