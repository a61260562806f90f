import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LOAN_STATUSES } from "#app/domain/financing/lifecycle";
import { FUND_MODELS, LOSS_BASES } from "#app/domain/public-money/claims";
import { INSURANCE_KINDS } from "#app/domain/public-money/insurance";
import { LEDGER_KINDS } from "#app/domain/public-money/ledger";
import {
  CLAIM_STATUSES, POLICY_STATUSES, PROGRAMME_STATUSES, RECEIVABLE_PLEDGE_STATUSES, RECEIVABLE_STATUSES, SUBSIDY_APPLICATION_STATUSES,
} from "#app/domain/public-money/lifecycles";
import { SUBSIDY_BASES, SUBSIDY_CONDITIONS, SUBSIDY_DOCUMENTS, SUBSIDY_KINDS } from "#app/domain/public-money/subsidy";
import { ORG_KINDS } from "#app/domain/organization";
import { rules } from "#app/domain/policy/index";
import { DOMAIN_EVENT_TYPES } from "#app/services/domain-events.server";
import { dictionaries } from "../index";

const root = path.resolve(__dirname, "../../..");
const PREFIX = /"((?:subsidy|fund|insurance|insurer|royalty|ledger|publicMoney|orgKind)\.[A-Za-z0-9_./]+)"/g;
const dirs = ["app/routes", "app/services", "app/components", "app/domain/public-money", "app/domain/forms", "jobs/processors"];
const files = dirs.flatMap((d) => fs.readdirSync(path.join(root, d)).filter((f) => /\.(ts|tsx)$/.test(f) && !f.endsWith(".test.ts")).map((f) => path.join(root, d, f)));
const has = (k: string) => k in dictionaries["zh-CN"] && k in dictionaries.en;

describe("public-money dictionaries", () => {
  it("have every literal key the code uses, in Chinese and English", () => {
    const missing: string[] = [];
    for (const f of files) {
      const src = fs.readFileSync(f, "utf8");
      // Audit actions and domain event types are names, not messages.
      const audited = new Set([...src.split("\n").filter((l) => /action: |type: "/.test(l)).join("\n").matchAll(PREFIX)].map((m) => m[1]));
      for (const e of DOMAIN_EVENT_TYPES) audited.add(e);
      for (const m of src.matchAll(PREFIX)) {
        const key = m[1]!;
        if (key in rules || audited.has(key)) continue; // a policy action or an audit action, not a message
        if (!has(key)) missing.push(`${path.relative(root, f)}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("label every status, kind, condition and reason the pages build keys from", () => {
    const keys = [
      ...SUBSIDY_APPLICATION_STATUSES.map((s) => `publicMoney.status.subsidy.${s}`), ...CLAIM_STATUSES.map((s) => `publicMoney.status.claim.${s}`),
      ...POLICY_STATUSES.map((s) => `publicMoney.status.policy.${s}`), ...RECEIVABLE_STATUSES.map((s) => `publicMoney.status.receivable.${s}`),
      ...RECEIVABLE_PLEDGE_STATUSES.map((s) => `publicMoney.status.pledge.${s}`), ...PROGRAMME_STATUSES.map((s) => `publicMoney.status.programme.${s}`),
      ...SUBSIDY_KINDS.map((k) => `subsidy.kind.${k}`), ...SUBSIDY_BASES.map((k) => `subsidy.basis.${k}`), ...SUBSIDY_CONDITIONS.map((k) => `subsidy.condition.${k}`),
      ...SUBSIDY_DOCUMENTS.map((k) => `subsidy.document.${k}`), ...FUND_MODELS.map((k) => `fund.model.${k}`), ...LOSS_BASES.map((k) => `fund.covers.${k}`),
      ...INSURANCE_KINDS.map((k) => `insurance.kind.${k}`), ...LEDGER_KINDS.map((k) => `ledger.kind.${k}`), ...ORG_KINDS.map((k) => `orgKind.${k}`),
      ...["notOverdue", "tooEarly", "notDefaulted", "notLive"].map((r) => `fund.errors.trigger.${r}`),
      ...["apply", "withdraw", "recordFee"].map((i) => `subsidy.done.${i}`), ...["approve", "reject", "pay"].map((i) => `subsidy.notice.${i}`),
      ...["open", "close", "reopen", "approve", "reject", "pay"].map((i) => `subsidy.admin.done.${i}`),
      ...["claimFund", "claimPolicy", "withdrawClaim", "recovery", "requestCover", "pay", "reject"].map((i) => `fund.done.${i}`),
      ...["create", "pause", "resume", "issue", "decline"].map((i) => `insurer.done.${i}`),
      ...["ui", "api"].map((c) => `fund.channel.${c}`), ...["fund", "insurer"].map((c) => `ledger.party.${c}`), ...["offline", "stripe"].map((c) => `royalty.channel.${c}`), ...["paid", "due", "late"].map((s) => `royalty.state.${s}`),
      ...["bank", "park"].flatMap((d) => [`fund.by.${d}`, `fund.dim.${d}`]), ...["active", "paused"].map((s) => `insurer.productStatus.${s}`),
      ...["none", "ok", "notAccepted"].map((v) => `financing.match.receivables.${v}`), "financing.matchRule.receivables",
      ...LOAN_STATUSES.map((s) => `financing.status.${s}`),
    ];
    expect(keys.filter((k) => !has(k))).toEqual([]);
  });
});
