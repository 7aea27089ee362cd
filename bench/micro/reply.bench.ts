// Reply-encoding throughput: the ReplyWriter on the replies the hot commands produce (GET's bulk, LRANGE's
// array of latin1 strings, HGETALL's map, ZRANGE WITHSCORES, integers, statuses), in RESP2 and RESP3.
// Run: npx tsx bench/micro/reply.bench.ts             (add --quick for a short smoke run)
//
// Each task encodes one reply into a writer and takes the chunks, as a client does once per reply or per
// pipeline. "ops/s" is replies per second; "MB/s" is encoded bytes per second.

import os from 'node:os';
import { Bench } from 'tinybench';
import { double, encodeReply, map, ReplyWriter, status, type Reply } from '../../src/protocol/reply.js';

const quick = process.argv.includes('--quick');

const value16 = 'v'.repeat(16);
const lrange = (n: number): string[] => Array.from({ length: n }, (_, i) => `element:${i}:${value16}`.slice(0, 3 + (i % 20)));
const hgetall = map(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? `field:${i}` : `value:${i}`)));
const zrange = Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? `member:${i}` : double(i * 1.5)));

const CASES: Array<readonly [string, Reply]> = [
  ['GET (16-byte bulk)', value16],
  ['GET (Buffer bulk, 100 B)', Buffer.alloc(100, 0x61)],
  ['INCR (integer)', 12345],
  ['SET (+OK)', status('OK')],
  ['LRANGE_100', lrange(100)],
  ['LRANGE_300', lrange(300)],
  ['LRANGE_600', lrange(600)],
  ['HGETALL (10 pairs)', hgetall],
  ['ZRANGE WITHSCORES (50 pairs)', zrange],
];

async function main(): Promise<void> {
  const rows: string[] = [];
  for (const resp of [2, 3] as const) {
    const bench = new Bench({ time: quick ? 100 : 1000, warmupTime: quick ? 20 : 200 });
    const writer = new ReplyWriter();
    writer.resp = resp;
    for (const [name, reply] of CASES) {
      bench.add(`RESP${resp} ${name}`, () => {
        writer.write(reply);
        writer.take();
      });
    }
    await bench.run();
    for (const task of bench.tasks) {
      const name = task.name;
      const reply = CASES.find(([n]) => name.endsWith(n))?.[1] as Reply;
      const bytes = encodeReply(reply, resp).length;
      const result = task.result;
      if (result.state !== 'completed') throw new Error(`${name}: ${result.state}`);
      const hz = 1000 / result.latency.mean;
      rows.push(`| ${name} | ${Math.round(hz).toLocaleString('en-US')} | ${((hz * bytes) / 1e6).toFixed(1)} |`);
    }
  }
  process.stdout.write(
    [`Node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'}`, '', '| Reply | ops/s | MB/s |', '| --- | --- | --- |', ...rows, ''].join('\n'),
  );
}

await main();
