import { describe, expect, it } from "vitest";
import { transition, TransitionError } from "../state-machine";
import { claimLifecycle, policyLifecycle, receivablePledgeLifecycle, subsidyApplicationLifecycle } from "./lifecycles";
import { applyReceipt, isFullyPaid, lateInstalments, outstandingReceivable, receivableCap, receivableSchedule, registryFiling } from "./receivables";

const plan = { count: 8, intervalMonths: 3, amountFen: 5_000_000n, firstDueOn: "2026-03-31" };

describe("royalty receivables", () => {
  it("schedule a fixed fee every three months, month ends clamped", () => {
    const s = receivableSchedule(plan);
    expect(s.map((i) => i.dueOn)).toEqual(["2026-03-31", "2026-06-30", "2026-09-30", "2026-12-31", "2027-03-31", "2027-06-30", "2027-09-30", "2027-12-31"]);
    expect(s.reduce((a, i) => a + i.amountFen, 0n)).toBe(40_000_000n);
    expect(() => receivableSchedule({ ...plan, count: 0 })).toThrow(RangeError);
  });

  it("apply a receipt to the oldest open instalments and keep what would overpay", () => {
    const s = receivableSchedule(plan).map((i) => ({ ...i, paidFen: 0n }));
    const r = applyReceipt(s, 7_500_000n);
    expect(r.parts).toEqual([{ seq: 1, amountFen: 5_000_000n }, { seq: 2, amountFen: 2_500_000n }]);
    expect(outstandingReceivable(r.instalments)).toBe(32_500_000n);
    const all = applyReceipt(r.instalments, 40_000_000n);
    expect(all.unappliedFen).toBe(7_500_000n);
    expect(isFullyPaid(all.instalments)).toBe(true);
  });

  it("call an instalment late the day after its due date (plus grace), never a paid one", () => {
    const s = receivableSchedule(plan).map((i) => ({ ...i, paidFen: i.seq === 1 ? 5_000_000n : 0n }));
    expect(lateInstalments(s, "2026-06-30").map((i) => i.seq)).toEqual([]);
    expect(lateInstalments(s, "2026-07-01").map((i) => i.seq)).toEqual([2]);
    expect(lateInstalments(s, "2026-07-01", 5).map((i) => i.seq)).toEqual([]);
  });

  it("cap a loan against receivables at the product's rate, rounded down", () => {
    expect(receivableCap(32_500_001n, 6000)).toBe(19_500_000n);
  });

  it("prepare the unified registry's filing with a term covering both the debt and the receivable", () => {
    const s = receivableSchedule(plan).map((i) => ({ ...i, paidFen: i.seq === 1 ? 5_000_000n : 0n }));
    const f = registryFiling({
      pledgor: { name: "上海芯微半导体科技有限公司", uscc: "A" }, pledgee: { name: "申城银行", uscc: "B" }, debtor: { name: "被许可方", uscc: "C" },
      contractRef: "deal-1", contractTitle: "专利实施许可合同", loanAmountFen: 20_000_000n, loanTermMonths: 12, startOn: "2026-05-10", instalments: s,
    });
    expect(f.registrationType).toBe("应收账款质押");
    expect(f.collateral.outstandingFen).toBe("35000000");
    expect(f.collateral.schedule).toHaveLength(7);
    // The last instalment falls due 2027-12-31: 19 whole months after 2026-05-10, and a part of the 20th.
    expect(f.registrationTermMonths).toBe(20);
  });
});

describe("public-money lifecycles", () => {
  it("approve a subsidy application once, then pay it; nothing moves after payment", () => {
    expect(transition("s", subsidyApplicationLifecycle, "submitted", "approve")).toBe("approved");
    expect(transition("s", subsidyApplicationLifecycle, "approved", "pay")).toBe("paid");
    expect(() => transition("s", subsidyApplicationLifecycle, "approved", "approve")).toThrow(TransitionError);
    expect(() => transition("s", subsidyApplicationLifecycle, "paid", "reject")).toThrow(TransitionError);
  });

  it("pay or reject a claim only while it is filed", () => {
    expect(transition("c", claimLifecycle, "filed", "pay")).toBe("paid");
    expect(() => transition("c", claimLifecycle, "paid", "pay")).toThrow(TransitionError);
    expect(() => transition("c", claimLifecycle, "rejected", "pay")).toThrow(TransitionError);
  });

  it("issue a requested policy once; a declined one stays declined", () => {
    expect(transition("p", policyLifecycle, "requested", "issue")).toBe("active");
    expect(() => transition("p", policyLifecycle, "active", "issue")).toThrow(TransitionError);
    expect(() => transition("p", policyLifecycle, "declined", "issue")).toThrow(TransitionError);
    expect(transition("r", receivablePledgeLifecycle, "pending", "register")).toBe("active");
  });
});
