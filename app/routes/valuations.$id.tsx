import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { usePollWhile } from "#app/utils/use-poll";
import { Button, Card, DefinitionList, FormError, Notice, PageHeader, StatusBadge, Table } from "#app/components/ui";
import { RadarChart, TornadoChart } from "#app/components/valuation-charts";
import { ValuationActionSchema } from "#app/domain/forms/valuation";
import { isPlatformAdmin } from "#app/domain/policy/index";
import { reviveFen } from "#app/domain/valuation/codec";
import { driverStep, explain, flagText, formatBp } from "#app/domain/valuation/explain";
import { mayRetry, VALUATION_STEPS } from "#app/domain/valuation/lifecycle";
import type { ValuationResult } from "#app/domain/valuation/types";
import { storedTranslator, translateStored } from "#app/i18n/index";
import { formatDate, formatFen, formatYuan, useLocale, useT } from "#app/i18n/react";
import { getValuationView, retryValuation, revalue } from "#app/services/valuations.server";
import { answerValuationInputs } from "#app/services/valuation-answers.server";
import { NeedsInputForm } from "#app/components/valuation-needs-input";
import { missingFromReason } from "#app/domain/valuation/needs-input";
import { requireBusinessUser } from "#app/utils/auth.server";
import { env } from "#app/utils/env.server";
import { parseForm, serviceErrorResponse } from "#app/utils/forms.server";
import { getT } from "#app/utils/i18n.server";
import { orThrowResponse } from "#app/utils/service-errors.server";
import { readForm } from "#app/utils/body.server";

/** Money fields of a stored result (JSON strings) back to bigint, for the shared explanation code. */
const MONEY_KEYS = new Set(["low", "base", "high", "minus", "plus", "spread", "value"]);
function reviveResult(json: unknown): ValuationResult {
  const walk = (v: unknown, key: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x, ""));
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    if (MONEY_KEYS.has(key) && typeof v === "string" && /^-?\d+$/.test(v)) return BigInt(v);
    return v;
  };
  return reviveFen<ValuationResult>(walk(json, ""));
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request);
  const { t, locale } = getT(request);
  const { valuation: v, steps, assets } = await orThrowResponse(getValuationView(su.actor, params.id ?? ""));
  const admin = isPlatformAdmin(su.actor);
  const owner = su.org.id === v.orgId;
  const money = (f: bigint) => formatFen(f, locale);
  const titleOf = (id: string, fallback: string) => {
    const a = assets.find((x) => x.id === id);
    return (locale === "en" ? a?.titleEn : null) ?? a?.title ?? fallback;
  };
  let result = null;
  if (v.result && (v.status === "completed" || v.status === "expired" || v.status === "invalidated")) {
    const r = reviveResult(v.result);
    result = {
      explanation: explain(r, storedTranslator(t), (f) => formatYuan(f, locale), titleOf),
      assets: r.assets.map((a) => ({
        assetId: a.assetId, number: a.number, title: titleOf(a.assetId, a.title), kind: a.kind,
        low: a.low.toString(), base: a.base.toString(), high: a.high.toString(),
        legal: a.scores.legal, technical: a.scores.technical, economic: a.scores.economic, composite: a.scores.composite,
        indicators: a.scores.indicators.map((i) => ({ key: i.key, score: i.score, weight: i.weight, defaulted: i.defaulted, dimension: i.dimension })),
        income: a.income.applicable ? { royalty: formatBp(a.income.royaltyBp), discount: formatBp(a.income.discountBp), horizon: a.income.horizonMonths, value: a.income.base.toString() } : null,
        market: a.market.applicable ? { count: a.market.comparables.length, value: a.market.base.toString() } : null,
        cost: a.cost.applicable ? { value: a.cost.value.toString() } : null,
        weights: a.weights,
      })),
      sensitivity: r.sensitivity.map((s) => ({
        key: s.driver, label: t(`valuation.driver.${s.driver}`), step: driverStep(s.driver, s.step, storedTranslator(t)),
        minus: s.minus.toString(), plus: s.plus.toString(), minusLabel: money(s.minus), plusLabel: money(s.plus),
      })),
      flags: r.flags.map((f) => ({ ...f, text: flagText(f, storedTranslator(t)), number: r.assets.find((a) => a.assetId === f.assetId)?.number ?? null })),
      valuationDate: r.valuationDate,
    };
  }
  return {
    v: {
      ...v, result: undefined, lowFen: v.lowFen?.toString() ?? null, baseFen: v.baseFen?.toString() ?? null, highFen: v.highFen?.toString() ?? null,
    },
    steps: VALUATION_STEPS.map((name) => {
      const s = steps.find((x) => x.step === name);
      return { name, status: s?.status ?? ("waiting" as const), runs: s?.runs ?? 0, error: admin ? (s?.error ?? null) : null };
    }),
    assets: assets.map((a) => ({ id: a.id, number: a.number, kind: a.kind, title: titleOf(a.id, a.title) })),
    result,
    canAct: owner || admin,
    missing: v.status === "needs_input" ? missingFromReason(v.statusReason) : [],
    // In progress but without progress for a while: the owner may start it again.
    stuck: v.status !== "failed" && mayRetry(v, new Date(), env.JOB_STUCK_AFTER_MS),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const su = await requireBusinessUser(request);
  const { t } = getT(request);
  const form = await readForm(request);
  const parsed = parseForm(form, ValuationActionSchema, t);
  if (!parsed.ok) return parsed.response;
  try {
    if (parsed.value.intent === "answer") {
      const a = parsed.value;
      await answerValuationInputs(su.actor, params.id ?? "", { annualRevenueFen: a.annualRevenue ?? null, rdCostFen: a.rdCost ?? null, rdCostYear: a.rdCostYear ?? null }, a.attempt);
      return { done: t("valuation.needsInput.done"), fieldErrors: {} as Record<string, string[]> };
    }
    if (parsed.value.intent === "retry") {
      await retryValuation(su.actor, params.id ?? "", parsed.value.attempt);
      return { done: t("valuation.detail.retried"), fieldErrors: {} as Record<string, string[]> };
    }
    const { id } = await revalue(su.actor, params.id ?? "");
    return redirect(`/valuations/${id}`);
  } catch (e) {
    return serviceErrorResponse(e, t, form);
  }
}

