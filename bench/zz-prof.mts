const root = process.argv[2]!;
const { closeDb } = await import(`${root}/db/client.server.ts`);
const { campaignApplicationXlsx } = await import(`${root}/app/services/exports.server.ts`);
const postgres = (await import("postgres")).default;
const raw = postgres(process.env.DATABASE_URL!, { max: 1 });
const [{ id }] = await raw`select id from campaigns where name = '基准活动'`;
await raw.end();
for (let i = 0; i < 3; i++) {
  const s = performance.now();
  const f = await campaignApplicationXlsx(id, Array.from({ length: 15 }, (_, i) => `h${i}`), "zh-CN", "s");
  const reader = f!().getReader();
  let n = 0;
  for (;;) { const r = await reader.read(); if (r.done) break; n += r.value.byteLength; }
  console.log(`xlsx ${((performance.now() - s) / 1000).toFixed(2)} s, ${n} bytes`);
}
await closeDb();
process.exit(0);
