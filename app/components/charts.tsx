import { useId } from "react";

/**
 * Inline SVG charts: no script, no library. Each chart is an image with a title and a text
 * description for screen readers, and the page shows the same figures in a table beside it.
 */
export type Bar = { label: string; value: bigint | number; display: string };

const ratio = (v: bigint | number, max: bigint | number) => {
  const m = typeof max === "bigint" ? max : BigInt(Math.round(max * 1000));
  const x = typeof v === "bigint" ? v : BigInt(Math.round(v * 1000));
  if (m <= 0n) return 0;
  return Math.min(1, Number((x * 10_000n) / m) / 10_000);
};

/** Horizontal bars, one per row, with an optional target line (e.g. a campaign's target amount). */
export function BarChart({ title, description, bars, target, targetLabel }: {
  title: string; description: string; bars: Bar[]; target?: { value: bigint | number; display: string } | null; targetLabel?: string;
}) {
  const id = useId();
  const width = 640;
  const labelW = 150;
  const valueW = 130;
  const barW = width - labelW - valueW - 10;
  const rowH = 30;
  const height = Math.max(1, bars.length) * rowH + (target ? 22 : 6);
  const max = [target?.value ?? 0, ...bars.map((b) => b.value)].reduce<bigint | number>((m, v) => (toBig(v) > toBig(m) ? v : m), 0);
  const targetX = target ? labelW + ratio(target.value, max) * barW : null;
  return (
    <figure className="chart-figure">
      <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} preserveAspectRatio="xMinYMin meet">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        {bars.map((b, i) => {
          const y = i * rowH + 4;
          return (
            <g key={i}>
              <text x={labelW - 8} y={y + 15} textAnchor="end">{truncate(b.label, 14)}</text>
              <rect className="track" x={labelW} y={y + 3} width={barW} height={16} rx={3} />
              <rect className={i % 2 ? "bar bar-alt" : "bar"} x={labelW} y={y + 3} width={Math.max(ratio(b.value, max) * barW, toBig(b.value) > 0n ? 2 : 0)} height={16} rx={3} />
              <text x={labelW + barW + 8} y={y + 15}>{b.display}</text>
            </g>
          );
        })}
        {targetX !== null && target ? (
          <g>
            <line className="target" x1={targetX} x2={targetX} y1={0} y2={height - 18} />
            <text x={Math.min(targetX, labelW + barW - 4)} y={height - 4} textAnchor="middle">{targetLabel ? `${targetLabel} ${target.display}` : target.display}</text>
          </g>
        ) : null}
      </svg>
    </figure>
  );
}

function toBig(v: bigint | number): bigint {
  return typeof v === "bigint" ? v : BigInt(Math.round(v * 1000));
}

function truncate(s: string, n: number) {
  return [...s].length > n ? `${[...s].slice(0, n - 1).join("")}…` : s;
}

/** A single progress bar towards a target, with its percentage in text. */
export function TargetProgress({ label, value, target, display }: { label: string; value: bigint; target: bigint; display: string }) {
  const pct = target > 0n ? Number((value * 1000n) / target) / 10 : 0;
  return (
    <div className="stack-sm">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <span>{label}</span>
        <span className="num">{display} · {pct.toFixed(1)}%</span>
      </div>
      <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.min(100, Math.round(pct))} aria-valuetext={`${pct.toFixed(1)}%`}>
        <span style={{ width: `${Math.min(100, pct)}%` }} />
      </div>
    </div>
  );
}

/** Large amounts for charts and KPI tiles: 万元 / 亿元 in Chinese, millions in English (exact 分 stay in tables). */
export function formatFenShort(fen: bigint, locale: "zh-CN" | "en"): string {
  const neg = fen < 0n;
  const abs = neg ? -fen : fen;
  const sign = neg ? "-" : "";
  const fixed = (v: bigint, unit: bigint, digits: number) => {
    const scaled = (v * 10n ** BigInt(digits) + unit / 2n) / unit;
    const s = scaled.toString().padStart(digits + 1, "0");
    const int = s.slice(0, s.length - digits).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    const frac = digits ? s.slice(-digits).replace(/0+$/, "") : "";
    return frac ? `${int}.${frac}` : int;
  };
  if (locale === "en") {
    const yuanCents = abs; // 分
    if (yuanCents >= 100_000_000n) return `${sign}CNY ${fixed(yuanCents, 100_000_000n, 2)}m`;
    return `${sign}CNY ${fixed(yuanCents, 100n, 0)}`;
  }
  if (abs >= 10_000_000_000n) return `${sign}${fixed(abs, 10_000_000_000n, 2)} 亿元`;
  if (abs >= 1_000_000n) return `${sign}${fixed(abs, 1_000_000n, 2)} 万元`;
  return `${sign}${fixed(abs, 100n, 2)} 元`;
}