const POLL_MS = 1500;

function RetryForm({ attempt, busy, label }: { attempt: number; busy: boolean; label: string }) {
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="attempt" value={attempt} />
      <Button name="intent" value="retry" disabled={busy}>{label}</Button>
    </Form>
  );
}

export default function ValuationPage() {
  const t = useT();
  const locale = useLocale();
  const { v, steps, assets, result, canAct, stuck, missing } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const live = v.status === "queued" || v.status === "running";
  // Progress without reloading: re-run the loader while the flow is under way.
  usePollWhile(live, POLL_MS);

  return (
    <div className="container stack">
      <PageHeader
        title={t("valuation.detail.title")}
        subtitle={assets.map((a) => `${a.number} ${a.title}`).join(" · ")}
        actions={<StatusBadge status={v.status} label={t(`valuation.status.${v.status}`)} />}
      />
      {acted && "done" in acted ? <Notice tone="ok">{acted.done}</Notice> : null}
      {acted && "formError" in acted ? <FormError message={acted.formError} /> : null}

      {v.status === "failed" ? (
        <div className="alert alert-error" role="alert" data-testid="valuation-failed">
          <p>{t("valuation.detail.failed", { reason: translateStored(t, v.error ?? "valuation.error.internal") })}</p>
          {canAct ? <RetryForm attempt={v.attempt} busy={busy} label={t("valuation.detail.retry")} /> : null}
        </div>
      ) : null}
      {v.status === "needs_input" ? (
        <NeedsInputForm missing={missing} attempt={v.attempt} canAct={canAct} busy={busy} errors={acted && "fieldErrors" in acted ? acted.fieldErrors : {}} />
      ) : null}
      {stuck ? (
        <Notice tone="warn">
          <span data-testid="valuation-stuck">{t("valuation.detail.stuck")}</span>
          {canAct ? <RetryForm attempt={v.attempt} busy={busy} label={t("valuation.detail.retry")} /> : null}
        </Notice>
      ) : null}
      {v.status === "invalidated" || v.status === "expired" ? (
        <Notice tone="warn">
          {t(v.status === "invalidated" ? "valuation.detail.invalidated" : "valuation.detail.expired")}
          {canAct ? (
            <Form method="post" className="inline-form">
              <Button name="intent" value="revalue" variant="secondary" disabled={busy}>{t("valuation.detail.revalue")}</Button>
            </Form>
          ) : null}
        </Notice>
      ) : null}

      <Card title={t("valuation.detail.steps")}>
        <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={v.progress} aria-label={t("valuation.detail.steps")}>
          <span style={{ width: `${v.progress}%` }} />
        </div>
        <p className="muted small" aria-live="polite" data-testid="valuation-progress">{t("valuation.detail.progress", { n: v.progress })}</p>
        <ol className="steps" data-testid="valuation-steps">
          {steps.map((s) => (
            <li key={s.name} data-testid={`step-${s.name}`} data-status={s.status}>
              <span>{t(`valuation.step.${s.name}`)}{s.runs > 1 ? <span className="muted small">{t("valuation.stepStatus.runs", { n: s.runs })}</span> : null}</span>
              <StatusBadge status={s.status === "waiting" ? "queued" : s.status} label={t(`valuation.stepStatus.${s.status}`)} />
              {s.error ? <span className="muted small mono">{s.error}</span> : null}
            </li>
          ))}
        </ol>
        {live ? (
          <p className="muted small">
            {t("valuation.detail.live")} <a href={`/valuations/${v.id}`}>{t("valuation.detail.refresh")}</a>
          </p>
        ) : null}
      </Card>

      {result ? (
        <>
          <Card title={t("valuation.result.range")}>
            <p className="value-range" data-testid="valuation-range">{formatYuan(v.lowFen, locale)} – {formatYuan(v.highFen, locale)}</p>
            <p className="muted">{t("valuation.result.base")}: <strong data-testid="valuation-base">{formatYuan(v.baseFen, locale)}</strong></p>
            <DefinitionList items={[
              [t("valuation.purpose.label"), t(`valuation.purpose.${v.purpose}`)],
              [t("valuation.detail.valuationDate"), result.valuationDate],
              [t("valuation.detail.validUntil"), formatDate(v.validUntil, locale)],
              [t("valuation.detail.model"), <span key="m" className="mono">{v.modelVersion}</span>],
              [t("valuation.detail.owner"), v.orgName],
              [t("valuation.detail.resultHash"), <span key="h" className="mono small">{v.resultHash}</span>],
            ]} />
            {v.hasReport ? (
              <p>
                <a className="btn btn-primary" href={`/valuations/${v.id}/report`} download data-testid="valuation-download">{t("valuation.detail.download")}</a>
                <br />
                <span className="muted small">{t("valuation.detail.sha")}: <span className="mono">{v.reportSha256 ?? t("valuation.detail.shaOnDownload")}</span></span>
              </p>
            ) : null}
          </Card>

          <Card title={t("valuation.result.explanation")}>
            <ul data-testid="valuation-explanation">
              {result.explanation.map((s, i) => <li key={i}>{s}</li>)}
            </ul>
          </Card>

          <Card title={t("valuation.scores.title")}>
            <div className="grid grid-2">
              {result.assets.map((a) => {
                const dims = [
                  [t("valuation.dim.legal"), a.legal], [t(a.kind === "trademark" ? "valuation.dim.brand" : "valuation.dim.technical"), a.technical],
                  [t("valuation.dim.economic"), a.economic], [t("valuation.dim.composite"), a.composite],
                ] as const;
                return (
                  <section key={a.assetId} aria-label={`${a.number} ${a.title}`}>
                    <h3><span className="mono">{a.number}</span> {a.title}</h3>
                    <DefinitionList items={dims.map(([k, s]) => [k, String(s)])} />
                    <RadarChart title={t("valuation.scores.radarTitle", { asset: a.number })} axes={a.indicators.map((i) => ({ label: translateStored(t, `valuation.ind.${i.key}`), score: i.score }))} />
                    <details>
                      <summary>{t("valuation.scores.table")}</summary>
                      <Table caption={t("valuation.scores.table")} head={[t("valuation.pdf.indicator"), t("valuation.pdf.weight"), t("valuation.pdf.score")]}>
                        {a.indicators.map((i) => (
                          <tr key={i.key}>
                            <td>{translateStored(t, `valuation.ind.${i.key}`)}{i.defaulted ? <span className="muted"> ({t("valuation.pdf.defaulted")})</span> : null}</td>
                            <td className="num">{i.weight}</td>
                            <td className="num">{i.score}</td>
                          </tr>
                        ))}
                      </Table>
                    </details>
                    <p className="small">
                      {t("valuation.result.low")} {formatFen(a.low, locale)} · {t("valuation.result.base")} {formatFen(a.base, locale)} · {t("valuation.result.high")} {formatFen(a.high, locale)}
                    </p>
                    <ul className="small muted">
                      {a.income ? <li>{t("valuation.approach.income")}: {formatFen(a.income.value, locale)} ({a.income.royalty} · {a.income.discount} · {t("valuation.unit.months", { n: a.income.horizon })})</li> : null}
                      {a.market ? <li>{t("valuation.approach.market")}: {formatFen(a.market.value, locale)} (n = {a.market.count})</li> : null}
                      {a.cost ? <li>{t("valuation.approach.cost")}: {formatFen(a.cost.value, locale)}</li> : null}
                    </ul>
                  </section>
                );
              })}
            </div>
          </Card>

          <Card title={t("valuation.sensitivity.title")}>
            <p className="muted">{t("valuation.sensitivity.intro", { base: formatYuan(v.baseFen, locale) })}</p>
            <TornadoChart title={t("valuation.sensitivity.chartTitle")} rows={result.sensitivity} base={v.baseFen ?? "0"} baseLabel={`${t("valuation.result.base")} ${formatYuan(v.baseFen, locale)}`} />
            <Table caption={t("valuation.sensitivity.title")} head={[t("valuation.sensitivity.driver"), t("valuation.sensitivity.step"), t("valuation.sensitivity.minus"), t("valuation.sensitivity.plus")]}>
              {result.sensitivity.map((s) => (
                <tr key={s.key}>
                  <td>{s.label}</td>
                  <td>{s.step}</td>
                  <td className="num">{s.minusLabel}</td>
                  <td className="num">{s.plusLabel}</td>
                </tr>
              ))}
            </Table>
          </Card>

          <Card title={t("valuation.flags.title")}>
            {result.flags.length === 0 ? <p>{t("valuation.flags.none")}</p> : (
              <ul data-testid="valuation-flags">
                {result.flags.map((f, i) => (
                  <li key={i}>
                    <StatusBadge status={f.severity === "stop" ? "failed" : f.severity === "warn" ? "pending" : "queued"} label={t(`valuation.severity.${f.severity}`)} />{" "}
                    {f.number ? <span className="mono">[{f.number}] </span> : null}{f.text}
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </>
      ) : null}
    </div>
  );
}
