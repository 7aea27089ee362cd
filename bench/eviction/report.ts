// The lab's output: a Markdown table per workload, one CSV of every run, and an SVG line chart per
// workload (miss ratio against cache size, one line per policy). The SVG is written by hand, like
// bench/e2e/chart.ts: polylines, circles and text, no dependency.

export interface LabRow {
  readonly workload: string;
  readonly policy: string;
  /** sim (tracking policy in-process), server (in-process tsredis), tcp (a running server). */
  readonly mode: string;
  readonly fraction: number;
  readonly capacity: number;
  readonly requests: number;
  readonly hits: number;
  readonly misses: number;
  readonly missRatio: number;
  /** Keys the server held at the end (server/tcp), or the capacity (sim). */
  readonly residentAtEnd: number;
  readonly elapsedMs: number;
}

export function formatPercent(fraction: number): string {
  const pct = fraction * 100;
  return `${pct < 1 ? pct.toFixed(1) : pct.toFixed(pct % 1 === 0 ? 0 : 1)}%`;
}

export function toCsv(rows: readonly LabRow[]): string {
  const header = 'workload,policy,mode,cache_fraction,cache_keys,requests,hits,misses,miss_ratio,resident_at_end,elapsed_ms';
  const lines = rows.map((r) =>
    [r.workload, r.policy, r.mode, r.fraction, r.capacity, r.requests, r.hits, r.misses, r.missRatio.toFixed(6), r.residentAtEnd, r.elapsedMs.toFixed(1)].join(','),
  );
  return [header, ...lines].join('\n') + '\n';
}

/** policy (and mode) → fraction → row */
function grid(rows: readonly LabRow[]): { series: string[]; fractions: number[]; at: Map<string, Map<number, LabRow>> } {
  const at = new Map<string, Map<number, LabRow>>();
  const fractions = [...new Set(rows.map((r) => r.fraction))].sort((a, b) => a - b);
  for (const r of rows) {
    const label = seriesLabel(r);
    let m = at.get(label);
    if (m === undefined) {
      m = new Map();
      at.set(label, m);
    }
    m.set(r.fraction, r);
  }
  return { series: [...at.keys()], fractions, at };
}

function seriesLabel(r: LabRow): string {
  return r.mode === 'sim' ? r.policy : `${r.policy} (${r.mode})`;
}

/** Miss ratio per policy (rows) and cache size (columns); the best of each column in bold. */
export function markdownTable(rows: readonly LabRow[]): string {
  const { series, fractions, at } = grid(rows);
  const best = fractions.map((f) => Math.min(...series.map((s) => at.get(s)?.get(f)?.missRatio ?? Infinity)));
  const head = `| policy | ${fractions.map((f) => {
    const any = rows.find((r) => r.fraction === f);
    return `${formatPercent(f)} (${any?.capacity ?? '?'} keys)`;
  }).join(' | ')} |`;
  const rule = `|---|${fractions.map(() => '---:').join('|')}|`;
  const body = series.map((s) => {
    const cells = fractions.map((f, i) => {
      const r = at.get(s)?.get(f);
      if (r === undefined) return 'n/a';
      const text = `${(r.missRatio * 100).toFixed(2)}%`;
      return r.missRatio === best[i] ? `**${text}**` : text;
    });
    return `| ${s} | ${cells.join(' | ')} |`;
  });
  return [head, rule, ...body].join('\n');
}

const COLORS = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf',
  '#393b79', '#ad494a', '#637939', '#843c39',
];
const DASHES = ['', '6 3', '2 2', '8 3 2 3'];

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Miss ratio (y, linear, 0 to the largest value rounded up) against cache size (x, log scale:
 * 0.1% to 25% spans more than two decades), one polyline with markers per policy, legend at the right.
 */
