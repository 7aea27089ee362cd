// Server commands over TCP: TIME, LASTSAVE, MONITOR, SLOWLOG, DEBUG, SHUTDOWN, and the limits the
// server enforces on connections (maxclients, timeout). Expected texts read off Redis 7.0.15.

import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createString } from '../../src/datatypes/string/string-type.js';
import { RawClient, resp, startTestServer } from '../helpers/server.js';
import { useTsredis } from '../helpers/side-by-side.js';

const ours = useTsredis({ raw: false });
const debug = useTsredis({ raw: false, config: { 'enable-debug-command': 'yes' } });

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('TIME and LASTSAVE', () => {
  it('TIME is [seconds, microseconds] as bulk strings from the server clock', async () => {
    const local = await startTestServer();
    local.clock.freeze();
    local.clock.set(1_700_000_000_123);
    const raw = await RawClient.connect(local.port);
    expect(await raw.roundTrip(resp('TIME'), '123000\r\n')).toBe('*2\r\n$10\r\n1700000000\r\n$6\r\n123000\r\n');
    expect(await raw.roundTrip(resp('TIME', 'x'))).toBe("-ERR wrong number of arguments for 'time' command\r\n");
    raw.close();
    await local.close();
  });

  it('TIME follows real time when the clock is not frozen', async () => {
    const redis = new Redis({ port: ours.port });
    const [sec, usec] = (await redis.call('TIME')) as [string, string];
    expect(Math.abs(Number(sec) - Date.now() / 1000)).toBeLessThan(5);
    expect(Number(usec)).toBeGreaterThanOrEqual(0);
    expect(Number(usec)).toBeLessThan(1_000_000);
    redis.disconnect();
  });

  it('LASTSAVE is the start time until something is saved', async () => {
    const redis = new Redis({ port: ours.port });
    expect(await redis.lastsave()).toBe(Math.floor(ours.server.startedAt / 1000));
    redis.disconnect();
  });
});

describe('MONITOR', () => {
  it('streams each command as +sec.usec [db addr] "arg" ... with sdscatrepr quoting', async () => {
    const local = await startTestServer();
    local.clock.freeze();
    local.clock.set(1_700_000_000_123);
    const monitor = await RawClient.connect(local.port);
    expect(await monitor.roundTrip(resp('MONITOR'))).toBe('+OK\r\n');
    const other = await RawClient.connect(local.port);
    const info = await other.roundTrip(resp('CLIENT', 'INFO'), '\n\r\n');
    const addr = /addr=(\S+)/.exec(info)?.[1] ?? '';
    await other.roundTrip(resp('ECHO', Buffer.from('a "b"\n\x01')), '\x01\r\n');
    const lines = (await monitor.readUntil('x01"\r\n')).toString('latin1');
    expect(lines).toBe(
      `+1700000000.123000 [0 ${addr}] "CLIENT" "INFO"\r\n+1700000000.123000 [0 ${addr}] "ECHO" "a \\"b\\"\\n\\x01"\r\n`,
    );
    monitor.close();
    other.close();
    await local.close();
  });

  it('admin commands (CONFIG, CLIENT LIST) are not shown', async () => {
    const local = await startTestServer();
    const monitor = await RawClient.connect(local.port);
    await monitor.roundTrip(resp('MONITOR'));
    const other = await RawClient.connect(local.port);
    await other.roundTrip(resp('CONFIG', 'GET', 'hz'), '10\r\n');
    await other.roundTrip(resp('PING'));
    const line = (await monitor.readUntil('\r\n')).toString('latin1');
    expect(line).toMatch(/^\+\d+\.\d{6} \[0 127\.0\.0\.1:\d+\] "PING"\r\n$/);
    monitor.close();
    other.close();
    await local.close();
  });

  it('shows flag O in CLIENT LIST, and a second MONITOR gets no reply', async () => {
    const local = await startTestServer();
    const monitor = await RawClient.connect(local.port);
    await monitor.roundTrip(resp('MONITOR'));
    monitor.write(Buffer.concat([resp('MONITOR'), resp('PING')]));
    expect((await monitor.readUntil('+PONG\r\n')).toString().startsWith('+PONG\r\n')).toBe(true);
    const redis = new Redis({ port: local.port });
    const list = (await redis.client('LIST')) as string;
    expect(list).toMatch(/ flags=O /);
    redis.disconnect();
    monitor.close();
    await local.close();
  });
});

