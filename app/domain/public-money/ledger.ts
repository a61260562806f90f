import type { IsoDate } from "../dates";
import type { InstalmentState } from "../financing/schedule";

/**
 * One loan's ledger: what the borrower owes (principal paid out, interest as it falls due, less
 * repayments and recoveries), what third parties carry (claims paid by funds and insurers, less what
 * recoveries returned to them), and the bank's exposure (the difference). Derived from the records,
 * never stored, so it cannot drift from them; `reconcile` proves every total to the 分.
 */
export const LEDGER_KINDS = ["disbursement", "interest_due", "repayment", "recovery", "claim_paid", "claim_returned"] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export type LedgerInput = {
  principalFen: bigint;
  disbursedOn: IsoDate;
  instalments: readonly InstalmentState[];
  repayments: ReadonlyArray<{ id: string; paidOn: IsoDate; amountFen: bigint; allocation: ReadonlyArray<{ principalFen: bigint; interestFen: bigint }> }>;
  claims: ReadonlyArray<{ id: string; party: string; paidOn: IsoDate | null; paidFen: bigint | null }>;
  recoveries: ReadonlyArray<{ id: string; receivedOn: IsoDate; amountFen: bigint; returns: ReadonlyArray<{ claimId: string; amountFen: bigint }> }>;
  asOf: IsoDate;
};

export type LedgerLine = {
  date: IsoDate;
  kind: LedgerKind;
  ref: string;
  party: string | null;
  principalFen: bigint;
  interestFen: bigint;
  amountFen: bigint;
  owedFen: bigint;
  coveredFen: bigint;
  exposureFen: bigint;
};

const ORDER: Record<LedgerKind, number> = { disbursement: 0, interest_due: 1, repayment: 2, recovery: 3, claim_paid: 4, claim_returned: 5 };

export function buildLedger(input: LedgerInput): LedgerLine[] {
  type Raw = Omit<LedgerLine, "owedFen" | "coveredFen" | "exposureFen"> & { owes: bigint; covers: bigint };
  const raw: Raw[] = [{ date: input.disbursedOn, kind: "disbursement", ref: "", party: null, principalFen: input.principalFen, interestFen: 0n, amountFen: input.principalFen, owes: input.principalFen, covers: 0n }];
  for (const i of input.instalments) {
    if (i.dueDate > input.asOf || i.interestFen === 0n) continue;
    raw.push({ date: i.dueDate, kind: "interest_due", ref: String(i.seq), party: null, principalFen: 0n, interestFen: i.interestFen, amountFen: i.interestFen, owes: i.interestFen, covers: 0n });
  }
  for (const r of input.repayments) {
    const p = r.allocation.reduce((a, x) => a + x.principalFen, 0n);
    const n = r.allocation.reduce((a, x) => a + x.interestFen, 0n);
    raw.push({ date: r.paidOn, kind: "repayment", ref: r.id, party: null, principalFen: -p, interestFen: -n, amountFen: -r.amountFen, owes: -r.amountFen, covers: 0n });
  }
  const partyOf = new Map(input.claims.map((c) => [c.id, c.party]));
  for (const c of input.claims) {
    if (!c.paidOn || !c.paidFen) continue;
    raw.push({ date: c.paidOn, kind: "claim_paid", ref: c.id, party: c.party, principalFen: 0n, interestFen: 0n, amountFen: c.paidFen, owes: 0n, covers: c.paidFen });
  }
  for (const r of input.recoveries) {
    raw.push({ date: r.receivedOn, kind: "recovery", ref: r.id, party: null, principalFen: 0n, interestFen: 0n, amountFen: -r.amountFen, owes: -r.amountFen, covers: 0n });
    for (const x of r.returns) {
      if (x.amountFen === 0n) continue;
      raw.push({ date: r.receivedOn, kind: "claim_returned", ref: x.claimId, party: partyOf.get(x.claimId) ?? null, principalFen: 0n, interestFen: 0n, amountFen: -x.amountFen, owes: 0n, covers: -x.amountFen });
    }
  }
  raw.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : ORDER[a.kind] - ORDER[b.kind]));
  let owed = 0n;
  let covered = 0n;
  return raw.map(({ owes, covers, ...line }) => {
    owed += owes;
    covered += covers;
    return { ...line, owedFen: owed, coveredFen: covered, exposureFen: owed - covered };
  });
}

/**
 * Every identity the ledger must satisfy: repayments allocate exactly what they paid; the principal
 * and interest they cleared are what the schedule shows paid; the borrower's balance is the schedule's
 * unpaid principal plus the interest fallen due, less recoveries; no payer got back more than it paid.
 */
export function reconcile(input: LedgerInput, lines: readonly LedgerLine[] = buildLedger(input)) {
  const sum = (xs: Iterable<bigint>) => [...xs].reduce((a, b) => a + b, 0n);
  const failures: string[] = [];
  for (const r of input.repayments) {
    if (sum(r.allocation.map((a) => a.principalFen + a.interestFen)) !== r.amountFen) failures.push(`repayment ${r.id} allocation`);
  }
  const paidPrincipal = sum(input.instalments.map((i) => i.paidPrincipalFen));
  const paidInterest = sum(input.instalments.map((i) => i.paidInterestFen));
  if (sum(input.repayments.flatMap((r) => r.allocation.map((a) => a.principalFen))) !== paidPrincipal) failures.push("principal repaid");
  if (sum(input.repayments.flatMap((r) => r.allocation.map((a) => a.interestFen))) !== paidInterest) failures.push("interest repaid");
  if (sum(input.instalments.map((i) => i.principalFen)) !== input.principalFen) failures.push("schedule principal");
  const interestDue = sum(input.instalments.filter((i) => i.dueDate <= input.asOf).map((i) => i.interestFen));
  const recovered = sum(input.recoveries.map((r) => r.amountFen));
  const expectedOwed = input.principalFen - paidPrincipal + interestDue - paidInterest - recovered;
  const last = lines[lines.length - 1];
  if ((last?.owedFen ?? 0n) !== expectedOwed) failures.push("borrower balance");
  const paidClaims = sum(input.claims.map((c) => (c.paidOn ? (c.paidFen ?? 0n) : 0n)));
  const returned = sum(input.recoveries.flatMap((r) => r.returns.map((x) => x.amountFen)));
  if ((last?.coveredFen ?? 0n) !== paidClaims - returned) failures.push("third-party balance");
  for (const c of input.claims) {
    const back = sum(input.recoveries.flatMap((r) => r.returns.filter((x) => x.claimId === c.id).map((x) => x.amountFen)));
    if (back > (c.paidFen ?? 0n)) failures.push(`claim ${c.id} over-returned`);
  }
  return { ok: failures.length === 0, failures, owedFen: expectedOwed, coveredFen: paidClaims - returned, exposureFen: expectedOwed - (paidClaims - returned) };
}
