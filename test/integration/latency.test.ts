// LATENCY (the latency monitor and the per-command histograms) and INFO latencystats. Exact texts
// are compared with a real redis-server 7.0 when it is installed; timing-dependent numbers are
// normalised to '#' on both sides before comparing.

import { describe, expect, it } from 'vitest';
import { RawClient, resp } from '../helpers/server.js';
import { describeAgainstRealRedis, useTsredis, type Scenario } from '../helpers/side-by-side.js';
import { LatencyHistogram, highestEquivalentValue } from '../../src/commands/latency/monitor.js';

/** One command and its whole reply (it ends with a PING marker so multi-line replies are complete). */
async function send(client: RawClient, ...argv: string[]): Promise<string> {
  client.write(Buffer.concat([resp(...argv), resp('PING')]));
  const got = (await client.readUntil('+PONG\r\n', 5000)).toString('latin1');
  return got.slice(0, -'+PONG\r\n'.length);
}

const digits = (text: string): string => text.replace(/\d+/g, '#');

const SCENARIOS: Record<string, Scenario> = {
  'help, errors, and an idle monitor': async (port) => {
    const c = await RawClient.connect(port);
    const out: string[] = [];
    for (const argv of [
      ['LATENCY'], ['LATENCY', 'HELP'], ['LATENCY', 'FOO'], ['LATENCY', 'HISTORY'], ['LATENCY', 'GRAPH'],
      ['CONFIG', 'SET', 'latency-monitor-threshold', '0'], ['LATENCY', 'RESET'], ['LATENCY', 'LATEST'], ['LATENCY', 'HISTORY', 'command'],
      ['LATENCY', 'RESET', 'command', 'foo'], ['LATENCY', 'GRAPH', 'command'], ['LATENCY', 'DOCTOR'],
      ['CONFIG', 'SET', 'latency-monitor-threshold', '5'], ['LATENCY', 'DOCTOR'], ['LATENCY', 'HISTOGRAM', 'nosuch'],
      ['CONFIG', 'SET', 'latency-monitor-threshold', '0'],
    ]) {
      out.push(await send(c, ...argv));
    }
    c.close();
    return out;
  },

  'a slow command: LATEST, HISTORY, GRAPH and DOCTOR (RESP2 and RESP3)': async (port) => {
    const c = await RawClient.connect(port);
    const out: string[] = [];
    await send(c, 'LATENCY', 'RESET');
    await send(c, 'CONFIG', 'SET', 'latency-monitor-threshold', '5');
    out.push(await send(c, 'DEBUG', 'SLEEP', '0.02'));
    for (const argv of [['LATENCY', 'LATEST'], ['LATENCY', 'HISTORY', 'command'], ['LATENCY', 'GRAPH', 'command'], ['LATENCY', 'DOCTOR']]) {
      out.push(digits(await send(c, ...argv)));
    }
    await send(c, 'CONFIG', 'SET', 'slowlog-log-slower-than', '-1');
    out.push(digits(await send(c, 'LATENCY', 'DOCTOR')));
    await send(c, 'CONFIG', 'SET', 'slowlog-log-slower-than', '10000');
    await c.roundTrip(resp('HELLO', '3'), 'modules\r\n*0\r\n');
    out.push(digits(await send(c, 'LATENCY', 'GRAPH', 'command')));
    out.push(digits(await send(c, 'LATENCY', 'RESET')));
    await send(c, 'CONFIG', 'SET', 'latency-monitor-threshold', '0');
    c.close();
    return out;
  },
};

const ours = useTsredis({ raw: false, config: { 'enable-debug-command': 'yes' } });

