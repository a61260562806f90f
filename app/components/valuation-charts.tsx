import { useId } from "react";
import { pointsAttr, radarPolygon, radarRings, spoke, tornadoBars } from "#app/domain/valuation/charts";

/**
 * The valuation's charts as inline SVG, drawn from the same geometry as the PDF. Each chart is an
 * image with a title and a description for screen readers, followed by the same figures as a table.
 */

export function RadarChart({ title, axes, color = "#134a9e" }: { title: string; axes: Array<{ label: string; score: number }>; color?: string }) {
  const id = useId();
  // Room around the web for the indicator labels.
  const size = 440;
  const c = size / 2;
  const radius = 120;
  const n = axes.length;
  const desc = axes.map((a) => `${a.label} ${a.score}`).join("; ");
  return (
    <svg viewBox={`0 0 ${size} ${size}`} width="100%" style={{ maxWidth: size + 40 }} role="img" aria-labelledby={`${id}-t ${id}-d`} className="vchart">
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{desc}</desc>
      {radarRings(n, c, c, radius).map((ring, i) => (
        <polygon key={i} points={pointsAttr(ring)} fill="none" stroke="#d5dbe6" strokeWidth={1} />
      ))}
      {axes.map((a, i) => {
        const [x, y] = spoke(i, n, c, c, radius);
        const [lx, ly] = spoke(i, n, c, c, radius + 18);
        return (
          <g key={a.label}>
            <line x1={c} y1={c} x2={x} y2={y} stroke="#e3e8f0" />
            <text x={lx} y={ly} fontSize={11} textAnchor={Math.abs(lx - c) < 8 ? "middle" : lx > c ? "start" : "end"} dominantBaseline="middle" fill="#5b6478">
              {a.label}
            </text>
          </g>
        );
      })}
      <polygon points={pointsAttr(radarPolygon(axes.map((a) => a.score), c, c, radius))} fill={color} fillOpacity={0.22} stroke={color} strokeWidth={2} />
    </svg>
  );
}

export type TornadoRow = { key: string; label: string; step: string; minus: string; plus: string; minusLabel: string; plusLabel: string };

export function TornadoChart({ title, rows, base, baseLabel }: { title: string; rows: TornadoRow[]; base: string; baseLabel: string }) {
  const id = useId();
  const width = 560;
  const labelW = 120;
  const barH = 26;
  const gap = 12;
  const { axisX, bars } = tornadoBars(rows.map((r) => ({ key: r.key, minus: BigInt(r.minus), plus: BigInt(r.plus) })), BigInt(base), labelW, width - labelW - 20);
  const height = rows.length * (barH + gap) + 30;
  const desc = rows.map((r) => `${r.label} ${r.step}: ${r.minusLabel} / ${r.plusLabel}`).join("; ");
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width="100%" style={{ maxWidth: 720 }} role="img" aria-labelledby={`${id}-t ${id}-d`} className="vchart">
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{desc}</desc>
      {bars.map((b, i) => {
        const y = i * (barH + gap) + 6;
        const row = rows[i]!;
        const lowX = Math.min(b.minusX, b.plusX);
        const highX = Math.max(b.minusX, b.plusX);
        return (
          <g key={b.key}>
            <text x={0} y={y + barH / 2} fontSize={12} dominantBaseline="middle" fill="#1b2333">{row.label}</text>
            <rect x={Math.min(lowX, axisX)} y={y} width={Math.max(Math.abs(axisX - lowX), 0.5)} height={barH} fill="#f59e0b" rx={2} />
            <rect x={axisX} y={y} width={Math.max(highX - axisX, 0.5)} height={barH} fill="#134a9e" rx={2} />
          </g>
        );
      })}
      <line x1={axisX} x2={axisX} y1={0} y2={height - 24} stroke="#1b2333" strokeWidth={1.5} />
      <text x={axisX} y={height - 8} fontSize={11} textAnchor="middle" fill="#5b6478">{baseLabel}</text>
    </svg>
  );
}
