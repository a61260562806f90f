import type { ReactNode } from "react";
import { Form } from "@remix-run/react";
import { Button, StatusBadge, Table } from "#app/components/ui";
import type { ApplicationStatus, BankReviewStatus, LoanStatus, ProductStatus, RegistrationStatus } from "#app/domain/financing/lifecycle";
import type { MatchRule, ScoreFactor } from "#app/domain/financing/matching";
import { AGREEABLE_RULES, type Outcome, type PrecheckRule } from "#app/domain/financing/precheck";
import { formatDate, formatFen, useLocale, useT } from "#app/i18n/react";
import { isMessageKey, translateStored, type Locale, type Translate } from "#app/i18n/index";

/** Pieces of the financing pages: reasons rendered from dictionary keys, pre-check and match tables, schedules. */

type Params = Record<string, string | number>;

/** Money params (`*Fen`) become formatted amounts, kinds and industries their labels. */
export function reasonParams(params: Params | undefined, t: Translate, locale: Locale): Record<string, string | number> {
  const out: Record<string, string | number> = { ...(params ?? {}) };
  for (const [k, v] of Object.entries(params ?? {})) {
    if (k.endsWith("Fen")) out[k.slice(0, -3)] = formatFen(String(v), locale);
    // Stored reasons carry a kind or an industry as data: labelled when known, shown as stored otherwise.
    const label = k === "kind" ? `financing.kind.${v}` : k === "industry" ? `industry.${v}` : null;
    if (label) out[`${k}Label`] = isMessageKey(label) ? t(label) : String(v);
  }
  return out;
}

/** A reason stored with a report (pre-check, match): its key is data, so an unknown one shows as such. */
export function Reason({ k, params }: { k: string; params?: Params }) {
  const t = useT();
  const locale = useLocale();
  return <>{translateStored(t, k, reasonParams(params, t, locale))}</>;
}

export const FinStatus = ({ status }: { status: ApplicationStatus | BankReviewStatus | LoanStatus | RegistrationStatus | ProductStatus }) => {
  const t = useT();
  return <StatusBadge status={status} label={t(`financing.status.${status}`)} />;
};

type PrecheckResults = {
  ok: boolean;
  asOf: string;
  loanMaturity: string;
  assets: Array<{ assetId: string; number: string; ok: boolean; results: Array<{ rule: PrecheckRule; outcome: Outcome; key: string; params: Params }> }>;
};

const OUTCOME_TONE = { pass: "eligible", warn: "info_requested", fail: "ineligible" } as const;

export function PrecheckReport({ report, titles }: { report: PrecheckResults; titles: Record<string, string> }) {
  const t = useT();
  return (
    <div className="stack" data-testid="precheck">
      <p role="status" className={report.ok ? "" : "field-error"} data-testid="precheck-summary">
        {report.ok ? t("financing.precheck.allPass") : t("financing.precheck.someFail")}
      </p>
      {report.assets.map((a) => (
        <div key={a.assetId} data-testid={`precheck-asset-${a.number}`}>
          <h3>
            <span className="mono">{a.number}</span> {titles[a.assetId] ?? ""}{" "}
            <StatusBadge status={a.ok ? "eligible" : "ineligible"} label={t(a.ok ? "financing.precheck.assetOk" : "financing.precheck.assetFail")} />
          </h3>
          <Table head={[t("financing.precheck.ground"), t("financing.precheck.outcome"), t("financing.precheck.detail")]}>
            {a.results.map((r) => (
              <tr key={r.rule} data-outcome={r.outcome}>
                <td>{t(`financing.precheckRule.${r.rule}`)}</td>
                <td><StatusBadge status={OUTCOME_TONE[r.outcome]} label={t(`financing.outcome.${r.outcome}`)} /></td>
                <td><Reason k={r.key} params={r.params} /></td>
              </tr>
            ))}
          </Table>
        </div>
      ))}
    </div>
  );
}

type MatchReasons = {
  rules: Array<{ rule: MatchRule; pass: boolean; key: string; params: Params }>;
  factors: Array<{ factor: ScoreFactor; weight: number; value: number; points: number; key: string; params: Params }>;
  conditions: string[];
};

export function MatchExplanation({ reasons, eligible }: { reasons: MatchReasons; eligible: boolean }) {
  const t = useT();
  if (!eligible) {
    return (
      <ul className="small" data-testid="why-not">
        {reasons.rules.filter((r) => !r.pass).map((r) => (
          <li key={r.rule}><strong>{t(`financing.matchRule.${r.rule}`)}</strong>: <Reason k={r.key} params={r.params} /></li>
        ))}
      </ul>
    );
  }
  return (
    <div className="small">
      <ul>
        {reasons.factors.map((f) => (
          <li key={f.factor}>
            <strong>{t(`financing.matchFactor.${f.factor}`)}</strong> {t("financing.match.points", { points: f.points, weight: f.weight })}: <Reason k={f.key} params={f.params} />
          </li>
        ))}
      </ul>
      {reasons.conditions.length ? <p className="muted">{reasons.conditions.map((c) => translateStored(t, c)).join("；")}</p> : null}
    </div>
  );
}