describe('SLOWLOG', () => {
  it('records commands slower than the threshold, newest first, with client address and name', async () => {
    const local = await startTestServer();
    local.clock.freeze();
    local.clock.set(1_700_000_000_000);
    const redis = new Redis({ port: local.port });
    await redis.client('SETNAME', 'slowpoke');
    await redis.config('SET', 'slowlog-log-slower-than', '0');
    await redis.echo('hello');
    const entries = (await redis.call('SLOWLOG', 'GET', '2')) as unknown[][];
    expect(entries).toHaveLength(2);
    const [newest, older] = entries as [unknown[], unknown[]];
    expect(newest[1]).toBe(1_700_000_000);
    expect(typeof newest[2]).toBe('number');
    expect(newest[3]).toEqual(['echo', 'hello']);
    expect(newest[4]).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(newest[5]).toBe('slowpoke');
    expect(older[3]).toEqual(['config', 'SET', 'slowlog-log-slower-than', '0']);
    expect(Number(newest[0])).toBe(Number(older[0]) + 1);
    redis.disconnect();
    await local.close();
  });

  it('GET defaults to 10 entries, -1 means all; LEN and RESET', async () => {
    const local = await startTestServer({ 'slowlog-log-slower-than': 0 });
    const redis = new Redis({ port: local.port });
    for (let i = 0; i < 12; i++) await redis.ping();
    expect(((await redis.call('SLOWLOG', 'GET')) as unknown[]).length).toBe(10);
    expect(((await redis.call('SLOWLOG', 'GET', '-1')) as unknown[]).length).toBeGreaterThanOrEqual(13);
    expect(await redis.call('SLOWLOG', 'GET', '0')).toEqual([]);
    expect(await redis.call('SLOWLOG', 'RESET')).toBe('OK');
    // RESET itself is logged after it ran, as in Redis.
    expect(await redis.call('SLOWLOG', 'LEN')).toBe(1);
    redis.disconnect();
    await local.close();
  });

  it('reports Redis errors', async () => {
    const raw = await RawClient.connect(ours.port);
    expect(await raw.roundTrip(resp('SLOWLOG', 'GET', '-2'))).toBe('-ERR count should be greater than or equal to -1\r\n');
    expect(await raw.roundTrip(resp('SLOWLOG', 'GET', 'abc'))).toBe('-ERR count should be greater than or equal to -1\r\n');
    expect(await raw.roundTrip(resp('SLOWLOG', 'GET', '1', '2'))).toBe(
      "-ERR unknown subcommand or wrong number of arguments for 'GET'. Try SLOWLOG HELP.\r\n",
    );
    expect(await raw.roundTrip(resp('SLOWLOG', 'LEN', 'x'))).toBe("-ERR wrong number of arguments for 'slowlog|len' command\r\n");
    expect(await raw.roundTrip(resp('SLOWLOG', 'foo'))).toBe("-ERR unknown subcommand 'foo'. Try SLOWLOG HELP.\r\n");
    const help = await raw.roundTrip(resp('SLOWLOG', 'HELP'), '+    Prints this help.\r\n');
    expect(help.startsWith('*12\r\n+SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n')).toBe(true);
    raw.close();
  });
});

