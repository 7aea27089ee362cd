// Re-draws the SVG charts of a finished lab run from its results.csv (after a change to the chart
// code), without replaying anything. Subtitles come from the run's results.md.
//
//   node --import tsx bench/eviction/render.ts bench/results/eviction-2026-11-26

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderSvg, type LabRow } from './report.js';

function parseCsv(text: string): LabRow[] {
  const [header, ...lines] = text.trim().split('\n');
  const cols = (header ?? '').split(',');
  const at = (cells: string[], name: string): string => cells[cols.indexOf(name)] ?? '';
  return lines.map((line) => {
    const c = line.split(',');
    return {
      workload: at(c, 'workload'), policy: at(c, 'policy'), mode: at(c, 'mode'),
      fraction: Number(at(c, 'cache_fraction')), capacity: Number(at(c, 'cache_keys')), requests: Number(at(c, 'requests')),
      hits: Number(at(c, 'hits')), misses: Number(at(c, 'misses')), missRatio: Number(at(c, 'miss_ratio')),
      residentAtEnd: Number(at(c, 'resident_at_end')), elapsedMs: Number(at(c, 'elapsed_ms')),
    };
  });
}

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: render.ts <results dir>');
const rows = parseCsv(readFileSync(path.join(dir, 'results.csv'), 'utf8'));
const md = readFileSync(path.join(dir, 'results.md'), 'utf8').split('\n');
for (const workload of new Set(rows.map((r) => r.workload))) {
  const heading = md.indexOf(`## ${workload}`);
  const subtitle = heading === -1 ? '' : (md.slice(heading + 1).find((l) => l.trim() !== '') ?? '').replace(/; \d+ distinct keys\.$/, '');
  writeFileSync(path.join(dir, `${workload}.svg`), renderSvg(`Miss ratio: ${workload}`, subtitle, rows.filter((r) => r.workload === workload)));
  console.log(`${dir}/${workload}.svg`);
}
