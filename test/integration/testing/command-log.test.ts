// The command log: assert which commands an application sent.

import { describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { startServer } from '../../../src/index.js';
import type { RunningServer } from '../../helpers/server.js';
import { useServerPool } from '../../helpers/side-by-side.js';

const pool = useServerPool();

async function connect(redis: RunningServer): Promise<Redis> {
  const client = pool.ioredis(redis.url, { enableReadyCheck: false });
  await client.ping();
  return client;
}

describe('command log', () => {
  it('records argv, db and client id of every command, from startServer(..., { commandLog: true })', async () => {
    const redis = await startServer({ port: 0 }, { commandLog: true });
    pool.adopt(redis);
    const client = await connect(redis);
    redis.commandLog.clear();
    await client.set('user:1', 'ann', 'EX', 60);
    await client.select(3);
    await client.get('user:1');
    const id = (await client.client('ID')) as number;
    expect(redis.commandLog.commands.slice(0, 3)).toEqual([
      { argv: ['set', 'user:1', 'ann', 'EX', '60'], db: 0, clientId: id, clientName: '', time: expect.any(Number) },
      { argv: ['select', '3'], db: 0, clientId: id, clientName: '', time: expect.any(Number) },
      { argv: ['get', 'user:1'], db: 3, clientId: id, clientName: '', time: expect.any(Number) },
    ]);
    expect(redis.commandLog.names()).toEqual(['SET', 'SELECT', 'GET', 'CLIENT']);
  });

  it('records commands that fail, are refused or are queued, once each, but not the harness\'s own', async () => {
    const redis = await startServer({ port: 0 }, { commandLog: true });
    pool.adopt(redis);
    const client = await connect(redis);
    redis.commandLog.clear();
    redis.load({ db0: { fixture: 'not logged' } });
    redis.db(0).get('fixture');
    await expect(client.call('NOSUCHCMD')).rejects.toThrow();
    await expect(client.call('GET')).rejects.toThrow();
    await client.multi().incr('n').incr('n').exec();
    expect(redis.commandLog.names()).toEqual(['NOSUCHCMD', 'GET', 'MULTI', 'INCR', 'INCR', 'EXEC']);
  });

  it('recordCommands() starts a recording on demand; stop() ends it', async () => {
    const redis = await startServer({ port: 0 });
    pool.adopt(redis);
    expect(() => redis.commandLog).toThrow('the command log is off');
    const client = await connect(redis);
    const log = redis.recordCommands();
    await client.set('a', '1');
    log.stop();
    await client.set('b', '2');
    expect(log.commands.map((c) => c.argv)).toEqual([['set', 'a', '1']]);
    expect(log.isRecording).toBe(false);
    expect(redis.server.commandObservers).toHaveLength(0);
  });

  it('tells clients apart by id and name', async () => {
    const redis = await startServer({ port: 0 });
    pool.adopt(redis);
    const a = await connect(redis);
    const b = await connect(redis);
    await b.client('SETNAME', 'worker');
    const log = redis.recordCommands();
    await a.lpush('jobs', 'j1');
    await b.rpop('jobs');
    const [first, second] = log.commands;
    expect(first?.clientId).not.toBe(second?.clientId);
    expect(second?.clientName).toBe('worker');
    log.stop();
  });

  it('copies arguments out of the read buffer', async () => {
    const redis = await startServer({ port: 0 }, { commandLog: true });
    pool.adopt(redis);
    const client = await connect(redis);
    const pipeline = client.pipeline();
    for (let i = 0; i < 100; i++) pipeline.set(`k${i}`, `v${i}`);
    await pipeline.exec();
    for (let i = 0; i < 100; i++) await client.set(`other${i}`, 'x'.repeat(100));
    const sets = redis.commandLog.commands.filter((c) => c.argv[1]?.startsWith('k'));
    expect(sets.map((c) => c.argv[2])).toEqual(Array.from({ length: 100 }, (_, i) => `v${i}`));
  });
});
