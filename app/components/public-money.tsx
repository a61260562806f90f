import { Field, StatusBadge, Table } from "#app/components/ui";
import { translateStored } from "#app/i18n/index";
import { formatDate, formatFen, useLocale, useT } from "#app/i18n/react";

/** Pieces of the public-money pages: status badges with their own labels, the loan ledger, assessment lines, receivable schedules. */

const TONE: Record<string, string> = {
  submitted: "submitted", approved: "approved", paid: "paid", rejected: "rejected", withdrawn: "withdrawn", filed: "submitted",
  requested: "pending", active: "active", declined: "declined", expired: "expired", cancelled: "cancelled", settled: "settled",
  pending: "pending", released: "closed", open: "active", closed: "closed", draft: "draft",
};

/** A status of a public-money lifecycle (`kind`: subsidy, claim, policy, receivable, pledge, programme). */
export function MoneyStatus({ kind, status }: { kind: "subsidy" | "claim" | "policy" | "receivable" | "pledge" | "programme"; status: string }) {
  const t = useT();
  return <StatusBadge status={TONE[status] ?? "neutral"} label={translateStored(t, `publicMoney.status.${kind}.${status}`)} />;
}

export type LedgerLineView = { date: string; kind: string; ref: string; party: string | null; principalFen: string | bigint; interestFen: string | bigint; amountFen: string | bigint; owedFen: string | bigint; coveredFen: string | bigint; exposureFen: string | bigint };

export function LedgerTable({ lines, reconciled }: { lines: LedgerLineView[]; reconciled: boolean | null }) {
  const t = useT();
  const locale = useLocale();
  return (
    <div className="stack" data-testid="ledger">
      <Table caption={t("ledger.title")} head={[t("ledger.date"), t("ledger.kind"), t("ledger.amount"), t("ledger.owed"), t("ledger.covered"), t("ledger.exposure")]}>
        {lines.map((l, i) => (
          <tr key={i} data-kind={l.kind}>
            <td>{formatDate(l.date, locale)}</td>
            <td>{translateStored(t, `ledger.kind.${l.kind}`)}{l.party ? ` · ${translateStored(t, `ledger.party.${l.party}`)}` : ""}</td>
            <td className="num">{formatFen(l.amountFen, locale)}</td>
            <td className="num">{formatFen(l.owedFen, locale)}</td>
            <td className="num">{formatFen(l.coveredFen, locale)}</td>
            <td className="num">{formatFen(l.exposureFen, locale)}</td>
          </tr>
        ))}
      </Table>
      {reconciled === null ? null : (
        <p className="small" role="status" data-testid="ledger-reconciled">{t(reconciled ? "ledger.reconciled" : "ledger.notReconciled")}</p>
      )}
    </div>
  );
}

export type AssessmentLineView = { ref: string; label?: string; source: string; failed: string[]; basisFen: string | bigint; countedFen: string | bigint; shareBp: number; amountFen: string | bigint };

export function AssessmentTable({ lines, kind }: { lines: AssessmentLineView[]; kind: string }) {
  const t = useT();
  const locale = useLocale();
  if (!lines.length) return <p className="muted small">{t("subsidy.noRecords")}</p>;
  return (
    <Table caption={t("subsidy.lines")} head={[t(kind === "interest" ? "subsidy.line.loan" : "subsidy.line.fee"), t(kind === "interest" ? "subsidy.line.interestPaid" : "subsidy.line.feePaid"), t("subsidy.line.counted"), t("subsidy.line.share"), t("subsidy.line.amount")]}>
      {lines.map((l) => (
        <tr key={l.ref}>
          <td>
            <span className="mono">{l.label ?? l.ref.slice(0, 8)}</span>
            {l.failed.length ? <div className="field-error small">{l.failed.map((c) => translateStored(t, `subsidy.condition.${c}`)).join("；")}</div> : null}
          </td>
          <td className="num">{formatFen(l.basisFen, locale)}</td>
          <td className="num">{formatFen(l.countedFen, locale)}</td>
          <td className="num">{(l.shareBp / 100).toFixed(2)}%</td>
          <td className="num">{formatFen(l.amountFen, locale)}</td>
        </tr>
      ))}
    </Table>
  );
}

export function InstalmentTable({ rows, asOf }: { rows: Array<{ seq: number; dueOn: string; amountFen: string | bigint; paidFen: string | bigint }>; asOf: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <Table caption={t("royalty.schedule")} head={[t("royalty.seq"), t("royalty.dueOn"), t("royalty.amount"), t("royalty.paid"), t("royalty.state")]}>
      {rows.map((r) => {
        const open = BigInt(r.amountFen) > BigInt(r.paidFen);
        const state = !open ? "paid" : r.dueOn < asOf ? "late" : "due";
        return (
          <tr key={r.seq} data-state={state}>
            <td>{r.seq}</td><td>{formatDate(r.dueOn, locale)}</td><td className="num">{formatFen(r.amountFen, locale)}</td><td className="num">{formatFen(r.paidFen, locale)}</td>
            <td><StatusBadge status={state === "paid" ? "paid" : state === "late" ? "overdue" : "pending"} label={t(`royalty.state.${state}`)} /></td>
          </tr>
        );
      })}
    </Table>
  );
}

/** Basis points as a percentage for tables: 8000 → "80.00%". */
export const bpText = (bp: number | null | undefined) => (bp == null ? "—" : `${(bp / 100).toFixed(2)}%`);

export type ApplicationReceivableView = { id: string; title: string; licensee: string; outstandingFen: string | bigint; pledgeStatus: string | null; registryNumber: string | null };

/** The licence royalties pledged in an application (its pages for the enterprise and its banks). */
export function ReceivablesTable({ rows }: { rows: ApplicationReceivableView[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <Table caption={t("royalty.inApplication")} head={[t("royalty.licence"), t("royalty.licensee"), t("royalty.outstanding"), t("royalty.registryNumber"), t("royalty.status")]}>
      {rows.map((r) => (
        <tr key={r.id} data-testid={`pledged-receivable-${r.id}`}>
          <td><a href={`/royalties/${r.id}`}>{r.title}</a></td><td>{r.licensee}</td><td className="num">{formatFen(r.outstandingFen, locale)}</td>
          <td className="mono">{r.registryNumber ?? "—"}</td><td>{r.pledgeStatus ? <MoneyStatus kind="pledge" status={r.pledgeStatus} /> : t("royalty.notYetLocked")}</td>
        </tr>
      ))}
    </Table>
  );
}

/** The optional instalment terms of a licence offer: a fixed fee (or minimum royalty) every N months, the licensor's receivable. */
export function InstalmentFields({ errors, values }: { errors: Record<string, string[] | undefined>; values?: (k: string) => string }) {
  const t = useT();
  const v = values ?? (() => "");
  return (
    <fieldset className="field">
      <legend>{t("royalty.terms.legend")} <span className="muted">({t("form.optional")})</span></legend>
      <p className="hint">{t("royalty.terms.hint")}</p>
      <div className="form-row">
        <Field label={t("royalty.terms.count")} name="instalmentCount" type="number" min={1} max={120} optional defaultValue={v("instalmentCount")} error={errors.instalmentCount} />
        <Field label={t("royalty.terms.months")} name="instalmentMonths" type="number" min={1} max={12} optional defaultValue={v("instalmentMonths")} error={errors.instalmentMonths} />
        <Field label={t("royalty.terms.amount")} name="instalmentAmount" inputMode="decimal" optional defaultValue={v("instalmentAmount")} error={errors.instalmentAmount} />
      </div>
    </fieldset>
  );
}