export type ScheduleRow = { seq: number; dueDate: string; principalFen: bigint | string; interestFen: bigint | string; paidPrincipalFen: bigint | string; paidInterestFen: bigint | string };

export function ScheduleTable({ rows }: { rows: ScheduleRow[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <Table caption={t("financing.loan.schedule")} head={[t("financing.loan.seq"), t("financing.loan.dueDate"), t("financing.loan.principal"), t("financing.loan.interest"), t("financing.loan.paid")]}>
      {rows.map((r) => (
        <tr key={r.seq}>
          <td>{r.seq}</td>
          <td>{formatDate(r.dueDate, locale)}</td>
          <td className="num">{formatFen(r.principalFen, locale)}</td>
          <td className="num">{formatFen(r.interestFen, locale)}</td>
          <td className="num">{formatFen(BigInt(r.paidPrincipalFen) + BigInt(r.paidInterestFen), locale)}</td>
        </tr>
      ))}
    </Table>
  );
}

export function Thread({ messages, ownOrgId, applicationId }: {
  messages: Array<{ id: string; kind: string; body: string; authorOrgId: string; createdAt: string | Date; fileName?: string | null }>; ownOrgId: string;
  /** Attachments are served from the application's own route (its access rule decides). */
  applicationId?: string;
}) {
  const t = useT();
  const locale = useLocale();
  if (!messages.length) return null;
  return (
    <ul className="notice-list" data-testid="thread">
      {messages.map((m) => (
        <li key={m.id} className={m.authorOrgId === ownOrgId ? "read" : "unread"}>
          <p className="small muted">{t(m.kind === "request" ? "financing.thread.request" : "financing.thread.answer")} · {formatDate(m.createdAt, locale, true)}</p>
          <p>{m.body}</p>
          {m.fileName && applicationId ? (
            <p><a href={`/financing/applications/${applicationId}/messages/${m.id}`} download data-testid="thread-attachment">{t("financing.thread.attachment", { name: m.fileName })}</a></p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** "3 h ago" style, for queues. */
export function Since({ at }: { at: string | Date | null }): ReactNode {
  const t = useT();
  if (!at) return "—";
  const mins = Math.max(0, Math.round((Date.now() - new Date(at).getTime()) / 60_000));
  if (mins < 60) return t("time.minutesAgo", { n: mins });
  if (mins < 48 * 60) return t("time.hoursAgo", { n: Math.round(mins / 60) });
  return t("time.daysAgo", { n: Math.round(mins / 1440) });
}

export const rateText = (rateBp: number) => `${(rateBp / 100).toFixed(2)}%`;

type Agreement = { assetId: string; rule: string; orgId: string; createdAt: string | Date };

/**
 * Grounds 10 and 11 of the pre-check are refused "unless the parties agree": each asset where one is
 * raised, what the party is told, and the party's own declaration (or the button to make it).
 */
export function PrecheckAgreements({ report, agreements, viewerOrgId, titles, busy }: {
  report: PrecheckResults; agreements: Agreement[]; viewerOrgId: string; titles: Record<string, string>; busy: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const items = report.assets.flatMap((a) => a.results
    .filter((r) => (AGREEABLE_RULES as readonly PrecheckRule[]).includes(r.rule) && r.outcome !== "pass")
    .map((r) => ({ asset: a, r, mine: agreements.find((x) => x.assetId === a.assetId && x.rule === r.rule && x.orgId === viewerOrgId) })));
  if (!items.length) return null;
  return (
    <section className="stack" aria-labelledby="agreements-title" data-testid="precheck-agreements">
      <h3 id="agreements-title">{t("financing.agreement.title")}</h3>
      <p className="muted small">{t("financing.agreement.intro")}</p>
      {items.map(({ asset, r, mine }) => (
        <div key={`${asset.assetId}-${r.rule}`} className="card" data-testid={`agreement-${asset.number}-${r.rule}`}>
          <p><strong><span className="mono">{asset.number}</span> {titles[asset.assetId] ?? ""}</strong> · {t(`financing.precheckRule.${r.rule}`)}</p>
          <p><Reason k={r.key} params={r.params} /></p>
          {mine ? <p className="small" role="status">{t("financing.agreement.youAgreed", { date: formatDate(mine.createdAt, locale, true) })}</p> : (
            <Form method="post">
              <input type="hidden" name="intent" value="agree" />
              <input type="hidden" name="assetId" value={asset.assetId} />
              <input type="hidden" name="rule" value={r.rule} />
              <Button variant="secondary" disabled={busy}>{t("financing.agreement.agree")}</Button>
            </Form>
          )}
        </div>
      ))}
    </section>
  );
}
