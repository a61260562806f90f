import { closeDb, getDb } from "./client.server";
import { hasAnyOrganization, seedDemo } from "./seed-data";

// `npm run seed`: demo data into DATABASE_URL (or the embedded database), once.
const db = await getDb();
if (await hasAnyOrganization(db)) {
  console.log("seed: the database already has organisations; nothing seeded");
} else {
  await seedDemo(db);
  console.log("seed: demo data written");
}
await closeDb();
