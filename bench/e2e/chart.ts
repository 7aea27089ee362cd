// A hand-written SVG bar chart of the tsredis/Redis throughput ratio per workload: one bar per
// pipeline depth, a solid line at 1.0 (as fast as Redis) and dashed lines at the issue's targets.
// No dependency: the markup is a few rects, lines and text elements.

export interface ChartSeries {
  /** e.g. `-P 1` */
  readonly label: string;
  readonly color: string;
  /** Per workload, in the order of `workloads`; NaN draws "n/a". */
  readonly ratios: readonly number[];
  /** A dashed target line for this series, if any. */
  readonly target?: number;
}

export interface ChartInput {
  readonly title: string;
  readonly subtitle: string;
  readonly workloads: readonly string[];
  readonly series: readonly ChartSeries[];
}

const BAR_WIDTH = 21;
const BAR_GAP = 2;
const GROUP_GAP = 22;
const PLOT_HEIGHT = 300;
const MARGIN = { top: 70, right: 150, bottom: 80, left: 55 } as const;
/** Wide enough for the title and subtitle even with few workloads. */
const MIN_WIDTH = 760;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function renderChart(input: ChartInput): string {
  const finite = input.series.flatMap((s) => s.ratios.filter((r) => Number.isFinite(r)));
  // Scale to the largest bar, but always show the 1.0 line with some head room.
  const yMax = Math.max(1.2, Math.ceil(Math.max(0, ...finite) * 1.15 * 10) / 10);
  const groupWidth = input.series.length * (BAR_WIDTH + BAR_GAP) - BAR_GAP;
  const plotWidth = input.workloads.length * (groupWidth + GROUP_GAP) + GROUP_GAP;
  const width = Math.max(MIN_WIDTH, MARGIN.left + plotWidth + MARGIN.right);
  const height = MARGIN.top + PLOT_HEIGHT + MARGIN.bottom;
  const y = (ratio: number): number => MARGIN.top + PLOT_HEIGHT * (1 - ratio / yMax);
  const out: string[] = [];

  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${MARGIN.left}" y="22" font-size="14" font-weight="bold">${escapeXml(input.title)}</text>`,
    `<text x="${MARGIN.left}" y="40" fill="#555">${escapeXml(input.subtitle)}</text>`,
  );

  // Y axis: gridlines every 0.2 (or 0.5 when the scale is tall), labelled as ratios.
  const step = yMax > 3 ? 0.5 : 0.2;
  for (let t = 0; t <= yMax + 1e-9; t += step) {
    const ty = y(t).toFixed(1);
    out.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${ty}" y2="${ty}" stroke="#eee"/>`,
      `<text x="${MARGIN.left - 6}" y="${ty}" text-anchor="end" dominant-baseline="middle" fill="#555">${t.toFixed(1)}x</text>`,
    );
  }
  out.push(
    `<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + PLOT_HEIGHT}" stroke="#333"/>`,
    `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${MARGIN.top + PLOT_HEIGHT}" y2="${MARGIN.top + PLOT_HEIGHT}" stroke="#333"/>`,
  );

  // Bars, value labels, workload names.
  input.workloads.forEach((name, wi) => {
    const gx = MARGIN.left + GROUP_GAP + wi * (groupWidth + GROUP_GAP);
    input.series.forEach((s, si) => {
      const x = gx + si * (BAR_WIDTH + BAR_GAP);
      const ratio = s.ratios[wi] ?? Number.NaN;
      const cx = (x + BAR_WIDTH / 2).toFixed(1);
      if (!Number.isFinite(ratio)) {
        out.push(
          `<text x="${cx}" y="${MARGIN.top + PLOT_HEIGHT - 4}" text-anchor="middle" fill="#999" font-size="9">n/a</text>`,
        );
        return;
      }
      const top = y(ratio);
      out.push(
        `<rect x="${x}" y="${top.toFixed(1)}" width="${BAR_WIDTH}" height="${(MARGIN.top + PLOT_HEIGHT - top).toFixed(1)}" fill="${s.color}"><title>${escapeXml(`${name} ${s.label}: ${ratio.toFixed(2)}x`)}</title></rect>`,
        `<text x="${cx}" y="${(top - 3).toFixed(1)}" text-anchor="middle" font-size="8.5">${ratio.toFixed(2)}</text>`,
      );
    });
    const lx = gx + groupWidth / 2;
    const ly = MARGIN.top + PLOT_HEIGHT + 12;
    out.push(`<text x="${lx}" y="${ly}" text-anchor="end" transform="rotate(-40 ${lx} ${ly})">${escapeXml(name)}</text>`);
  });

  // Reference lines: Redis itself, then each series' target.
  const one = y(1).toFixed(1);
  out.push(
    `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${one}" y2="${one}" stroke="#000" stroke-width="1.5"/>`,
    `<text x="${MARGIN.left + plotWidth + 6}" y="${one}" dominant-baseline="middle">Redis = 1.0</text>`,
  );
  for (const s of input.series) {
    if (s.target === undefined) continue;
    const ty = y(s.target).toFixed(1);
    out.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${ty}" y2="${ty}" stroke="${s.color}" stroke-dasharray="5 4"/>`,
      `<text x="${MARGIN.left + plotWidth + 6}" y="${ty}" dominant-baseline="middle" fill="${s.color}">target ${s.label}: ${s.target}x</text>`,
    );
  }

  // Legend.
  input.series.forEach((s, si) => {
    const lx = MARGIN.left + si * 130;
    out.push(
      `<rect x="${lx}" y="50" width="12" height="12" fill="${s.color}"/>`,
      `<text x="${lx + 16}" y="60">${escapeXml(s.label)}</text>`,
    );
  });

  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
