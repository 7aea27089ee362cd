// Fixtures from an RDB file: startServer(options, { rdb }) and redis.loadRdb(path | bytes). The file
// test/fixtures/rdb/real-7.0-types.rdb was written by a real redis-server 7.0.15 (its README lists
// every key); a file saved by tsredis itself loads the same way.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type RunningServer } from '../../helpers/server.js';

const REAL = join(import.meta.dirname, '../../fixtures/rdb/real-7.0-types.rdb');
const running: RunningServer[] = [];
afterEach(async () => {
  for (const srv of running.splice(0)) await srv.close();
});

async function start(...args: Parameters<typeof startTestServer>): Promise<RunningServer> {
  const srv = await startTestServer(...args);
  running.push(srv);
  return srv;
}

describe('RDB fixtures', () => {
  it('startServer(options, { rdb: path }) serves a file written by redis-server 7.0 from the first command', async () => {
    // startTestServer passes only directives; build the server with the embedded option through startServer.
    const { startServer } = await import('../../../src/index.js');
    const srv = await startServer({ port: 0, bind: '127.0.0.1', loglevel: 'warning' }, { rdb: REAL });
    running.push(srv);
    expect(srv.db(0).keys().sort()).toEqual([
      'h:hashtable', 'h:listpack', 'l:list', 's:embstr', 's:int', 's:int64', 's:long', 's:ttl',
      'set:hashtable', 'set:intset', 'set:strings', 'z:listpack', 'z:skiplist',
    ]);
    const r = new Redis(srv.port, '127.0.0.1');
    try {
      expect(await r.get('s:int64')).toBe('9223372036854775807');
      expect(await r.hgetall('h:listpack')).toEqual({ name: 'redis', year: '2009', neg: '-5000' });
      expect(await r.zrange('z:skiplist', '0', '-1', 'WITHSCORES')).toEqual(['c', '-inf', 'a', '1', 'b', '2.5']);
      expect(await r.lrange('l:list', '0', '-1')).toEqual(['a', '1', '-1', '300', 'b']);
      expect(await r.pexpiretime('s:ttl')).toBe(4102444800000);
      expect(srv.db(3).get('db3:key')).toBe('in-db-3');
      expect(srv.db(15).type('db15:hash')).toBe('hash');
    } finally {
      r.disconnect();
    }
  });

  it('loadRdb(bytes) replaces keys of the same name and keeps the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsredis-rdb-fixture-'));
    const source = await start({ dir });
    source.load({ db0: { shared: 'from-file', only_in_file: { type: 'list', value: ['x', 'y'] } } });
    const r = new Redis(source.port, '127.0.0.1');
    await r.save();
    r.disconnect();
    const target = await start();
    target.load({ db0: { shared: 'before', untouched: 'stays' } });
    await target.loadRdb(readFileSync(join(dir, 'dump.rdb')));
    expect(target.db(0).get('shared')).toBe('from-file');
    expect(target.db(0).get('untouched')).toBe('stays');
    expect(target.db(0).get('only_in_file')).toEqual(['x', 'y']);
  });

  it('a damaged file rejects with the reader\'s error', async () => {
    const { startServer } = await import('../../../src/index.js');
    const srv = await startServer({ port: 0, bind: '127.0.0.1' }, { logSink: () => {} });
    running.push(srv);
    const bytes = readFileSync(REAL);
    await expect(srv.loadRdb(bytes.subarray(0, 40))).rejects.toThrow(/offset 40/);
    await expect(srv.loadRdb(Buffer.from('not an rdb file at all'))).rejects.toThrow();
  });
});
