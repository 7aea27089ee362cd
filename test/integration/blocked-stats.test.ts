// What a blocking command records, and when (Redis 7.0's call() skips the latency sample and the
// slow log of a client it just blocked; updateStatsOnUnblock records them when a waiter is served;
// a wait that times out records nothing more). Expected values read off redis-server 7.0.15 with
// slowlog-log-slower-than 0: a served BLPOP's slow log entry comes after the RPUSH that served it,
// a timed-out BLPOP and a WAIT have no slow log entry and no latencystats line; each counts one call.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { useTsredis } from '../helpers/side-by-side.js';

const others: Redis[] = [];

type Entry = [number, number, number, string[], string, string];

/** A connected client: its connection's own commands (ioredis's INFO check) are done before the test resets the log. */
async function client(): Promise<Redis> {
  const c = new Redis(ours.port, '127.0.0.1');
  others.push(c);
  await c.ping();
  return c;
}

async function blockedCount(n: number): Promise<void> {
  while (ours.server.blockedClients !== n) await new Promise((resolve) => setTimeout(resolve, 2));
}

async function slowlogArgvs(): Promise<string[][]> {
  const entries = (await ours.client.call('SLOWLOG', 'GET', '-1')) as Entry[];
  return entries.map((entry) => entry[3]);
}

async function info(section: string, prefix: string): Promise<string[]> {
  const text = (await ours.client.info(section)).split('\r\n');
  return text.filter((line) => line.startsWith(prefix));
}

const ours = useTsredis({ raw: false, ioredis: {} });

beforeAll(async () => {
  await ours.client.config('SET', 'slowlog-log-slower-than', '0');
  await ours.client.config('SET', 'latency-tracking', 'yes');
});

afterAll(async () => {
  for (const c of others) c.disconnect();
});

describe('statistics of blocking commands', () => {
  it('a served BLPOP gets its slow log entry and latency sample when it is served, after the push', async () => {
    const c = await client();
    await ours.client.config('RESETSTAT');
    await ours.client.call('SLOWLOG', 'RESET');
    const pending = c.blpop('q', 5);
    await blockedCount(1);
    await ours.client.rpush('q', 'a');
    expect(await pending).toEqual(['q', 'a']);
    const argvs = await slowlogArgvs();
    expect(argvs.slice(0, 3)).toEqual([['blpop', 'q', '5'], ['rpush', 'q', 'a'], ['SLOWLOG', 'RESET']]);
    expect(await info('commandstats', 'cmdstat_blpop:')).toEqual([expect.stringMatching(/^cmdstat_blpop:calls=1,usec=\d+,/)]);
    expect(await info('latencystats', 'latency_percentiles_usec_blpop:')).toHaveLength(1);
  });

  it('a BLPOP that times out counts one call, with no slow log entry and no latency sample', async () => {
    const c = await client();
    await ours.client.config('RESETSTAT');
    await ours.client.call('SLOWLOG', 'RESET');
    expect(await c.blpop('empty', 0.05)).toBeNull();
    expect(await slowlogArgvs()).toEqual([['SLOWLOG', 'RESET']]);
    expect(await info('commandstats', 'cmdstat_blpop:')).toEqual([expect.stringMatching(/^cmdstat_blpop:calls=1,usec=\d+,/)]);
    expect(await info('latencystats', 'latency_percentiles_usec_blpop:')).toEqual([]);
  });

  it('a BLPOP that does not block is recorded at once, like any command', async () => {
    await ours.client.rpush('full', 'x');
    const c = await client();
    await ours.client.config('RESETSTAT');
    await ours.client.call('SLOWLOG', 'RESET');
    expect(await c.blpop('full', 1)).toEqual(['full', 'x']);
    expect((await slowlogArgvs())[0]).toEqual(['blpop', 'full', '1']);
    expect(await info('latencystats', 'latency_percentiles_usec_blpop:')).toHaveLength(1);
  });
});
