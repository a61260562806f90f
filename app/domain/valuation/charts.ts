/**
 * Chart geometry shared by the page (SVG) and the PDF report (pdfkit paths), so both draw the same
 * picture. Display only: coordinates are floats, rounded to 0.1 for stable output.
 */

const r1 = (v: number) => Math.round(v * 10) / 10;

export type Point = [number, number];

/** The i-th of n spokes, starting at 12 o'clock and going clockwise, at `fraction` of the radius. */
export function spoke(i: number, n: number, cx: number, cy: number, radius: number, fraction = 1): Point {
  const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
  return [r1(cx + Math.cos(angle) * radius * fraction), r1(cy + Math.sin(angle) * radius * fraction)];
}

/** Radar polygon of scores 0–100. */
export function radarPolygon(scores: number[], cx: number, cy: number, radius: number): Point[] {
  return scores.map((s, i) => spoke(i, scores.length, cx, cy, radius, Math.max(0, Math.min(100, s)) / 100));
}

/** Concentric grid rings (25, 50, 75, 100) as polygons. */
export function radarRings(n: number, cx: number, cy: number, radius: number, levels = [25, 50, 75, 100]): Point[][] {
  return levels.map((l) => Array.from({ length: n }, (_, i) => spoke(i, n, cx, cy, radius, l / 100)));
}

export type TornadoInput<K extends string = string> = { key: K; minus: bigint; plus: bigint };
export type TornadoBar<K extends string = string> = { key: K; x: number; width: number; minusX: number; plusX: number; minusDelta: bigint; plusDelta: bigint };

/**
 * Tornado bars around the base value: each bar spans from the lower to the higher of the two
 * shifted values, on a scale symmetric around the base (the widest swing fills half the width).
 */
export function tornadoBars<K extends string>(rows: TornadoInput<K>[], base: bigint, left: number, width: number): { axisX: number; bars: TornadoBar<K>[]; maxSwing: bigint } {
  const axisX = r1(left + width / 2);
  let maxSwing = 1n;
  for (const r of rows) {
    for (const v of [r.minus, r.plus]) {
      const d = v > base ? v - base : base - v;
      if (d > maxSwing) maxSwing = d;
    }
  }
  const half = width / 2;
  const xOf = (v: bigint) => r1(axisX + (Number(v - base) / Number(maxSwing)) * half);
  const bars = rows.map((r) => {
    const a = xOf(r.minus);
    const b = xOf(r.plus);
    const x = Math.min(a, b, axisX);
    const end = Math.max(a, b, axisX);
    return { key: r.key, x, width: r1(Math.max(end - x, 0.5)), minusX: a, plusX: b, minusDelta: r.minus - base, plusDelta: r.plus - base };
  });
  return { axisX, bars, maxSwing };
}

export const pointsAttr = (pts: Point[]) => pts.map(([x, y]) => `${x},${y}`).join(" ");