describe('latency histograms (the numbers Redis 7.0.15 prints)', () => {
  it('report bucket tops in µs: 1 µs → 1.003, 2 µs → 2.007, 18 µs → 18.047, under 1 µs → 0.001', () => {
    const values = [1, 2, 6, 18, 74, 0].map((us) => {
      const h = new LatencyHistogram();
      h.record(us);
      return h.valueAtPercentile(50).toFixed(3);
    });
    expect(values).toEqual(['1.003', '2.007', '6.015', '18.047', '74.239', '0.001']);
    expect(highestEquivalentValue(32768)).toBe(33023);
  });

  it('LATENCY HISTOGRAM buckets: powers of two from 1024 ns, labelled as Redis labels them, cumulative', () => {
    const h = new LatencyHistogram();
    for (const us of [1, 2, 2, 18, 33, 4000]) h.record(us);
    expect(h.cumulativeBuckets()).toEqual([[1, 1], [2, 3], [33, 5], [4227, 6]]);
    expect(h.calls).toBe(6);
    expect(h.valueAtPercentile(50).toFixed(3)).toBe('2.007');
    // 4 ms lies in a bucket 16,384 ns wide: its top is 4,014,079 ns.
    expect(h.valueAtPercentile(99).toFixed(3)).toBe('4014.079');
  });
});

describe('LATENCY and INFO latencystats on tsredis', () => {
  it('INFO latencystats lists each command run, with the configured percentiles', async () => {
    const c = await RawClient.connect(ours.port);
    await send(c, 'CONFIG', 'RESETSTAT');
    await send(c, 'SET', 'k', 'v');
    await send(c, 'GET', 'k');
    await send(c, 'CONFIG', 'SET', 'latency-tracking-info-percentiles', '50 99.99');
    const info = await send(c, 'INFO', 'latencystats');
    expect(info).toMatch(/# Latencystats\r\n/);
    expect(info).toMatch(/latency_percentiles_usec_set:p50=\d+\.\d{3},p99\.99=\d+\.\d{3}\r\n/);
    expect(info).toMatch(/latency_percentiles_usec_config\|resetstat:p50=/);
    await send(c, 'CONFIG', 'SET', 'latency-tracking-info-percentiles', '50 99 99.9');
    const histogram = await send(c, 'LATENCY', 'HISTOGRAM', 'set', 'config');
    expect(histogram).toMatch(/^\*6\r\n\$3\r\nset\r\n\*4\r\n\$5\r\ncalls\r\n:1\r\n\$14\r\nhistogram_usec\r\n\*2\r\n:\d+\r\n:1\r\n\$10\r\nconfig\|set\r\n/);
    await send(c, 'CONFIG', 'SET', 'latency-tracking', 'no');
    await send(c, 'CONFIG', 'RESETSTAT');
    await send(c, 'GET', 'k');
    expect(await send(c, 'INFO', 'latencystats')).toBe('$16\r\n# Latencystats\r\n\r\n');
    await send(c, 'CONFIG', 'SET', 'latency-tracking', 'yes');
    c.close();
  });

  it('a command over latency-monitor-threshold is a "command" event; DOCTOR explains it', async () => {
    const out = await SCENARIOS['a slow command: LATEST, HISTORY, GRAPH and DOCTOR (RESP2 and RESP3)']!(ours.port);
    expect(out[0]).toBe('+OK\r\n');
    expect(out[1]).toBe('*#\r\n*#\r\n$#\r\ncommand\r\n:#\r\n:#\r\n:#\r\n');
    expect(out[3]).toContain('command - high # ms, low # ms (all time high # ms)\n' + '-'.repeat(80) + '\n \n \n \n_\n \n#\ns\n');
    expect(out[4]).toContain('#. command: # latency spikes (average #ms, mean deviation #ms, period #.# sec). Worst all time event #ms.\n');
    expect(out[5]).toContain("- There are latency issues with potentially slow commands you are using. Try to enable the Slow Log Redis feature using the command 'CONFIG SET slowlog-log-slower-than #'.");
  });
});

describeAgainstRealRedis('LATENCY (numbers normalised)', SCENARIOS, () => ours.port, ['--enable-debug-command', 'yes']);