describe('DEBUG', () => {
  it('is refused unless enable-debug-command allows it', async () => {
    const raw = await RawClient.connect(ours.port);
    expect(await raw.roundTrip(resp('DEBUG', 'SLEEP', '0'))).toBe(
      '-ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.\r\n',
    );
    raw.close();
  });

  it('OBJECT describes a value like Redis', async () => {
    const db = debug.server.keyspace.db(0);
    db.set('emb', createString('bar'));
    db.set('int', createString('123'));
    db.set('big', createString('12345678901'));
    // 45 distinct bytes: LZF cannot shrink them, so Redis stores them as they are.
    db.set('raw', createString('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS'));
    const redis = new Redis({ port: debug.port });
    const line = (key: string): Promise<unknown> => redis.call('DEBUG', 'OBJECT', key);
    expect(await line('emb')).toMatch(/^Value at:0x[0-9a-f]+ refcount:1 encoding:embstr serializedlength:4 lru:\d+ lru_seconds_idle:\d+$/);
    expect(await line('int')).toMatch(/ refcount:2147483647 encoding:int serializedlength:2 /);
    expect(await line('big')).toMatch(/ refcount:1 encoding:int serializedlength:12 /);
    expect(await line('raw')).toMatch(/ encoding:raw serializedlength:46 /);
    await expect(line('missing')).rejects.toThrow('ERR no such key');
    redis.disconnect();
  });

  it('lru_seconds_idle grows with the clock', async () => {
    const local = await startTestServer({ 'enable-debug-command': 'yes' });
    local.clock.freeze();
    local.server.keyspace.db(0).set('k', createString('v'));
    local.clock.advance(42_000);
    const redis = new Redis({ port: local.port });
    expect(await redis.call('DEBUG', 'OBJECT', 'k')).toMatch(/ lru_seconds_idle:42$/);
    redis.disconnect();
    await local.close();
  });

  it('SLEEP blocks the whole server', async () => {
    const a = new Redis({ port: debug.port });
    const b = new Redis({ port: debug.port });
    await Promise.all([a.ping(), b.ping()]);
    const start = Date.now();
    const sleeping = a.call('DEBUG', 'SLEEP', '0.2');
    await sleep(20);
    await b.ping();
    expect(Date.now() - start).toBeGreaterThanOrEqual(190);
    expect(await sleeping).toBe('OK');
    expect(await a.call('DEBUG', 'SLEEP', 'abc')).toBe('OK');
    a.disconnect();
    b.disconnect();
  });

  it('SET-ACTIVE-EXPIRE 0 stops the background expiry cycle', async () => {
    const local = await startTestServer({ 'enable-debug-command': 'yes', hz: 100 });
    const redis = new Redis({ port: local.port });
    const db = local.server.keyspace.db(0);
    expect(await redis.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0')).toBe('OK');
    db.set('k', createString('v'));
    db.setExpire('k', local.clock.now() + 10);
    await sleep(150);
    expect(db.size).toBe(1);
    expect(await redis.call('DEBUG', 'SET-ACTIVE-EXPIRE', '1')).toBe('OK');
    await sleep(150);
    expect(db.size).toBe(0);
    redis.disconnect();
    await local.close();
  });

  it('PROTOCOL sends each RESP type, degraded in RESP2 as Redis does', async () => {
    const raw = await RawClient.connect(debug.port);
    expect(await raw.roundTrip(resp('DEBUG', 'PROTOCOL', 'bignum'), '999\r\n')).toBe('$37\r\n1234567999999999999999999999999999999\r\n');
    expect(await raw.roundTrip(resp('DEBUG', 'PROTOCOL', 'map'), ':2\r\n:0\r\n')).toBe('*6\r\n:0\r\n:0\r\n:1\r\n:1\r\n:2\r\n:0\r\n');
    expect(await raw.roundTrip(resp('DEBUG', 'PROTOCOL', 'push'))).toBe('-ERR RESP2 is not supported by this command\r\n');
    await raw.roundTrip(resp('HELLO', '3'), '*0\r\n');
    expect(await raw.roundTrip(resp('DEBUG', 'PROTOCOL', 'bignum'))).toBe('(1234567999999999999999999999999999999\r\n');
    expect(await raw.roundTrip(resp('DEBUG', 'PROTOCOL', 'true'))).toBe('#t\r\n');
    expect(await raw.roundTrip(resp('DEBUG', 'PROTOCOL', 'verbatim'), 'string\r\n')).toBe('=29\r\ntxt:This is a verbatim\nstring\r\n');
    expect(await raw.roundTrip(resp('DEBUG', 'PROTOCOL', 'push'), 'push reply\r\n')).toBe(
      '>2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n$40\r\nSome real reply following the push reply\r\n',
    );
    expect(await raw.roundTrip(resp('DEBUG', 'PROTOCOL', 'nope'))).toMatch(/^-ERR Wrong protocol type name\. Please use one of the following: string\|integer/);
    raw.close();
  });

  it('POPULATE creates key:N = value:N without overwriting', async () => {
    const local = await startTestServer({ 'enable-debug-command': 'yes' });
    const redis = new Redis({ port: local.port });
    const db = local.server.keyspace.db(0);
    db.set('key:1', createString('orig'));
    expect(await redis.call('DEBUG', 'POPULATE', '3')).toBe('OK');
    expect(await redis.call('DEBUG', 'POPULATE', '1', 'p', '10')).toBe('OK');
    expect(db.size).toBe(4);
    const value = (key: string): unknown => {
      const obj = db.peek(key);
      return obj?.type === 'string' ? String(obj.value) : undefined;
    };
    expect(value('key:0')).toBe('value:0');
    expect(value('key:1')).toBe('orig');
    expect(value('p:0')).toBe('value:0\0\0\0');
    await expect(redis.call('DEBUG', 'POPULATE', '-1')).rejects.toThrow('ERR value is out of range, must be positive');
    redis.disconnect();
    await local.close();
  });

  it('ERROR, CHANGE-REPL-ID, HELP and unknown subcommands', async () => {
    const raw = await RawClient.connect(debug.port);
    expect(await raw.roundTrip(resp('DEBUG', 'ERROR', 'MYERR something'))).toBe('-MYERR something\r\n');
    const before = /master_replid:(\w+)/.exec(await raw.roundTrip(resp('INFO', 'replication'), '\r\n\r\n'))?.[1];
    expect(await raw.roundTrip(resp('DEBUG', 'CHANGE-REPL-ID'))).toBe('+OK\r\n');
    const after = /master_replid:(\w+)/.exec(await raw.roundTrip(resp('INFO', 'replication'), '\r\n\r\n'))?.[1];
    expect(after).toMatch(/^[0-9a-f]{40}$/);
    expect(after).not.toBe(before);
    expect(await raw.roundTrip(resp('DEBUG', 'HELP'), '+    Prints this help.\r\n')).toMatch(/^\*\d+\r\n\+DEBUG <subcommand>/);
    expect(await raw.roundTrip(resp('DEBUG', 'foo'))).toBe("-ERR unknown subcommand or wrong number of arguments for 'foo'. Try DEBUG HELP.\r\n");
    expect(await raw.roundTrip(resp('DEBUG', 'object'))).toBe("-ERR unknown subcommand or wrong number of arguments for 'object'. Try DEBUG HELP.\r\n");
    expect(await raw.roundTrip(resp('DEBUG'))).toBe("-ERR wrong number of arguments for 'debug' command\r\n");
    raw.close();
  });
});

describe('SHUTDOWN', () => {
  it('closes the server; the caller and other clients see their connections close', async () => {
    const local = await startTestServer();
    const caller = await RawClient.connect(local.port);
    const other = await RawClient.connect(local.port);
    await other.roundTrip(resp('PING'));
    caller.write(resp('SHUTDOWN', 'NOSAVE'));
    expect(await caller.waitClosed()).toBe(true);
    expect(await other.waitClosed()).toBe(true);
    expect((await caller.readBytes(1, 50)).length).toBe(0);
    expect(local.server.isClosed).toBe(true);
    await local.close();
    await expect(RawClient.connect(local.port)).rejects.toThrow();
  });

  it('reports Redis errors for bad flags and ABORT', async () => {
    const raw = await RawClient.connect(ours.port);
    expect(await raw.roundTrip(resp('SHUTDOWN', 'ABORT'))).toBe('-ERR No shutdown in progress.\r\n');
    expect(await raw.roundTrip(resp('SHUTDOWN', 'foo'))).toBe('-ERR syntax error\r\n');
    expect(await raw.roundTrip(resp('SHUTDOWN', 'NOSAVE', 'SAVE'))).toBe('-ERR syntax error\r\n');
    expect(await raw.roundTrip(resp('SHUTDOWN', 'ABORT', 'NOW'))).toBe('-ERR syntax error\r\n');
    expect(ours.server.isClosed).toBe(false);
    raw.close();
  });
});

describe('connection limits', () => {
  it('maxclients: one connection too many gets ERR max number of clients reached and is closed', async () => {
    const local = await startTestServer({ maxclients: 2 });
    const a = await RawClient.connect(local.port);
    const b = await RawClient.connect(local.port);
    expect(await a.roundTrip(resp('PING'))).toBe('+PONG\r\n');
    expect(await b.roundTrip(resp('PING'))).toBe('+PONG\r\n');
    const c = await RawClient.connect(local.port);
    expect((await c.readUntil('\r\n')).toString()).toBe('-ERR max number of clients reached\r\n');
    expect(await c.waitClosed()).toBe(true);
    expect(await a.roundTrip(resp('INFO', 'stats'), '\r\n\r\n')).toContain('\r\nrejected_connections:1\r\n');
    a.close();
    b.close();
    await local.close();
  });

  it('timeout closes idle clients, but not monitors', async () => {
    const local = await startTestServer({ timeout: 1, hz: 100 });
    local.clock.freeze();
    const idle = await RawClient.connect(local.port);
    const monitor = await RawClient.connect(local.port);
    expect(await idle.roundTrip(resp('PING'))).toBe('+PONG\r\n');
    expect(await monitor.roundTrip(resp('MONITOR'))).toBe('+OK\r\n');
    local.clock.advance(1500);
    await sleep(100);
    expect(idle.closed).toBe(false);
    local.clock.advance(1000);
    expect(await idle.waitClosed(1000)).toBe(true);
    expect(monitor.closed).toBe(false);
    monitor.close();
    await local.close();
  });
});
