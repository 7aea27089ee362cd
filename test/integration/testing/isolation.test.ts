// Many servers in one process are independent: keyspace, clock, config, command log.

import { describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { startServer } from '../../../src/index.js';
import type { RunningServer } from '../../helpers/server.js';
import { useServerPool } from '../../helpers/side-by-side.js';

const pool = useServerPool();

const connect = (redis: RunningServer): Redis => pool.ioredis(redis.url, {});

describe('several servers in one process', () => {
  it('do not share keyspaces, clocks, configs or command logs', async () => {
    const [a, b, c] = await Promise.all([
      startServer({ port: 0, 'enable-debug-command': 'yes' }, { commandLog: true }),
      startServer({ port: 0, databases: 4, maxmemory: '10mb' }, { commandLog: true }),
      startServer({ port: 0 }),
    ]);
    for (const redis of [a, b, c]) pool.adopt(redis);
    expect(new Set([a.port, b.port, c.port]).size).toBe(3);
    const [ca, cb, cc] = [connect(a), connect(b), connect(c)];

    // Keyspaces: the same key name in each, FLUSHALL on one.
    await ca.set('k', 'a', 'EX', 100);
    await cb.set('k', 'b', 'EX', 100);
    await cc.set('k', 'c');
    await cc.flushall();
    expect(await ca.get('k')).toBe('a');
    expect(await cb.get('k')).toBe('b');
    expect(await cc.get('k')).toBeNull();

    // Clocks: moving a's expires a's key only.
    await ca.call('DEBUG', 'CLOCK', 'ADVANCE', '100001');
    expect(await ca.get('k')).toBeNull();
    expect(await cb.get('k')).toBe('b');
    expect(b.clock.isFrozen).toBe(false);
    expect(Math.abs(b.clock.now() - Date.now())).toBeLessThan(1_000);

    // Configs: given at start and changed at run time.
    expect(await cb.config('GET', 'databases')).toEqual(['databases', '4']);
    expect(await ca.config('GET', 'databases')).toEqual(['databases', '16']);
    await ca.config('SET', 'maxmemory', '1mb');
    expect(await cb.config('GET', 'maxmemory')).toEqual(['maxmemory', '10485760']);
    expect(await cc.config('GET', 'maxmemory')).toEqual(['maxmemory', '0']);
    await expect(cb.call('DEBUG', 'CLOCK', 'GET')).rejects.toThrow('ERR DEBUG command not allowed');

    // Command logs: each sees its own clients only.
    expect(a.commandLog.commands.some((cmd) => cmd.argv[2] === 'b')).toBe(false);
    expect(b.commandLog.commands.some((cmd) => cmd.argv[2] === 'a')).toBe(false);

    // Fixtures and snapshots.
    a.load({ db0: { only: 'in a' } });
    expect(b.db(0).has('only')).toBe(false);
    b.restore(c.snapshot());
    expect(await cb.dbsize()).toBe(0);
    expect(await ca.get('only')).toBe('in a');
  });

  it('a hundred servers start and stop in one process', async () => {
    const many = await Promise.all(Array.from({ length: 100 }, (_, i) => startServer({ port: 0 }, { fixture: { db0: { id: i } } })));
    for (const redis of many) pool.adopt(redis);
    expect(new Set(many.map((s) => s.port)).size).toBe(100);
    expect(many.map((s) => s.db(0).get('id'))).toEqual(many.map((_, i) => String(i)));
  });
});
