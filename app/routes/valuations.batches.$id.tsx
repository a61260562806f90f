import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { Card, PageHeader, StatusBadge, Table } from "#app/components/ui";
import { formatDate, formatFen, useLocale, useT } from "#app/i18n/react";
import { getBatchView } from "#app/services/valuation-batches.server";
import { requireBusinessUser } from "#app/utils/auth.server";
import { orThrowResponse } from "#app/utils/service-errors.server";

const SHOWN = 1000;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const su = await requireBusinessUser(request);
  const { progress, items } = await orThrowResponse(getBatchView(su.actor, params.id ?? "", SHOWN));
  return {
    progress: { ...progress, finished: !!progress.finishedAt },
    items: items.map((i) => ({ ...i, lowFen: i.lowFen?.toString() ?? null, highFen: i.highFen?.toString() ?? null, baseFen: i.baseFen?.toString() ?? null })),
  };
}

type Progress = { done: number; total: number; percent: number; finished: boolean; counts: Record<string, number> };

export default function ValuationBatch() {
  const t = useT();
  const locale = useLocale();
  const { progress: initial, items } = useLoaderData<typeof loader>();
  const poll = useFetcher<Progress>();
  const revalidator = useRevalidator();
  const p: Progress = poll.data ?? initial;
  // One progress bar for the batch, polled while it runs; the list is reloaded once it has finished.
  useEffect(() => {
    if (p.finished) return;
    const timer = setInterval(() => {
      if (poll.state === "idle") poll.load(`/valuations/batches/${initial.id}/progress`);
    }, 1000);
    return () => clearInterval(timer);
  }, [p.finished, poll, initial.id]);
  useEffect(() => {
    if (poll.data?.finished && !initial.finished && revalidator.state === "idle") revalidator.revalidate();
  }, [poll.data?.finished, initial.finished, revalidator]);
  return (
    <div className="container stack">
      <PageHeader title={t("valuation.batch.detailTitle")} subtitle={`${t("valuation.batch.requested")}: ${formatDate(initial.createdAt, locale, true)} · ${t(`valuation.purpose.${initial.purpose}`)}`} />
      <Card>
        <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={p.percent} aria-label={t("valuation.batch.progressLabel")}>
          <span style={{ width: `${p.percent}%` }} />
        </div>
        <p aria-live="polite" data-testid="batch-progress">{t("valuation.batch.progress", { done: p.done, total: p.total })}</p>
        <p className="muted small" data-testid="batch-state">
          {!p.finished ? t("valuation.batch.running")
            : p.counts.needs_input ? t("valuation.batch.finishedNeedsInput", { completed: p.counts.completed ?? 0, needsInput: p.counts.needs_input, failed: p.counts.failed ?? 0 })
            : t("valuation.batch.finished", { completed: p.counts.completed ?? 0, failed: p.counts.failed ?? 0 })}
        </p>
      </Card>
      <Card title={t("valuation.batch.items")}>
        <Table caption={t("valuation.batch.items")} head={[t("valuation.list.assets"), t("valuation.list.range"), t("table.actions")]}>
          {items.map((i) => (
            <tr key={i.id} data-testid={`batch-item-${i.id}`}>
              <td><span className="mono">{i.number}</span> {locale === "en" && i.titleEn ? i.titleEn : i.title}</td>
              <td className="num">
                {i.lowFen && i.status === "completed" ? `${formatFen(i.lowFen, locale)} – ${formatFen(i.highFen, locale)}` : "—"}
                <div><StatusBadge status={i.status} label={t(`valuation.status.${i.status}`)} /></div>
              </td>
              <td>
                {/* A patent without a basis for a value waits for the owner: the link goes to the form that asks. */}
                {i.status === "needs_input" ? (
                  <Link to={`/valuations/${i.id}#needs-input-title`}>{t("valuation.batch.giveInputs")}</Link>
                ) : (
                  <Link to={`/valuations/${i.id}`}>{t("action.view")}</Link>
                )}
              </td>
            </tr>
          ))}
        </Table>
        {items.length >= SHOWN ? <p className="muted small">{t("valuation.batch.more", { n: SHOWN })}</p> : null}
      </Card>
    </div>
  );
}
