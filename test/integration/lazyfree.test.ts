// Lazy free: removing a big collection must not stall the server (issue: "a DEL or FLUSHALL of a
// 10-million-element collection, UNLINK and FLUSHALL ASYNC free it without blocking other clients").
// Redis needs a background thread for that (lazyfree.c); for us dropping the last reference is O(1)
// and V8 reclaims the memory concurrently, so the property to protect is that no code path on the way
// out (DEL, UNLINK, FLUSHDB/FLUSHALL, overwrite, expiry, memory accounting, keyspace events, WATCH,
// the AOF, a running BGSAVE) walks the elements. The test proves it without timing anything: the
// value's internals are wrapped in a counting proxy, and removing it may touch them only a few times,
// where a walk of 50,000 elements would touch them 50,000 times or more.

import { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RedisObject } from '../../src/datatypes/object.js';
import { useTsredis } from '../helpers/side-by-side.js';

const ELEMENTS = 50_000;
const BATCH = 1000;


const ours = useTsredis({ raw: false, ioredis: true });

beforeAll(async () => {
  // A list node packs its elements into one string (datatypes/list/node.ts), so reading them is
  // invisible to the proxy: with at most 4 elements per node, any walk of the 50,000 elements has
  // to step through 12,500 nodes, which the proxy does count.
  await ours.client.config('SET', 'list-max-listpack-size', '4');
});

/** Build a big value of `type` under `key`, with non-integer members so sets and hashes leave their compact encodings. */
async function bigValue(type: 'hash' | 'set' | 'zset' | 'list', key: string): Promise<void> {
  for (let start = 0; start < ELEMENTS; start += BATCH) {
    const items = Array.from({ length: BATCH }, (_, i) => `member:${start + i}`);
    if (type === 'hash') await ours.client.hset(key, ...items.flatMap((m) => [m, 'v']));
    else if (type === 'set') await ours.client.sadd(key, ...items);
    else if (type === 'zset') await ours.client.zadd(key, ...items.flatMap((m, i) => [String(start + i), m]));
    else await ours.client.rpush(key, ...items);
  }
}

/**
 * Wrap every object reachable from `root` in a proxy that counts property reads, Map/Set method calls
 * and iterator steps. Returns the counter and installs the wrapped payload back on the value.
 */
function instrument(obj: RedisObject): { reads: number } {
  const counter = { reads: 0 };
  const cache = new WeakMap<object, object>();
  const wrap = (target: unknown): unknown => {
    if (typeof target !== 'object' || target === null || Buffer.isBuffer(target)) return target;
    const known = cache.get(target);
    if (known !== undefined) return known;
    const isCollection = target instanceof Map || target instanceof Set;
    const proxy = new Proxy(target, {
      get(t, prop, receiver) {
        counter.reads++;
        if (isCollection) {
          const value = Reflect.get(t, prop, t) as unknown;
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            const result = (value as (...a: unknown[]) => unknown).apply(t, args);
            if (typeof result === 'object' && result !== null && typeof (result as Iterator<unknown>).next === 'function') {
              const it = result as Iterator<unknown>;
              return { next: () => (counter.reads++, it.next()), [Symbol.iterator]() { return this; } };
            }
            return wrap(result);
          };
        }
        return wrap(Reflect.get(t, prop, receiver));
      },
    });
    cache.set(target, proxy);
    return proxy;
  };
  const holder = obj as unknown as Record<string, unknown>;
  const field = 'data' in holder ? 'data' : 'ql';
  Object.defineProperty(holder, field, { value: wrap(holder[field]), writable: true, configurable: true, enumerable: true });
  return counter;
}

const peek = (key: string): RedisObject => {
  const obj = ours.server.keyspace.db(0).peek(key);
  if (obj === undefined) throw new Error(`no ${key}`);
  return obj;
};

/** The number of reads that would mean "walked the elements": far fewer than ELEMENTS. */
const WALK = ELEMENTS / 10;

describe.each(['hash', 'set', 'zset', 'list'] as const)('removing a %s of 50,000 elements touches none of them', (type) => {
  it('the proxy sees a walk (the check can fail)', async () => {
    await bigValue(type, 'probe');
    const counter = instrument(peek('probe'));
    // A command that must look at every element: the counter has to notice it.
    if (type === 'hash') await ours.client.hgetall('probe');
    else if (type === 'set') await ours.client.smembers('probe');
    else if (type === 'zset') await ours.client.zrange('probe', '0', '-1');
    else await ours.client.lrange('probe', 0, -1);
    expect(counter.reads).toBeGreaterThan(WALK);
    await ours.client.del('probe');
  });

  const ways: Array<[string, (key: string) => Promise<unknown>]> = [
    ['DEL', (key) => ours.client.del(key)],
    ['UNLINK', (key) => ours.client.unlink(key)],
    ['SET over it', (key) => ours.client.set(key, 'small')],
    ['FLUSHDB', () => ours.client.flushdb()],
    ['FLUSHALL ASYNC', () => ours.client.flushall('ASYNC')],
    ['expiry', async (key) => {
      await ours.client.pexpire(key, 1);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return ours.client.exists(key);
    }],
  ];
  for (const [name, remove] of ways) {
    it(name, async () => {
      await bigValue(type, 'big');
      const other = new Redis(ours.port, '127.0.0.1', { enableReadyCheck: false });
      await other.watch('big');
      const counter = instrument(peek('big'));
      await remove('big');
      expect(counter.reads).toBeLessThan(WALK);
      expect(await ours.client.exists('big')).toBe(name === 'SET over it' ? 1 : 0);
      other.disconnect();
      await ours.client.del('big');
    });
  }
});
