// Blocking list commands over TCP: BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP. Who is served first,
// from which key, what a timeout replies in RESP2 and RESP3, what happens on disconnect, CLIENT
// UNBLOCK, MULTI/EXEC, keys changing type while clients wait, and a Celery-style broker loop.
// Expected behaviour read off redis-server 7.0.15 with several connections.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { RawClient, resp, errorOf } from '../helpers/server.js';
import { useTsredis } from '../helpers/side-by-side.js';

const extra: Redis[] = [];
const raws: RawClient[] = [];

const ours = useTsredis({ raw: false, ioredis: true });

beforeEach(async () => {
  await ours.client.flushall();
});

afterEach(async () => {
  for (const c of extra.splice(0)) c.disconnect();
  for (const c of raws.splice(0)) c.close();
  await waitUntil(() => ours.server.blockedClients === 0);
});

/** Another connection (closed after the test). */
function client(): Redis {
  const c = new Redis(ours.port, '127.0.0.1', { enableReadyCheck: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
  extra.push(c);
  return c;
}

async function rawClient(): Promise<RawClient> {
  const c = await RawClient.connect(ours.port);
  raws.push(c);
  return c;
}

async function waitUntil(cond: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Wait until exactly `n` clients are blocked: the order in which they queued is then known. */
const blockedCount = (n: number): Promise<void> => waitUntil(() => ours.server.blockedClients === n);

describe('serving without blocking', () => {
  it('BLPOP/BRPOP take from the first non-empty key in argument order', async () => {
    await ours.client.rpush('b', '1', '2', '3');
    await ours.client.rpush('c', 'x');
    expect(await ours.client.blpop('a', 'b', 'c', 0)).toEqual(['b', '1']);
    expect(await ours.client.brpop('a', 'c', 'b', 0)).toEqual(['c', 'x']);
    expect(await ours.client.brpop('a', 'b', 0)).toEqual(['b', '3']);
    expect(await ours.client.exists('c')).toBe(0);
  });

  it('BLMOVE, BRPOPLPUSH and BLMPOP act as LMOVE, RPOPLPUSH and LMPOP when there is data', async () => {
    await ours.client.rpush('src', 'a', 'b', 'c', 'd');
    expect(await ours.client.blmove('src', 'dst', 'LEFT', 'RIGHT', 0)).toBe('a');
    expect(await ours.client.brpoplpush('src', 'dst', 0)).toBe('d');
    expect(await ours.client.lrange('dst', 0, -1)).toEqual(['d', 'a']);
    expect(await ours.client.call('BLMPOP', '0', '2', 'none', 'src', 'RIGHT', 'COUNT', '5')).toEqual(['src', ['c', 'b']]);
  });

  it('errors: WRONGTYPE at once, timeouts parsed first (BLMPOP: after its other arguments)', async () => {
    await ours.client.set('s', 'x');
    expect(await errorOf(ours.client.blpop('s', 0.01))).toBe('WRONGTYPE Operation against a key holding the wrong kind of value');
    expect(await errorOf(ours.client.blpop('none', 's', 0.01))).toBe('WRONGTYPE Operation against a key holding the wrong kind of value');
    expect(await errorOf(ours.client.call('BLMPOP', '0.01', '2', 'none', 's', 'LEFT'))).toBe(
      'WRONGTYPE Operation against a key holding the wrong kind of value',
    );
    expect(await errorOf(ours.client.call('BLPOP', 's', '-1'))).toBe('ERR timeout is negative');
    expect(await errorOf(ours.client.call('BRPOPLPUSH', 's', 'd', '-1'))).toBe('ERR timeout is negative');
    expect(await errorOf(ours.client.call('BLMOVE', 's', 'd', 'UP', 'LEFT', '-1'))).toBe('ERR syntax error');
    expect(await errorOf(ours.client.call('BLMPOP', 'x', '0', 'k', 'LEFT'))).toBe('ERR numkeys should be greater than 0');
    expect(await errorOf(ours.client.call('BLMPOP', '-1', '1', 'k', 'LEFT', 'COUNT', '0'))).toBe('ERR count should be greater than 0');
    expect(await errorOf(ours.client.call('BLMPOP', 'x', '1', 'k', 'MIDDLE'))).toBe('ERR syntax error');
    expect(await errorOf(ours.client.call('BLMPOP', 'x', '1', 'k', 'LEFT'))).toBe('ERR timeout is not a float or out of range');
  });

  it('timeout parsing is getTimeoutFromObjectOrReply\'s: long double seconds, rounded up to ms, overflow is "negative"', async () => {
    const notFloat = 'ERR timeout is not a float or out of range';
    const negative = 'ERR timeout is negative';
    for (const bad of ['abc', 'nan', '', ' 1', '1 ', '1e-5000']) {
      expect(await errorOf(ours.client.call('BLPOP', 'k', bad)), bad).toBe(notFloat);
    }
    for (const neg of ['-1', '-inf', 'inf', '1e400', '1e16', '9223372036854775807', '9223372036854776', '9223372036854775.808']) {
      expect(await errorOf(ours.client.call('BLPOP', 'k', neg)), neg).toBe(negative);
    }
    // Tiny positive timeouts round up to 1 ms and time out; hex floats are floats.
    expect(await ours.client.call('BLPOP', 'k', '1e-10')).toBeNull();
    expect(await ours.client.call('BLPOP', 'k', '0x1p-20')).toBeNull();
    expect(await ours.client.call('BLPOP', 'k', '0.001')).toBeNull();
  });

  it('timeouts that round to 0 (-0, -1e-10) wait forever, like 0; the largest ones are accepted', async () => {
    for (const forever of ['0', '-0', '-1e-10', '0x10', '9223372036854775.807']) {
      const c = client();
      const pending = c.call('BLPOP', `k-${forever}`, forever);
      await blockedCount(1);
      await ours.client.rpush(`k-${forever}`, 'v');
      expect(await pending).toEqual([`k-${forever}`, 'v']);
    }
  });
});

describe('blocking and waking', () => {
  it('clients blocked on a key are served first come, first served; one element each', async () => {
    const [a, b, c] = [client(), client(), client()];
    const pa = a.blpop('q', 0);
    await blockedCount(1);
    const pb = b.blpop('q', 0);
    await blockedCount(2);
    const pc = c.blpop('q', 0);
    await blockedCount(3);
    expect(await ours.client.rpush('q', '1', '2')).toBe(2);
    expect(await pa).toEqual(['q', '1']);
    expect(await pb).toEqual(['q', '2']);
    expect(ours.server.blockedClients).toBe(1);
    expect(await ours.client.exists('q')).toBe(0);
    await ours.client.rpush('q', '3', '4');
    expect(await pc).toEqual(['q', '3']);
    expect(await ours.client.lrange('q', 0, -1)).toEqual(['4']);
  });

  it('BRPOP takes from the tail of the pushed list', async () => {
    const c = client();
    const pending = c.brpop('q', 0);
    await blockedCount(1);
    await ours.client.rpush('q', 'a', 'b', 'c');
    expect(await pending).toEqual(['q', 'c']);
  });

  it('a client blocked on several keys is woken by a push to any of them', async () => {
    const c = client();
    const pending = c.blpop('a', 'b', 'c', 0);
    await blockedCount(1);
    await ours.client.lpush('c', 'x');
    expect(await pending).toEqual(['c', 'x']);
  });

  it('BLMOVE chains: the element it pushes to its destination wakes a client waiting there', async () => {
    const [a, b] = [client(), client()];
    const pa = a.blmove('k1', 'k2', 'LEFT', 'RIGHT', 0);
    await blockedCount(1);
    const pb = b.blpop('k2', 0);
    await blockedCount(2);
    await ours.client.rpush('k1', 'x');
    expect(await pa).toBe('x');
    expect(await pb).toEqual(['k2', 'x']);
    expect(await ours.client.exists('k1', 'k2')).toBe(0);
  });

  it('BRPOPLPUSH onto the same key it waits on, with a second waiter on that key', async () => {
    const [a, b] = [client(), client()];
    const pa = a.brpoplpush('k', 'k', 0);
    await blockedCount(1);
    const pb = b.blpop('k', 0);
    await blockedCount(2);
    await ours.client.lpush('k', 'v');
    expect(await pa).toBe('v');
    expect(await pb).toEqual(['k', 'v']);
    expect(await ours.client.exists('k')).toBe(0);
  });

  it('BLMPOP waits on every key and takes up to COUNT from the pushed one', async () => {
    const c = client();
    const pending = c.call('BLMPOP', '0', '2', 'a', 'b', 'RIGHT', 'COUNT', '3');
    await blockedCount(1);
    await ours.client.rpush('b', '1', '2', '3', '4');
    expect(await pending).toEqual(['b', ['4', '3', '2']]);
    expect(await ours.client.lrange('b', 0, -1)).toEqual(['1']);
  });

  it('a key in another database does not wake the client', async () => {
    const c = client();
    await c.select(1);
    const pending = c.blpop('q', 0);
    await blockedCount(1);
    await ours.client.rpush('q', 'db0');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(ours.server.blockedClients).toBe(1);
    await ours.client.select(1);
    await ours.client.rpush('q', 'db1');
    await ours.client.select(0);
    expect(await pending).toEqual(['q', 'db1']);
    expect(await ours.client.lrange('q', 0, -1)).toEqual(['db0']);
  });

  it('a key named twice is waited on once; the woken reply has the same shape in RESP3', async () => {
    const c = await rawClient();
    await c.roundTrip(resp('HELLO', '3'), 'modules\r\n*0\r\n');
    c.write(resp('BLPOP', 'q', 'q', '0'));
    await blockedCount(1);
    await ours.client.rpush('q', 'v', 'w');
    expect((await c.readUntil('v\r\n')).toString('latin1')).toBe('*2\r\n$1\r\nq\r\n$1\r\nv\r\n');
    expect(await ours.client.lrange('q', 0, -1)).toEqual(['w']);
    c.write(resp('BLMPOP', '0', '2', 'a', 'q', 'LEFT', 'COUNT', '2'));
    expect((await c.readUntil('w\r\n')).toString('latin1')).toBe('*2\r\n$1\r\nq\r\n*1\r\n$1\r\nw\r\n');
  });

  it('when one EXEC fills several keys a client waits on, it is served from the key written first', async () => {
    // Read off redis-server 7.0.15: BLPOP a b / BZPOPMIN z1 z2 / BLMPOP 0 2 m1 m2 LEFT COUNT 5 waiting,
    // then MULTI, RPUSH b x, RPUSH a y, ZADD z2 1 m, ZADD z1 2 n, RPUSH m2 p q, RPUSH m1 r, EXEC.
    const lists = client();
    const zsets = client();
    const mpop = client();
    const pendingList = lists.blpop('a', 'b', 0);
    await blockedCount(1);
    const pendingZset = zsets.bzpopmin('z1', 'z2', 0);
    await blockedCount(2);
    const pendingMpop = mpop.call('BLMPOP', '0', '2', 'm1', 'm2', 'LEFT', 'COUNT', '5');
    await blockedCount(3);
    await ours.client.multi().rpush('b', 'x').rpush('a', 'y').zadd('z2', 1, 'm').zadd('z1', 2, 'n').rpush('m2', 'p', 'q').rpush('m1', 'r').exec();
    expect(await pendingList).toEqual(['b', 'x']);
    expect(await pendingZset).toEqual(['z2', 'm', '1']);
    expect(await pendingMpop).toEqual(['m2', ['p', 'q']]);
    expect(await ours.client.lrange('a', 0, -1)).toEqual(['y']);
    expect(await ours.client.zrange('z1', '0', '-1')).toEqual(['n']);
    expect(await ours.client.lrange('m1', 0, -1)).toEqual(['r']);
  });

  it('commands pipelined behind a blocked one run once it is served', async () => {
    const c = await rawClient();
    c.write(Buffer.concat([resp('BLPOP', 'q', '0'), resp('PING')]));
    await blockedCount(1);
    await ours.client.rpush('q', 'v');
    expect((await c.readUntil('+PONG\r\n')).toString('latin1')).toBe('*2\r\n$1\r\nq\r\n$1\r\nv\r\n+PONG\r\n');
  });
});

describe('timeouts', () => {
  it('a float timeout in seconds: BLPOP k 0.1 replies a null array after about 100 ms', async () => {
    const start = Date.now();
    expect(await ours.client.blpop('k', 0.1)).toBeNull();
    const elapsed = Date.now() - start;
    expect(elapsed).toBeGreaterThanOrEqual(95);
    expect(elapsed).toBeLessThan(1000);
    expect(ours.server.blockedClients).toBe(0);
  });

  it('the timeout reply is a null array for every blocking command: RESP2 *-1, RESP3 _', async () => {
    const c2 = await rawClient();
    const c3 = await rawClient();
    await c3.roundTrip(resp('HELLO', '3'), 'modules\r\n*0\r\n');
    const commands = [
      ['BLPOP', 'k', '0.02'], ['BRPOP', 'k', '0.02'], ['BLMOVE', 'k', 'd', 'LEFT', 'LEFT', '0.02'],
      ['BRPOPLPUSH', 'k', 'd', '0.02'], ['BLMPOP', '0.02', '1', 'k', 'LEFT'],
    ];
    for (const argv of commands) {
      expect((await c2.roundTrip(resp(...argv))).toString(), argv[0]).toBe('*-1\r\n');
      expect((await c3.roundTrip(resp(...argv))).toString(), argv[0]).toBe('_\r\n');
    }
  });

  it('a served client is not timed out later, and a timed-out one gets nothing from later pushes', async () => {
    const c = client();
    expect(await c.blpop('k', 0.05)).toBeNull();
    const pending = c.blpop('k', 0.2);
    await blockedCount(1);
    await ours.client.rpush('k', 'v');
    expect(await pending).toEqual(['k', 'v']);
    await new Promise((resolve) => setTimeout(resolve, 250));
    await ours.client.rpush('k', 'w');
    expect(await c.lrange('k', 0, -1)).toEqual(['w']);
  });

  it('a timeout longer than a Node timer can hold (2^31 ms, ~24.8 days) does not fire early', async () => {
    const c = client();
    const pending = c.blpop('k', 2147484);
    await blockedCount(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ours.server.blockedClients).toBe(1);
    await ours.client.rpush('k', 'v');
    expect(await pending).toEqual(['k', 'v']);
  });
});

describe('ending a wait from outside', () => {
  it('a blocked client that disconnects is forgotten: the count drops and later pushes stay in the list', async () => {
    const c = await rawClient();
    c.write(resp('BLPOP', 'q', '0'));
    await blockedCount(1);
    c.close();
    await blockedCount(0);
    await ours.client.rpush('q', 'v');
    expect(await ours.client.lrange('q', 0, -1)).toEqual(['v']);
  });

  it('CLIENT UNBLOCK ends the wait as a timeout (null array) or with the UNBLOCKED error', async () => {
    const c = client();
    const id = Number(await c.client('ID'));
    const pending = c.blpop('q', 0);
    await blockedCount(1);
    expect(await ours.client.call('CLIENT', 'UNBLOCK', String(id))).toBe(1);
    expect(await pending).toBeNull();
    const again = errorOf(c.brpop('q', 0));
    await blockedCount(1);
    expect(await ours.client.call('CLIENT', 'UNBLOCK', String(id), 'ERROR')).toBe(1);
    expect(await again).toBe('UNBLOCKED client unblocked via CLIENT UNBLOCK');
    expect(await ours.client.call('CLIENT', 'UNBLOCK', String(id))).toBe(0);
  });
});

describe('keys changing type while clients wait (Redis 7.0 serves only lists)', () => {
  it('a key that becomes a string leaves its waiters blocked; another of their keys still serves them', async () => {
    const c = client();
    const pending = c.blpop('k1', 'k2', 0);
    await blockedCount(1);
    await ours.client.set('k1', 'x');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ours.server.blockedClients).toBe(1);
    await ours.client.rpush('k2', 'v');
    expect(await pending).toEqual(['k2', 'v']);
  });

  it('BLMOVE whose destination is not a list gets WRONGTYPE when woken; the element stays in the source', async () => {
    await ours.client.set('s', 'x');
    const c = client();
    const pending = errorOf(c.blmove('src', 's', 'LEFT', 'LEFT', 0));
    await blockedCount(1);
    await ours.client.rpush('src', 'v');
    expect(await pending).toBe('WRONGTYPE Operation against a key holding the wrong kind of value');
    expect(await ours.client.lrange('src', 0, -1)).toEqual(['v']);
    expect(ours.server.blockedClients).toBe(0);
  });
});

describe('MULTI/EXEC', () => {
  it('a push inside a transaction wakes waiters only after EXEC', async () => {
    const c = client();
    const pending = c.blpop('q', 0);
    await blockedCount(1);
    const tx = await rawClient();
    expect((await tx.roundTrip(resp('MULTI'))).toString()).toBe('+OK\r\n');
    expect((await tx.roundTrip(resp('RPUSH', 'q', 'a'))).toString()).toBe('+QUEUED\r\n');
    expect((await tx.roundTrip(resp('RPUSH', 'q', 'b'))).toString()).toBe('+QUEUED\r\n');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ours.server.blockedClients).toBe(1);
    expect((await tx.roundTrip(resp('EXEC'), ':2\r\n')).toString()).toBe('*2\r\n:1\r\n:2\r\n');
    expect(await pending).toEqual(['q', 'a']);
    expect(await ours.client.lrange('q', 0, -1)).toEqual(['b']);
  });

  it('inside MULTI a blocking command does not block: it replies at once like its non-blocking form', async () => {
    await ours.client.rpush('full', 'x');
    const results = await ours.client.multi().blpop('empty', 0).blpop('full', 0).call('BLMPOP', '0', '1', 'empty', 'LEFT').exec();
    expect(results).toEqual([[null, null], [null, ['full', 'x']], [null, null]]);
    expect(ours.server.blockedClients).toBe(0);
  });
});

describe('a Celery-style broker: consumers loop on BRPOP q1 q2 q3 1 while a producer LPUSHes', () => {
  it('every message is consumed exactly once, and in queue order by each consumer', async () => {
    const QUEUES = ['q1', 'q2', 'q3'];
    const MESSAGES = 600;
    const consumers = [client(), client(), client(), client()];
    const received: Array<Array<[string, number]>> = consumers.map(() => []);
    let produced = 0;
    let stop = false;
    const loops = consumers.map(async (c, n) => {
      while (!stop) {
        const got = await c.brpop(...QUEUES, 1);
        if (got !== null) received[n]?.push([got[0], Number(got[1])]);
      }
    });
    // Seeded choice of queue, so a failure reproduces.
    let seed = 12345;
    const nextQueue = (): string => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return QUEUES[seed % QUEUES.length] as string;
    };
    const producer = client();
    const seqPerQueue = new Map<string, number>();
    while (produced < MESSAGES) {
      const burst = Math.min(1 + (produced % 7), MESSAGES - produced);
      const pipeline = producer.pipeline();
      for (let i = 0; i < burst; i++) {
        const queue = nextQueue();
        const seq = seqPerQueue.get(queue) ?? 0;
        seqPerQueue.set(queue, seq + 1);
        pipeline.lpush(queue, String(seq));
      }
      await pipeline.exec();
      produced += burst;
      if (produced % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await waitUntil(() => received.reduce((sum, list) => sum + list.length, 0) >= MESSAGES, 10000);
    stop = true;
    await Promise.all(loops);
    const all = received.flat();
    expect(all.length).toBe(MESSAGES);
    for (const queue of QUEUES) {
      const seqs = all.filter(([q]) => q === queue).map(([, s]) => s).sort((x, y) => x - y);
      expect(seqs).toEqual(Array.from({ length: seqPerQueue.get(queue) ?? 0 }, (_, i) => i));
      for (const mine of received) {
        const order = mine.filter(([q]) => q === queue).map(([, s]) => s);
        expect(order).toEqual([...order].sort((x, y) => x - y));
      }
    }
    expect(await ours.client.exists(...QUEUES)).toBe(0);
    // More than one consumer did work.
    expect(received.filter((list) => list.length > 0).length).toBeGreaterThan(1);
  });
});
