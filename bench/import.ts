/**
 * Bulk import of assets from XLSX: preview (parse, validate every row against the asset form, check
 * numbers already registered) and confirm (all valid rows in one transaction), for 5,000 and 10,000
 * rows (the file limit). Runs against PostgreSQL in a database of its own (dropped at the end):
 *   npx tsx bench/import.ts [iterations]          (uses scripts/services.sh's PostgreSQL)
 */
import { performance } from "node:perf_hooks";
import { benchDatabase } from "./support";
import { patentCheckCharacter } from "../app/domain/patent-number";

const ITER = Number(process.argv[2] ?? 3);

const database = await benchDatabase("ipm_bench_import");

/** An XLSX file of `rows` invention patents with valid, fresh numbers (serials from `base`). */
async function workbook(rows: number, base: number) {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("资产");
  ws.addRow(["类型", "号码", "名称", "英文名称", "摘要", "申请日", "授权日", "法律状态", "年费缴至", "IPC分类", "行业", "海外同族数"]);
  for (let i = 0; i < rows; i++) {
    const digits = `20161${String(base + i).padStart(7, "0")}`;
    ws.addRow(["发明", `ZL${digits}.${patentCheckCharacter(digits)}`, `一种批量导入的锂电池正极材料及其制备方法${i}`, `Cathode material for lithium batteries ${i}`,
      "本发明公开了一种锂电池正极材料，提高了循环寿命。", new Date(Date.UTC(2016, i % 12, 1 + (i % 28))), new Date(Date.UTC(2019, 5, 1)), "有效", "2027-02-28", "H01M 4/525", "先进材料", i % 3]);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

try {
  const { getDb, closeDb } = await import("../db/client.server");
  const { sql } = await import("drizzle-orm");
  const { previewImport, confirmImport } = await import("../app/services/asset-import.server");
  const db = await getDb(); // migrates
  const [org] = await db.execute<{ id: string }>(sql`insert into organizations (kind, name, uscc, status, verified_at)
    values ('university', '基准大学', 'BENCHUNIV00000001X', 'verified', now()) returning id`);
  const [user] = await db.execute<{ id: string }>(sql`insert into users (email, name, password_hash) values ('bench@import', '基准', 'x') returning id`);
  await db.execute(sql`insert into memberships (user_id, org_id, role) values (${user!.id}, ${org!.id}, 'owner')`);
  const actor = { type: "user" as const, userId: user!.id, orgId: org!.id, orgKind: "university" as const, orgStatus: "verified" as const, role: "owner" as const, ip: "127.0.0.1" };
  let base = 1_000_000;
  for (const rows of [5_000, 10_000]) {
    const preview: number[] = [];
    const confirm: number[] = [];
    for (let i = 0; i < ITER; i++) {
      const bytes = await workbook(rows, base);
      base += rows;
      const t0 = performance.now();
      const p = await previewImport(actor, { name: `${rows}.xlsx`, bytes });
      const t1 = performance.now();
      const r = await confirmImport(actor, p.id);
      const t2 = performance.now();
      if (p.validCount !== rows || r.imported !== rows) throw new Error(`imported ${r.imported} of ${rows} (valid ${p.validCount})`);
      preview.push(t1 - t0);
      confirm.push(t2 - t1);
    }
    const range = (xs: number[]) => `${(Math.min(...xs) / 1000).toFixed(2)}–${(Math.max(...xs) / 1000).toFixed(2)} s`;
    console.log(`${rows.toLocaleString("en")} XLSX rows (${ITER} runs): preview ${range(preview)}, confirm ${range(confirm)}`);
  }
  await closeDb();
} finally {
  await database.drop();
}
