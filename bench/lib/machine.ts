// What a results file records about the run: the machine, the software versions, the load.
// Numbers from a shared machine are only comparable with the load beside them.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface MachineInfo {
  readonly nproc: number;
  readonly cpuModel: string;
  readonly kernel: string;
  readonly memoryGb: number;
  readonly node: string;
  readonly redisServer: string;
  readonly redisBenchmark: string;
  readonly tsredis: string;
}

function firstLine(file: string, args: readonly string[]): string {
  try {
    return execFileSync(file, args, { encoding: 'utf8' }).split('\n')[0]?.trim() ?? '';
  } catch {
    return `(${file} not found)`;
  }
}

export function machineInfo(tsredisVersion: string): MachineInfo {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? cpuModel;
  } catch {
    // not Linux: keep os.cpus()'s answer
  }
  return {
    nproc: Number(firstLine('nproc', [])) || os.availableParallelism(),
    cpuModel,
    kernel: `${os.type()} ${os.release()}`,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    redisServer: firstLine('redis-server', ['--version']),
    redisBenchmark: firstLine('redis-benchmark', ['--version']),
    tsredis: tsredisVersion,
  };
}

/** The 1, 5 and 15 minute load averages, as `uptime` prints them. */
export function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(' ');
}

/** YYYY-MM-DD (UTC), for result file names. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function machineMarkdown(m: MachineInfo): string[] {
  return [
    `- Machine: \`nproc\` = ${m.nproc}, CPU \`${m.cpuModel}\`, ${m.kernel}, ${m.memoryGb} GB RAM.`,
    `- Node ${m.node}; tsredis ${m.tsredis} (\`node dist/cli.js\`, built by \`npm run build\`).`,
    `- ${m.redisServer}`,
    `- ${m.redisBenchmark} (Debian's redis-tools).`,
  ];
}
