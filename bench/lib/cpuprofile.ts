// Summarises a V8 .cpuprofile (what `node --cpu-prof` writes): self time per function and per file.
//
// The profile is a call tree: each node is one function at one call path, with `hitCount` = how many
// samples had it on top of the stack. Self time of a function = its hits summed over every node
// (call path) it appears in. "(idle)" is the event loop waiting in epoll: left out of the
// percentages, which are therefore shares of the time the process was busy.

import { readFileSync } from 'node:fs';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly hitCount?: number;
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples?: readonly number[];
}

export interface SelfTimeEntry {
  readonly name: string;
  readonly location: string;
  readonly hits: number;
  /** Share of busy samples (everything but "(idle)"), 0..1. */
  readonly share: number;
}

export interface ProfileSummary {
  readonly durationMs: number;
  readonly totalSamples: number;
  readonly idleSamples: number;
  readonly busySamples: number;
  readonly functions: SelfTimeEntry[];
  readonly files: SelfTimeEntry[];
}

/** `file:///work/main/dist/server/client.js` → `dist/server/client.js`; node internals keep `node:`. */
function shortUrl(url: string, root: string): string {
  if (url === '') return '';
  let u = url.replace(/^file:\/\//, '');
  if (u.startsWith(`${root}/`)) u = u.slice(root.length + 1);
  return u;
}

export function summarizeProfile(file: string, root: string): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byFunction = new Map<string, { name: string; location: string; hits: number }>();
  const byFile = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    total += hits;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = functionName === '' ? '(anonymous)' : functionName;
    if (name === '(idle)') {
      idle += hits;
      continue;
    }
    const path = shortUrl(url, root);
    // lineNumber is 0-based in the profile; editors count from 1.
    const location = path === '' ? '' : `${path}:${lineNumber + 1}`;
    const key = `${name}@${location}`;
    const entry = byFunction.get(key) ?? { name, location, hits: 0 };
    entry.hits += hits;
    byFunction.set(key, entry);
    const fileKey = path === '' ? name : path;
    byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + hits);
  }
  const busy = total - idle;
  const functions = [...byFunction.values()]
    .map((e) => ({ ...e, share: e.hits / busy }))
    .sort((a, b) => b.hits - a.hits);
  const files = [...byFile.entries()]
    .map(([name, hits]) => ({ name, location: '', hits, share: hits / busy }))
    .sort((a, b) => b.hits - a.hits);
  return {
    durationMs: (profile.endTime - profile.startTime) / 1000,
    totalSamples: total,
    idleSamples: idle,
    busySamples: busy,
    functions,
    files,
  };
}

export function summaryMarkdown(s: ProfileSummary, top: number): string {
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  const lines = [
    `Profile: ${(s.durationMs / 1000).toFixed(1)} s, ${s.totalSamples} samples, ${pct(s.idleSamples / s.totalSamples)} idle;`,
    'shares below are of the busy samples.',
    '',
    `Top ${top} functions by self time:`,
    '',
    '| # | function | where (compiled JS, line) | self |',
    '|---:|---|---|---:|',
    ...s.functions.slice(0, top).map((f, i) => `| ${i + 1} | \`${f.name}\` | ${f.location === '' ? '(native / VM)' : `\`${f.location}\``} | ${pct(f.share)} |`),
    '',
    'Self time by file:',
    '',
    '| file | self |',
    '|---|---:|',
    ...s.files.slice(0, top).map((f) => `| \`${f.name}\` | ${pct(f.share)} |`),
    '',
  ];
  return lines.join('\n');
}
