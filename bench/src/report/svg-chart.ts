/** One line of a chart. */
export interface ChartSeries {
  name: string;
  color: string;
  dashed?: boolean;
  points: readonly { x: number; y: number }[];
}

/** What to draw. */
export interface ChartSpec {
  title: string;
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  series: readonly ChartSeries[];
  /** @default 800 */
  width?: number;
  /** @default 450 */
  height?: number;
}

const MARGIN = { top: 64, right: 24, bottom: 56, left: 72 };

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Round tick values from 0 to at least `max`: steps of 1, 2 or 5 times a power of ten. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const ticks: number[] = [];
  for (let tick = 0; tick < max + step / 2; tick += step) ticks.push(Number(tick.toPrecision(12)));
  if ((ticks.at(-1) ?? 0) < max) ticks.push(Number(((ticks.at(-1) ?? 0) + step).toPrecision(12)));
  return ticks;
}

function text(x: number, y: number, content: string, attrs = ""): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${escapeXml(content)}</text>`;
}

/** A self-contained SVG line chart (axes from zero, grid, legend); no chart library. */
export function lineChart(spec: ChartSpec): string {
  const width = spec.width ?? 800;
  const height = spec.height ?? 450;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const all = spec.series.flatMap((s) => s.points);
  const xTicks = niceTicks(Math.max(1, ...all.map((p) => p.x)));
  const yTicks = niceTicks(Math.max(0, ...all.map((p) => p.y)));
  const xMax = xTicks.at(-1) ?? 1;
  const yMax = yTicks.at(-1) ?? 1;
  const sx = (x: number) => MARGIN.left + (x / xMax) * plotW;
  const sy = (y: number) => MARGIN.top + plotH - (y / yMax) * plotH;

  const grid = yTicks.map(
    (t) =>
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${sy(t).toFixed(1)}" y2="${sy(t).toFixed(1)}" stroke="#e5e7eb"/>` +
      text(MARGIN.left - 8, sy(t) + 4, String(t), 'text-anchor="end"'),
  );
  const xAxis = xTicks.map((t) =>
    text(sx(t), MARGIN.top + plotH + 18, String(t), 'text-anchor="middle"'),
  );
  const lines = spec.series.map((s) => {
    const d = s.points.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(" ");
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : "";
    return `<polyline fill="none" stroke="${s.color}" stroke-width="2"${dash} points="${d}"/>`;
  });
  const legend = spec.series.map((s, i) => {
    const y = MARGIN.top + 12 + i * 18;
    const x = MARGIN.left + 12;
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : "";
    return (
      `<line x1="${x}" x2="${x + 24}" y1="${y - 4}" y2="${y - 4}" stroke="${s.color}" stroke-width="2"${dash}/>` +
      text(x + 30, y, s.name)
    );
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12" fill="#111827" role="img">`,
    `<title>${escapeXml(spec.title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    text(MARGIN.left, 24, spec.title, 'font-size="16" font-weight="600"'),
    spec.subtitle ? text(MARGIN.left, 44, spec.subtitle, 'fill="#4b5563"') : "",
    ...grid,
    `<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#9ca3af"/>`,
    `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH}" stroke="#9ca3af"/>`,
    ...xAxis,
    text(MARGIN.left + plotW / 2, height - 14, spec.xLabel, 'text-anchor="middle"'),
    text(
      18,
      MARGIN.top + plotH / 2,
      spec.yLabel,
      `text-anchor="middle" transform="rotate(-90 18 ${MARGIN.top + plotH / 2})"`,
    ),
    ...lines,
    ...legend,
    "</svg>",
    "",
  ].join("\n");
}
