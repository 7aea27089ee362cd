// performEvictions without sockets (src/eviction/evict.ts): how close sampled LRU with the pool comes
// to exact LRU, volatile-ttl's order, the tenacity time budget and its timer, and the policy flags.

import { describe, expect, it } from 'vitest';
import { Config } from '../../../src/config/config.js';
import { Server } from '../../../src/server/server.js';
import { evictionTimeLimitUs, isLfuPolicy } from '../../../src/eviction/evict.js';
import { createString } from '../../../src/datatypes/string/string-type.js';
import { Clock, seededRng } from '../../../src/util/clock.js';

function newServer(policy: string, seed = 1): { server: Server; clock: Clock } {
  const clock = new Clock();
  clock.freeze();
  clock.set(1_700_000_000_000);
  // Unlimited eviction time, so one call evicts everything needed whatever the machine's load.
  const config = Config.fromObject({ port: 0, save: '', 'maxmemory-policy': policy, 'maxmemory-eviction-tenacity': 100 });
  return { server: new Server(config, { clock, rng: seededRng(seed), logSink: () => {} }), clock };
}

/** Add `n` keys one second apart (key i was last used i seconds after the first). */
function addAging(server: Server, clock: Clock, n: number, ttl = false): number {
  const db = server.keyspace.db(0);
  const before = server.usedMemory();
  for (let i = 0; i < n; i++) {
    const key = `key:${String(i).padStart(4, '0')}`;
    db.add(key, createString(`value-${i}`));
    if (ttl) db.setExpire(key, clock.now() + 1_000_000 + i * 1000);
    clock.advance(1000);
  }
  return (server.usedMemory() - before) / n;
}

function evictedIndexes(server: Server, n: number): number[] {
  const db = server.keyspace.db(0);
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (db.peek(`key:${String(i).padStart(4, '0')}`) === undefined) out.push(i);
  return out;
}

describe('performEvictions', () => {
  it('allkeys-lru with 5 samples and the pool evicts nearly only the oldest keys', () => {
    const { server, clock } = newServer('allkeys-lru');
    const perKey = addAging(server, clock, 1000);
    server.config.configSet(['maxmemory', String(Math.floor(server.usedMemory() - 100 * perKey))]);
    const evicted = evictedIndexes(server, 1000);
    expect(evicted.length).toBeGreaterThanOrEqual(100);
    // Exact LRU would take keys 0..99. Count the victims among the oldest 250.
    const old = evicted.filter((i) => i < 250).length;
    expect(old / evicted.length).toBeGreaterThan(0.9);
  });

  it('allkeys-lru with the pool beats choosing one random key (allkeys-random) by far', () => {
    const { server, clock } = newServer('allkeys-random');
    const perKey = addAging(server, clock, 1000);
    server.config.configSet(['maxmemory', String(Math.floor(server.usedMemory() - 100 * perKey))]);
    const evicted = evictedIndexes(server, 1000);
    const old = evicted.filter((i) => i < 250).length;
    expect(old / evicted.length).toBeLessThan(0.5);
  });

  it('volatile-ttl evicts the keys whose TTL fires first', () => {
    const { server, clock } = newServer('volatile-ttl');
    server.config.configSet(['maxmemory-samples', '10']);
    const perKey = addAging(server, clock, 200, true);
    server.config.configSet(['maxmemory', String(Math.floor(server.usedMemory() - 20 * perKey))]);
    const evicted = evictedIndexes(server, 200);
    expect(evicted.length).toBeGreaterThanOrEqual(20);
    expect(evicted.filter((i) => i < 60).length / evicted.length).toBeGreaterThan(0.8);
  });

  it('volatile policies with few keys having a TTL (the expires walk) touch only those keys, oldest first', () => {
    for (const policy of ['volatile-lru', 'volatile-ttl', 'volatile-random', 'volatile-lfu']) {
      const { server, clock } = newServer(policy);
      const db = server.keyspace.db(0);
      for (let i = 0; i < 200; i++) db.add(`persistent:${i}`, createString(`value-${i}`));
      const perKey = addAging(server, clock, 20, true);
      server.config.configSet(['maxmemory', String(Math.floor(server.usedMemory() - 8 * perKey))]);
      expect(db.size).toBeLessThanOrEqual(212);
      for (let i = 0; i < 200; i++) expect(db.peek(`persistent:${i}`), policy).toBeDefined();
      const evicted = evictedIndexes(server, 20);
      expect(evicted.length).toBeGreaterThanOrEqual(8);
      if (policy === 'volatile-lru' || policy === 'volatile-ttl') {
        expect(evicted.filter((i) => i < 12).length, policy).toBeGreaterThanOrEqual(7);
      }
    }
  });

  it('with maxmemory-eviction-tenacity 0 the budget runs out: the rest is evicted from a timer', async () => {
    const { server, clock } = newServer('allkeys-lru');
    server.config.configSet(['maxmemory-eviction-tenacity', '0']);
    const perKey = addAging(server, clock, 500);
    const limit = Math.floor(server.usedMemory() - 200 * perKey);
    server.config.configSet(['maxmemory', String(limit)]);
    // 16 keys, then the time check fails (0 µs): the call reported "running".
    expect(server.evictor.running).toBe(true);
    expect(server.usedMemory()).toBeGreaterThan(limit);
    for (let i = 0; i < 50 && server.evictor.running; i++) await new Promise((resolve) => setTimeout(resolve, 0));
    expect(server.evictor.running).toBe(false);
    expect(server.usedMemory()).toBeLessThanOrEqual(limit);
    server.evictor.stop();
  });

  it('evictionTimeLimitUs follows Redis: linear to 500 µs at 10, +15% a step, unlimited at 100', () => {
    expect(evictionTimeLimitUs(0)).toBe(0);
    expect(evictionTimeLimitUs(10)).toBe(500);
    expect(evictionTimeLimitUs(11)).toBe(575);
    expect(evictionTimeLimitUs(99)).toBeGreaterThan(100_000_000);
    expect(evictionTimeLimitUs(100)).toBe(Number.POSITIVE_INFINITY);
  });

  it('every policy, Redis\'s and the extra ones, sits behind the one EvictionPolicy interface', () => {
    const { server } = newServer('noeviction');
    for (const name of ['noeviction', 'allkeys-lru', 'volatile-lfu', 'allkeys-random', 'volatile-ttl', 'allkeys-sieve']) {
      server.config.configSet(['maxmemory-policy', name]);
      expect(server.evictor.current.name).toBe(name);
    }
    server.config.configSet(['maxmemory-policy', 'volatile-lfu']);
    expect(server.evictor.current.stamp).toBe('lfu');
    expect(server.evictor.current.tracker).toBeUndefined();
    server.config.configSet(['maxmemory-policy', 'allkeys-sieve']);
    expect(server.evictor.current.stamp).toBe('lru');
    expect(server.evictor.current.tracker?.name).toBe('allkeys-sieve');
    server.config.configSet(['maxmemory-policy', 'noeviction']);
    expect(isLfuPolicy('allkeys-lfu')).toBe(true);
    expect(isLfuPolicy('allkeys-exact-lfu')).toBe(false);
  });
});