export function renderSvg(title: string, subtitle: string, rows: readonly LabRow[]): string {
  const { series, fractions, at } = grid(rows);
  const W = 900;
  const H = 480;
  const M = { top: 64, right: 270, bottom: 56, left: 64 };
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const maxRatio = Math.max(0.05, ...rows.map((r) => r.missRatio));
  const yMax = Math.min(1, Math.ceil(maxRatio * 10) / 10);
  const lx = fractions.map((f) => Math.log10(f));
  const xMin = Math.min(...lx);
  const xMax = Math.max(...lx);
  const xSpan = xMax - xMin || 1;
  const x = (f: number): number => M.left + (fractions.length === 1 ? pw / 2 : ((Math.log10(f) - xMin) / xSpan) * pw);
  const y = (ratio: number): number => M.top + ph * (1 - ratio / yMax);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${M.left}" y="24" font-size="16" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="${M.left}" y="44" fill="#555">${escapeXml(subtitle)}</text>`,
  ];
  // Horizontal gridlines every 0.1 (every 0.05 when the scale is short), labelled in percent.
  const step = yMax <= 0.3 ? 0.05 : 0.1;
  for (let t = 0; t <= yMax + 1e-9; t += step) {
    const ty = y(t).toFixed(1);
    out.push(
      `<line x1="${M.left}" x2="${M.left + pw}" y1="${ty}" y2="${ty}" stroke="#e6e6e6"/>`,
      `<text x="${M.left - 8}" y="${ty}" text-anchor="end" dominant-baseline="middle" fill="#444">${Math.round(t * 100)}%</text>`,
    );
  }
  for (const f of fractions) {
    const tx = x(f).toFixed(1);
    out.push(
      `<line x1="${tx}" x2="${tx}" y1="${M.top}" y2="${M.top + ph}" stroke="#f0f0f0"/>`,
      `<text x="${tx}" y="${M.top + ph + 18}" text-anchor="middle" fill="#444">${formatPercent(f)}</text>`,
    );
  }
  out.push(
    `<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + ph}" stroke="#333"/>`,
    `<line x1="${M.left}" x2="${M.left + pw}" y1="${M.top + ph}" y2="${M.top + ph}" stroke="#333"/>`,
    `<text x="${M.left + pw / 2}" y="${H - 12}" text-anchor="middle" fill="#222">cache size (% of distinct keys, log scale)</text>`,
    `<text transform="translate(18 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle" fill="#222">miss ratio</text>`,
  );
  // Legend ordered by the miss ratio at the middle size, best first, so it reads as a ranking.
  const mid = fractions[Math.floor(fractions.length / 2)] ?? 0;
  const ordered = [...series].sort((a, b) => (at.get(a)?.get(mid)?.missRatio ?? 1) - (at.get(b)?.get(mid)?.missRatio ?? 1));
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length] as string;
    const dash = DASHES[Math.floor(i / COLORS.length) % DASHES.length] as string;
    const pts = fractions
      .map((f) => at.get(s)?.get(f))
      .filter((r): r is LabRow => r !== undefined)
      .map((r) => `${x(r.fraction).toFixed(1)},${y(r.missRatio).toFixed(1)}`);
    out.push(
      `<polyline points="${pts.join(' ')}" fill="none" stroke="${color}" stroke-width="2"${dash === '' ? '' : ` stroke-dasharray="${dash}"`}/>`,
      ...pts.map((p) => {
        const [cx, cy] = p.split(',');
        return `<circle cx="${cx}" cy="${cy}" r="3" fill="${color}"/>`;
      }),
    );
  });
  out.push(`<text x="${M.left + pw + 16}" y="${M.top + 6}" fill="#444">miss ratio at ${formatPercent(mid)}, best first</text>`);
  ordered.forEach((s, rank) => {
    const i = series.indexOf(s);
    const color = COLORS[i % COLORS.length] as string;
    const ly = M.top + 28 + rank * 20;
    const ratio = at.get(s)?.get(mid)?.missRatio;
    out.push(
      `<line x1="${M.left + pw + 16}" x2="${M.left + pw + 40}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="3"/>`,
      `<text x="${M.left + pw + 46}" y="${ly}" dominant-baseline="middle">${escapeXml(s)}${ratio === undefined ? '' : ` ${(ratio * 100).toFixed(1)}%`}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
