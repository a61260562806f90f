import { beforeAll, describe, expect, it } from "vitest";
import { DemandFormSchema, DemandListQuerySchema } from "#app/domain/forms/demands";
import { createDemand, moveDemand } from "#app/services/demands.server";
import { getDemandForEdit, listDemands } from "#app/services/demand-views.server";
import { createOrg, type TestOrg } from "#tests/support/factories";

/** What the /demands pages read: the filtered list and the edit form's demand. */
let poster: TestOrg, other: TestOrg, pending: TestOrg;
const form = (v: Record<string, string>) => DemandFormSchema.parse({ deadline: "2099-12-31", ...v });

beforeAll(async () => {
  poster = await createOrg();
  other = await createOrg();
  pending = await createOrg({ status: "pending" });
});

describe("demand pages", () => {
  it("list open demands by keyword and industry; a verified-only demand is not listed to an unverified organisation", async () => {
    const battery = await createDemand(poster.actor, form({ title: "固态电池电解质", problem: "需要高离子电导率", keywords: "电解质", industry: "advanced_materials" }), { publish: true });
    const robot = await createDemand(poster.actor, form({ title: "Robot gripper", problem: "A soft gripper for fruit", keywords: "gripper", industry: "high_end_equipment", visibility: "verified" }), { publish: true });
    const draft = await createDemand(poster.actor, form({ title: "草稿需求", problem: "未发布", keywords: "草稿" }));

    const all = await listDemands(other.actor);
    expect(all.open.map((d) => d.id)).toEqual(expect.arrayContaining([battery.id, robot.id]));
    expect(all.open.map((d) => d.id)).not.toContain(draft.id);
    expect((await listDemands(other.actor, { q: "电解质" })).open.map((d) => d.id)).toEqual([battery.id]);
    expect((await listDemands(other.actor, { q: "GRIPPER" })).open.map((d) => d.id)).toEqual([robot.id]);
    expect((await listDemands(other.actor, { industry: "advanced_materials", q: "gripper" })).open).toEqual([]);
    // A LIKE wildcard in the keyword is a literal character, not "anything".
    expect((await listDemands(other.actor, { q: "%" })).open).toEqual([]);
    expect((await listDemands(pending.actor)).open.map((d) => d.id)).not.toContain(robot.id);
    // The poster's own list has the draft; the others' open list is only others' demands.
    const mine = await listDemands(poster.actor);
    expect(mine.mine.map((d) => d.id)).toEqual(expect.arrayContaining([battery.id, robot.id, draft.id]));
    expect(mine.open.map((d) => d.id)).not.toContain(battery.id);
  });

  it("refuse a bad filter with the field's message key", () => {
    const r = DemandListQuerySchema.safeParse({ industry: "mining", q: "x".repeat(61) });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path[0], i.message]).sort()).toEqual([["industry", "errors.invalid"], ["q", "errors.tooLong"]]);
    expect(DemandListQuerySchema.parse({ industry: "", q: "" })).toEqual({});
  });

  it("open the edit form to the posting organisation only, and not once the demand is closed", async () => {
    const d = await createDemand(poster.actor, form({ title: "可编辑", problem: "内容", keywords: "编辑" }), { publish: true });
    expect(await getDemandForEdit(poster.actor, d.id)).toMatchObject({ id: d.id, keywords: ["编辑"] });
    await expect(getDemandForEdit(other.actor, d.id)).rejects.toMatchObject({ status: 403 });
    await expect(getDemandForEdit(other.actor, "not-a-uuid")).rejects.toMatchObject({ status: 404 });
    await moveDemand(poster.actor, d.id, "close");
    await expect(getDemandForEdit(poster.actor, d.id)).rejects.toMatchObject({ status: 409 });
  });
});
