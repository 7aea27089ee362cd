// String commands over TCP with ioredis (RESP2), node-redis (RESP3) and raw bytes: every option,
// every error text, encodings after each write, TTLs on a frozen clock, binary safety.
// Expected replies and error texts read off Redis 7.0.15.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { RawClient, resp, startTestServer, type RunningServer, errorOf } from '../helpers/server.js';
import type { RedisObject } from '../../src/datatypes/object.js';

let srv: RunningServer;
let r: Redis;

beforeAll(async () => {
  srv = await startTestServer();
  r = new Redis(srv.port, '127.0.0.1', { enableReadyCheck: false });
});

afterAll(async () => {
  r.disconnect();
  await srv.close();
});

beforeEach(async () => {
  srv.clock.real();
  await r.flushall();
});

const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
const NOT_INTEGER = 'ERR value is not an integer or out of range';
const SYNTAX = 'ERR syntax error';

async function encodingOf(key: string): Promise<unknown> {
  return r.call('OBJECT', 'ENCODING', key);
}

/**
 * A key holding a list, for WRONGTYPE paths. Until the list type exists, a stand-in object of type
 * 'list' is planted straight into the keyspace (the string commands only look at `type`).
 */
async function makeList(key: string): Promise<void> {
  if (srv.server.commands.has('rpush')) {
    await r.call('RPUSH', key, 'a');
    return;
  }
  const standIn = { type: 'list', encoding: 'quicklist', lru: 0 } as unknown as RedisObject;
  srv.server.keyspace.db(0).set(key, standIn);
}

describe('SET and GET', () => {
  it('SET then GET round-trips; GET of a missing key is nil', async () => {
    expect(await r.set('k', 'v')).toBe('OK');
    expect(await r.get('k')).toBe('v');
    expect(await r.get('missing')).toBeNull();
  });

  it('NX sets only a missing key, XX only an existing one (nil otherwise)', async () => {
    expect(await r.call('SET', 'k', 'v1', 'NX')).toBe('OK');
    expect(await r.call('SET', 'k', 'v2', 'NX')).toBeNull();
    expect(await r.get('k')).toBe('v1');
    expect(await r.call('SET', 'k', 'v3', 'XX')).toBe('OK');
    expect(await r.get('k')).toBe('v3');
    expect(await r.call('SET', 'other', 'v', 'XX')).toBeNull();
    expect(await r.exists('other')).toBe(0);
  });

  it('GET returns the old value, also when NX/XX stop the write', async () => {
    expect(await r.call('SET', 'k', 'v', 'GET')).toBeNull();
    expect(await r.call('SET', 'k', 'w', 'GET')).toBe('v');
    expect(await r.call('SET', 'k', 'x', 'NX', 'GET')).toBe('w');
    expect(await r.get('k')).toBe('w');
    expect(await r.call('SET', 'k', 'y', 'XX', 'GET')).toBe('w');
    expect(await r.get('k')).toBe('y');
    expect(await r.call('SET', 'nokey', 'y', 'XX', 'GET')).toBeNull();
    expect(await r.exists('nokey')).toBe(0);
    expect(await r.call('SET', 'k', 'z', 'get', 'GET')).toBe('y');
  });

  it('option conflicts and unknown options are syntax errors', async () => {
    for (const opts of [
      ['NX', 'XX'], ['XX', 'NX'], ['EX', '10', 'PX', '10'], ['EX', '10', 'KEEPTTL'], ['KEEPTTL', 'EX', '10'],
      ['PXAT', '1', 'EXAT', '1'], ['EX'], ['foo'], ['PERSIST'], ['KEEPTTL', 'PXAT', '99999999999999'],
    ]) {
      expect(await errorOf(r.call('SET', 'k', 'v', ...opts))).toBe(SYNTAX);
    }
    // Repeating the same option is allowed; the last expire value wins.
    expect(await r.call('SET', 'k', 'v', 'NX', 'NX')).toBe('OK');
    expect(await r.call('SET', 'k', 'v', 'EX', '10', 'ex', '20')).toBe('OK');
    expect(await r.ttl('k')).toBe(20);
  });

  it('options are compared as C strings: bytes after a NUL are ignored', async () => {
    expect(await r.call('SET', 'k', 'v', Buffer.from('NX\0junk'))).toBe('OK');
    expect(await r.call('SET', 'k', 'v', Buffer.from('NX\0junk'))).toBeNull();
    expect(await r.call('SET', 'k', 'v', Buffer.from('EX\0'), '10')).toBe('OK');
    expect(await r.ttl('k')).toBe(10);
  });

  it('invalid expire times: zero, negative, overflowing', async () => {
    const invalid = "ERR invalid expire time in 'set' command";
    for (const [opt, value] of [
      ['EX', '0'], ['EX', '-1'], ['PX', '0'], ['PXAT', '0'], ['EXAT', '-5'],
      ['EX', '9223372036854775807'], ['EX', '9223372036854775'], ['EX', '9223372036854774'],
      ['PX', '9223372036854775807'],
    ] as const) {
      expect(await errorOf(r.call('SET', 'k', 'v', opt, value))).toBe(invalid);
    }
    expect(await errorOf(r.call('SET', 'k', 'v', 'EX', 'abc'))).toBe(NOT_INTEGER);
    expect(await errorOf(r.call('SET', 'k', 'v', 'EX', '1.5'))).toBe(NOT_INTEGER);
    expect(await errorOf(r.call('SET', 'k', 'v', 'EX', '9223372036854775808'))).toBe(NOT_INTEGER);
    // Absolute times do not add "now", so they reach further before overflowing.
    expect(await r.call('SET', 'k', 'v', 'EXAT', '9223372036854775')).toBe('OK');
    expect(await r.call('SET', 'k', 'v', 'PXAT', '9223372036854775807')).toBe('OK');
    expect(await r.exists('k')).toBe(1);
  });

  it('SET GET on a key of another type is WRONGTYPE and writes nothing; syntax and expire errors come first', async () => {
    await makeList('l');
    expect(await errorOf(r.call('SET', 'l', 'v', 'GET'))).toBe(WRONGTYPE);
    expect(await errorOf(r.call('SET', 'l', 'v', 'NX', 'GET'))).toBe(WRONGTYPE);
    expect(await errorOf(r.call('SET', 'l', 'v', 'GET', 'EX', '0'))).toBe("ERR invalid expire time in 'set' command");
    expect(await errorOf(r.call('SET', 'l', 'v', 'GET', 'foo'))).toBe(SYNTAX);
    expect(await errorOf(r.get('l'))).toBe(WRONGTYPE);
    // A plain SET overwrites a key of any type.
    expect(await r.set('l', 'v')).toBe('OK');
    expect(await r.get('l')).toBe('v');
  });

  it('arity errors', async () => {
    expect(await errorOf(r.call('SET', 'k'))).toBe("ERR wrong number of arguments for 'set' command");
    expect(await errorOf(r.call('GET'))).toBe("ERR wrong number of arguments for 'get' command");
    expect(await errorOf(r.call('GET', 'a', 'b'))).toBe("ERR wrong number of arguments for 'get' command");
  });
});

describe('expiry on a frozen clock', () => {
  it('SET PX expires after exactly the given time', async () => {
    srv.clock.freeze();
    await r.call('SET', 'k', 'v', 'PX', '100');
    srv.clock.advance(100);
    expect(await r.get('k')).toBe('v');
    srv.clock.advance(1);
    expect(await r.get('k')).toBeNull();
  });

  it('SET EX, EXAT and PXAT set absolute times from the server clock', async () => {
    srv.clock.freeze();
    const now = srv.clock.now();
    await r.call('SET', 'a', 'v', 'EX', '10');
    expect(await r.pttl('a')).toBe(10_000);
    await r.call('SET', 'b', 'v', 'PXAT', String(now + 5000));
    expect(await r.pttl('b')).toBe(5000);
    await r.call('SET', 'c', 'v', 'EXAT', String(Math.floor(now / 1000) + 100));
    expect(await r.call('EXPIRETIME', 'c')).toBe(Math.floor(now / 1000) + 100);
  });

  it('an EXAT in the past stores the key already expired', async () => {
    expect(await r.call('SET', 'k', 'v', 'EXAT', '1')).toBe('OK');
    expect(await r.get('k')).toBeNull();
    expect(await r.call('SET', 'k', 'v')).toBe('OK');
    expect(await r.call('SET', 'k', 'w', 'PXAT', '1', 'GET')).toBe('v');
    expect(await r.exists('k')).toBe(0);
  });

  it('SET without KEEPTTL clears the TTL, with KEEPTTL keeps it', async () => {
    await r.call('SET', 'k', 'v', 'EX', '100');
    await r.call('SET', 'k', 'w', 'KEEPTTL');
    expect(await r.ttl('k')).toBe(100);
    await r.set('k', 'x');
    expect(await r.ttl('k')).toBe(-1);
  });

  it('SETEX and PSETEX set value and TTL; invalid times name the command', async () => {
    srv.clock.freeze();
    expect(await r.setex('k', 10, 'v')).toBe('OK');
    expect(await r.pttl('k')).toBe(10_000);
    expect(await r.psetex('p', 1500, 'v')).toBe('OK');
    expect(await r.pttl('p')).toBe(1500);
    srv.clock.advance(1501);
    expect(await r.get('p')).toBeNull();
    expect(await errorOf(r.setex('k', 0, 'v'))).toBe("ERR invalid expire time in 'setex' command");
    expect(await errorOf(r.setex('k', -5, 'v'))).toBe("ERR invalid expire time in 'setex' command");
    expect(await errorOf(r.call('SETEX', 'k', '9223372036854775', 'v'))).toBe("ERR invalid expire time in 'setex' command");
    expect(await errorOf(r.psetex('k', 0, 'v'))).toBe("ERR invalid expire time in 'psetex' command");
    expect(await errorOf(r.call('SETEX', 'k', 'abc', 'v'))).toBe(NOT_INTEGER);
  });

  it('GETSET clears the TTL; INCR, APPEND, SETRANGE and INCRBYFLOAT keep it', async () => {
    await r.call('SET', 'k', '1', 'EX', '100');
    expect(await r.getset('k', '2')).toBe('1');
    expect(await r.ttl('k')).toBe(-1);
    for (const [cmd, ...args] of [['INCR'], ['INCRBY', '5'], ['DECR'], ['DECRBY', '2'], ['INCRBYFLOAT', '1.5'], ['APPEND', 'x'], ['SETRANGE', '0', 'y']]) {
      await r.call('SET', 't', '1', 'EX', '100');
      await r.call(cmd as string, 't', ...args);
      expect(await r.ttl('t')).toBe(100);
    }
  });
});

describe('GETEX, GETDEL, GETSET, SETNX', () => {
  it('GETEX without options is GET; PERSIST removes the TTL', async () => {
    expect(await r.call('GETEX', 'missing')).toBeNull();
    await r.call('SET', 'k', 'v', 'EX', '100');
    expect(await r.call('GETEX', 'k')).toBe('v');
    expect(await r.ttl('k')).toBe(100);
    expect(await r.call('GETEX', 'k', 'PERSIST')).toBe('v');
    expect(await r.ttl('k')).toBe(-1);
    expect(await r.call('GETEX', 'k', 'PERSIST', 'persist')).toBe('v');
  });

  it('GETEX EX/PX/EXAT/PXAT set the TTL; a past EXAT deletes the key after replying', async () => {
    srv.clock.freeze();
    const now = srv.clock.now();
    await r.set('k', 'v');
    expect(await r.call('GETEX', 'k', 'EX', '10', 'EX', '20')).toBe('v');
    expect(await r.pttl('k')).toBe(20_000);
    expect(await r.call('GETEX', 'k', 'PX', '1500')).toBe('v');
    expect(await r.pttl('k')).toBe(1500);
    expect(await r.call('GETEX', 'k', 'PXAT', String(now + 3000))).toBe('v');
    expect(await r.pttl('k')).toBe(3000);
    expect(await r.call('GETEX', 'k', 'EXAT', '1')).toBe('v');
    expect(await r.exists('k')).toBe(0);
  });

  it('GETEX errors: syntax first, nil for a missing key before the time is checked, then WRONGTYPE, then the time', async () => {
    const invalid = "ERR invalid expire time in 'getex' command";
    expect(await errorOf(r.call('GETEX', 'missing', 'foo'))).toBe(SYNTAX);
    expect(await r.call('GETEX', 'missing', 'EX', '0')).toBeNull();
    expect(await r.call('GETEX', 'missing', 'EX', 'abc')).toBeNull();
    await r.set('k', 'v');
    for (const opts of [['PERSIST', 'EX', '10'], ['EX', '10', 'PERSIST'], ['KEEPTTL'], ['NX'], ['GET'], ['EX'], ['EX', '1', 'PX', '1']]) {
      expect(await errorOf(r.call('GETEX', 'k', ...opts))).toBe(SYNTAX);
    }
    expect(await errorOf(r.call('GETEX', 'k', 'EX', '0'))).toBe(invalid);
    expect(await errorOf(r.call('GETEX', 'k', 'PX', '9223372036854775807'))).toBe(invalid);
    expect(await errorOf(r.call('GETEX', 'k', 'EX', '9223372036854775'))).toBe(invalid);
    expect(await errorOf(r.call('GETEX', 'k', 'EX', 'abc'))).toBe(NOT_INTEGER);
    expect(await r.call('GETEX', 'k', 'PXAT', '9223372036854775807')).toBe('v');
    await makeList('l');
    expect(await errorOf(r.call('GETEX', 'l'))).toBe(WRONGTYPE);
    expect(await errorOf(r.call('GETEX', 'l', 'EX', '0'))).toBe(WRONGTYPE);
  });

  it('GETDEL returns the value and deletes the key', async () => {
    await r.set('k', 'v');
    expect(await r.getdel('k')).toBe('v');
    expect(await r.exists('k')).toBe(0);
    expect(await r.getdel('k')).toBeNull();
    await makeList('l');
    expect(await errorOf(r.getdel('l'))).toBe(WRONGTYPE);
    expect(await r.exists('l')).toBe(1);
  });

  it('GETSET returns the old value (nil if none); WRONGTYPE leaves the key alone', async () => {
    expect(await r.getset('k', 'a')).toBeNull();
    expect(await r.getset('k', 'b')).toBe('a');
    expect(await r.get('k')).toBe('b');
    await makeList('l');
    expect(await errorOf(r.getset('l', 'x'))).toBe(WRONGTYPE);
  });

  it('SETNX replies 1 when set, 0 when the key exists', async () => {
    expect(await r.setnx('k', 'a')).toBe(1);
    expect(await r.setnx('k', 'b')).toBe(0);
    expect(await r.get('k')).toBe('a');
  });
});

describe('MSET, MSETNX, MGET', () => {
  it('MSET sets all pairs, the last value of a repeated key wins', async () => {
    expect(await r.mset('a', '1', 'b', '2', 'a', '3')).toBe('OK');
    expect(await r.mget('a', 'b')).toEqual(['3', '2']);
  });

  it('MSET and MSETNX need key value pairs', async () => {
    expect(await errorOf(r.call('MSET', 'a'))).toBe("ERR wrong number of arguments for 'mset' command");
    expect(await errorOf(r.call('MSET', 'a', '1', 'b'))).toBe("ERR wrong number of arguments for 'mset' command");
    expect(await errorOf(r.call('MSETNX', 'a'))).toBe("ERR wrong number of arguments for 'msetnx' command");
    expect(await errorOf(r.call('MSETNX', 'a', '1', 'b'))).toBe("ERR wrong number of arguments for 'msetnx' command");
  });

  it('MSETNX sets nothing if any key exists', async () => {
    await r.set('a', 'old');
    expect(await r.msetnx('x', '1', 'a', '2')).toBe(0);
    expect(await r.exists('x')).toBe(0);
    expect(await r.msetnx('x', '1', 'y', '2', 'x', '3')).toBe(1);
    expect(await r.mget('x', 'y', 'a')).toEqual(['3', '2', 'old']);
  });

  it('MGET answers nil for missing keys and keys of other types', async () => {
    await r.mset('a', '1', 'b', '2');
    await makeList('l');
    expect(await r.mget('a', 'l', 'missing', 'b')).toEqual(['1', null, null, '2']);
  });
});

describe('APPEND, STRLEN, GETRANGE, SETRANGE', () => {
  it('APPEND creates or extends; the reply is the new length', async () => {
    expect(await r.append('k', 'Hello')).toBe(5);
    expect(await r.append('k', ' World')).toBe(11);
    expect(await r.get('k')).toBe('Hello World');
    expect(await r.append('e', '')).toBe(0);
    expect(await r.exists('e')).toBe(1);
    await makeList('l');
    expect(await errorOf(r.append('l', 'x'))).toBe(WRONGTYPE);
  });

  it('STRLEN counts bytes; 0 for a missing key', async () => {
    await r.set('k', 'héllo');
    expect(await r.strlen('k')).toBe(6);
    await r.set('n', '12345');
    expect(await r.strlen('n')).toBe(5);
    expect(await r.strlen('missing')).toBe(0);
    await makeList('l');
    expect(await errorOf(r.strlen('l'))).toBe(WRONGTYPE);
  });

  it('GETRANGE and SUBSTR clamp offsets as Redis 7.0 does', async () => {
    await r.set('s', 'Hello World');
    const cases: Array<[string, string, string]> = [
      ['0', '4', 'Hello'], ['-3', '-1', 'rld'], ['-1', '-3', ''], ['5', '3', ''], ['0', '-100', 'H'],
      ['-100', '-50', 'H'], ['-100', '100', 'Hello World'], ['10', '100', 'd'], ['11', '100', ''],
      ['-9223372036854775808', '9223372036854775807', 'Hello World'],
      ['-9223372036854775807', '-9223372036854775808', ''],
    ];
    for (const [start, end, want] of cases) {
      expect(await r.call('GETRANGE', 's', start, end)).toBe(want);
      expect(await r.call('SUBSTR', 's', start, end)).toBe(want);
    }
    await r.set('n', '12345');
    expect(await r.getrange('n', 1, 2)).toBe('23');
    expect(await r.getrange('missing', 0, 1)).toBe('');
    expect(await errorOf(r.call('GETRANGE', 's', 'x', '1'))).toBe(NOT_INTEGER);
    expect(await errorOf(r.call('GETRANGE', 'missing', '0', '9223372036854775808'))).toBe(NOT_INTEGER);
    await makeList('l');
    expect(await errorOf(r.getrange('l', 0, 1))).toBe(WRONGTYPE);
    expect(await errorOf(r.call('GETRANGE', 'l', 'x', '1'))).toBe(NOT_INTEGER);
  });

  it('SETRANGE overwrites, zero-pads, and creates keys', async () => {
    await r.set('k', 'Hello World');
    expect(await r.setrange('k', 6, 'Redis')).toBe(11);
    expect(await r.get('k')).toBe('Hello Redis');
    expect(await r.setrange('new', 3, 'ab')).toBe(5);
    expect(await r.getBuffer('new')).toEqual(Buffer.from([0, 0, 0, 0x61, 0x62]));
    // Writing nothing: a missing key stays missing, an existing one reports its length.
    expect(await r.setrange('none', 100, '')).toBe(0);
    expect(await r.exists('none')).toBe(0);
    expect(await r.setrange('k', 536870912, '')).toBe(11);
  });

  it('SETRANGE errors: offset, type, size', async () => {
    await makeList('l');
    expect(await errorOf(r.setrange('k', -1, 'x'))).toBe('ERR offset is out of range');
    expect(await errorOf(r.setrange('l', -1, 'x'))).toBe('ERR offset is out of range');
    expect(await errorOf(r.call('SETRANGE', 'k', 'x', 'x'))).toBe(NOT_INTEGER);
    expect(await errorOf(r.call('SETRANGE', 'k', '9223372036854775808', 'x'))).toBe(NOT_INTEGER);
    expect(await errorOf(r.setrange('l', 0, 'x'))).toBe(WRONGTYPE);
    expect(await errorOf(r.setrange('l', 0, ''))).toBe(WRONGTYPE);
    const tooBig = 'ERR string exceeds maximum allowed size (proto-max-bulk-len)';
    expect(await errorOf(r.setrange('k', 536870912, 'x'))).toBe(tooBig);
    await r.set('s', 'abc');
    expect(await errorOf(r.call('SETRANGE', 's', '9223372036854775807', 'x'))).toBe(tooBig);
  });

  it('SETRANGE and APPEND obey proto-max-bulk-len', async () => {
    const small = await startTestServer({ 'proto-max-bulk-len': '1mb' });
    const c = new Redis(small.port, '127.0.0.1', { enableReadyCheck: false });
    try {
      const tooBig = 'ERR string exceeds maximum allowed size (proto-max-bulk-len)';
      expect(await c.setrange('k', 1024 * 1024 - 1, 'x')).toBe(1024 * 1024);
      expect(await errorOf(c.setrange('k', 1024 * 1024, 'x'))).toBe(tooBig);
      expect(await errorOf(c.append('k', 'x'))).toBe(tooBig);
      expect(await c.strlen('k')).toBe(1024 * 1024);
    } finally {
      c.disconnect();
      await small.close();
    }
  });
});

describe('encodings after writes (OBJECT ENCODING)', () => {
  it('SET picks int, embstr or raw', async () => {
    const cases: Array<[string, string]> = [
      ['123', 'int'], ['-9223372036854775808', 'int'], ['9223372036854775808', 'embstr'], ['007', 'embstr'],
      ['-0', 'embstr'], ['', 'embstr'], ['a'.repeat(44), 'embstr'], ['a'.repeat(45), 'raw'], ['1'.repeat(45), 'raw'],
    ];
    for (const [value, encoding] of cases) {
      await r.set('k', value);
      expect(await encodingOf('k')).toBe(encoding);
    }
  });

  it('APPEND: a new key is encoded like SET, an appended one is raw', async () => {
    await r.append('a', '1');
    expect(await encodingOf('a')).toBe('int');
    await r.append('a', '2');
    expect(await encodingOf('a')).toBe('raw');
    expect(await r.get('a')).toBe('12');
    await r.append('b', 'foo');
    expect(await encodingOf('b')).toBe('embstr');
    await r.set('d', '12');
    await r.append('d', '');
    expect(await encodingOf('d')).toBe('raw');
  });

  it('SETRANGE makes raw; a no-op SETRANGE keeps the encoding', async () => {
    await r.set('s', '123');
    await r.setrange('s', 1, 'x');
    expect(await encodingOf('s')).toBe('raw');
    await r.setrange('n', 0, 'ab');
    expect(await encodingOf('n')).toBe('raw');
    await r.set('e', '');
    await r.setrange('e', 0, '');
    expect(await encodingOf('e')).toBe('embstr');
  });

  it('INCR gives int, INCRBYFLOAT gives embstr (raw past 44 bytes), MSET and GETSET encode like SET', async () => {
    await r.set('n', '10');
    await r.incr('n');
    expect(await encodingOf('n')).toBe('int');
    await r.incrby('new', -5);
    expect(await encodingOf('new')).toBe('int');
    await r.incrbyfloat('f', 3);
    expect(await encodingOf('f')).toBe('embstr');
    await r.incrbyfloat('f', '1e308');
    expect(await encodingOf('f')).toBe('raw');
    await r.mset('m1', '42', 'm2', 'x'.repeat(50));
    expect([await encodingOf('m1'), await encodingOf('m2')]).toEqual(['int', 'raw']);
    await r.getset('m1', 'abc');
    expect(await encodingOf('m1')).toBe('embstr');
  });
});

describe('INCR, DECR, INCRBY, DECRBY', () => {
  it('count from 0 on a missing key and keep exact int64 values', async () => {
    expect(await r.incr('n')).toBe(1);
    expect(await r.decr('n')).toBe(0);
    expect(await r.incrby('n', 10)).toBe(10);
    expect(await r.decrby('n', 3)).toBe(7);
    expect(await r.decrby('n', -3)).toBe(10);
    await r.set('big', '9223372036854775806');
    // ioredis parses integer replies into doubles: check the exact digits on the wire.
    const raw = await RawClient.connect(srv.port);
    expect(await raw.roundTrip(resp('INCR', 'big'))).toBe(':9223372036854775807\r\n');
    raw.close();
    expect(await r.get('big')).toBe('9223372036854775807');
    await r.set('neg', '-9223372036854775807');
    await r.decr('neg');
    expect(await r.get('neg')).toBe('-9223372036854775808');
  });

  it('overflow errors', async () => {
    const overflow = 'ERR increment or decrement would overflow';
    await r.set('max', '9223372036854775807');
    expect(await errorOf(r.incr('max'))).toBe(overflow);
    expect(await errorOf(r.incrby('max', 1))).toBe(overflow);
    await r.set('min', '-9223372036854775808');
    expect(await errorOf(r.decr('min'))).toBe(overflow);
    expect(await errorOf(r.decrby('min', 1))).toBe(overflow);
    expect(await r.get('min')).toBe('-9223372036854775808');
    expect(await errorOf(r.call('DECRBY', 'min', '-9223372036854775808'))).toBe('ERR decrement would overflow');
    expect(await errorOf(r.call('DECRBY', 'missing', '-9223372036854775808'))).toBe('ERR decrement would overflow');
  });

  it('values and increments that are not int64 decimals', async () => {
    for (const value of [' 1', '1.0', '01', 'abc', '', '9223372036854775808']) {
      await r.set('s', value);
      expect(await errorOf(r.incr('s'))).toBe(NOT_INTEGER);
    }
    expect(await errorOf(r.call('INCRBY', 'n', '9223372036854775808'))).toBe(NOT_INTEGER);
    expect(await errorOf(r.call('INCRBY', 'n', '1.5'))).toBe(NOT_INTEGER);
  });

  it('WRONGTYPE, except DECRBY parses its argument first', async () => {
    await makeList('l');
    expect(await errorOf(r.incr('l'))).toBe(WRONGTYPE);
    expect(await errorOf(r.decr('l'))).toBe(WRONGTYPE);
    expect(await errorOf(r.call('INCRBY', 'l', 'x'))).toBe(NOT_INTEGER);
    expect(await errorOf(r.call('DECRBY', 'l', 'x'))).toBe(NOT_INTEGER);
    expect(await errorOf(r.call('DECRBY', 'l', '-9223372036854775808'))).toBe('ERR decrement would overflow');
  });
});

describe('INCRBYFLOAT', () => {
  it('adds in long double precision and formats like Redis', async () => {
    expect(await r.incrbyfloat('f', '10.5')).toBe('10.5');
    expect(await r.incrbyfloat('f', '0.1')).toBe('10.6');
    expect(await r.incrbyfloat('f', '-10.6')).toBe('0');
    expect(await r.incrbyfloat('f', '5.0e3')).toBe('5000');
    await r.set('g', '0.1');
    expect(await r.incrbyfloat('g', '0.2')).toBe('0.3');
    expect(await r.incrbyfloat('h', '1.23456789012345678901234')).toBe('1.23456789012345679');
    expect(await r.incrbyfloat('h', '3.0e3')).toBe('3001.23456789012345669');
    await r.set('i', '9223372036854775807');
    expect(await r.incrbyfloat('i', '1')).toBe('9223372036854775808');
    expect(await r.incrbyfloat('x', '0x1p-3')).toBe('0.125');
    expect(await r.get('x')).toBe('0.125');
  });

  it('errors: not a float, NaN or Infinity, WRONGTYPE first', async () => {
    const notFloat = 'ERR value is not a valid float';
    await r.set('f', '1');
    for (const bad of ['nan', ' 1', '1 ', '', '1e', 'abc', '1e4933']) {
      expect(await errorOf(r.incrbyfloat('f', bad))).toBe(notFloat);
    }
    expect(await errorOf(r.incrbyfloat('f', 'inf'))).toBe('ERR increment would produce NaN or Infinity');
    expect(await errorOf(r.incrbyfloat('f', '-Infinity'))).toBe('ERR increment would produce NaN or Infinity');
    expect(await r.get('f')).toBe('1');
    await r.set('s', 'abc');
    expect(await errorOf(r.incrbyfloat('s', '1'))).toBe(notFloat);
    await makeList('l');
    expect(await errorOf(r.incrbyfloat('l', 'x'))).toBe(WRONGTYPE);
  });
});

describe('LCS', () => {
  beforeEach(async () => {
    await r.mset('key1', 'ohmytext', 'key2', 'mynewtext');
  });

  it('returns the subsequence, its length, or the match ranges (RESP2 flat array)', async () => {
    expect(await r.call('LCS', 'key1', 'key2')).toBe('mytext');
    expect(await r.call('LCS', 'key1', 'key2', 'LEN')).toBe(6);
    expect(await r.call('LCS', 'key1', 'key2', 'IDX')).toEqual([
      'matches', [[[4, 7], [5, 8]], [[2, 3], [0, 1]]], 'len', 6,
    ]);
    expect(await r.call('LCS', 'key1', 'key2', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN')).toEqual([
      'matches', [[[4, 7], [5, 8], 4]], 'len', 6,
    ]);
    expect(await r.call('LCS', 'key1', 'key2', 'minmatchlen', '-5', 'idx', 'withmatchlen')).toEqual([
      'matches', [[[4, 7], [5, 8], 4], [[2, 3], [0, 1], 2]], 'len', 6,
    ]);
    expect(await r.call('LCS', 'key1', 'key2', 'LEN', 'WITHMATCHLEN', 'MINMATCHLEN', '3')).toBe(6);
    expect(await r.call('LCS', 'missing', 'key1')).toBe('');
    expect(await r.call('LCS', 'missing', 'key1', 'IDX')).toEqual(['matches', [], 'len', 0]);
  });

  it('errors', async () => {
    await makeList('l');
    const bothErr = 'ERR If you want both the length and indexes, please just use IDX.';
    expect(await errorOf(r.call('LCS', 'key1', 'key2', 'IDX', 'LEN'))).toBe(bothErr);
    expect(await errorOf(r.call('LCS', 'key1', 'key2', 'MINMATCHLEN'))).toBe(SYNTAX);
    expect(await errorOf(r.call('LCS', 'key1', 'key2', 'foo'))).toBe(SYNTAX);
    expect(await errorOf(r.call('LCS', 'key1', 'key2', 'MINMATCHLEN', 'x'))).toBe(NOT_INTEGER);
    expect(await errorOf(r.call('LCS', 'key1', 'key2', 'MINMATCHLEN', 'x', 'LEN', 'IDX'))).toBe(NOT_INTEGER);
    expect(await errorOf(r.call('LCS', 'key1', 'l'))).toBe('ERR The specified keys must contain string values');
    expect(await errorOf(r.call('LCS', 'l', 'key1', 'foo'))).toBe('ERR The specified keys must contain string values');
  });

  it('RESP3: IDX is a map (node-redis)', async () => {
    const client = createClient({ url: srv.url, RESP: 3 });
    await client.connect();
    try {
      const reply = await client.sendCommand(['LCS', 'key1', 'key2', 'IDX', 'WITHMATCHLEN']);
      expect(reply).toEqual({ matches: [[[4, 7], [5, 8], 4], [[2, 3], [0, 1], 2]], len: 6 });
      expect(await client.sendCommand(['LCS', 'key1', 'key2'])).toBe('mytext');
      expect(await client.sendCommand(['GET', 'missing'])).toBeNull();
    } finally {
      await client.quit();
    }
  });

  it('RESP3 bytes on the wire', async () => {
    const raw = await RawClient.connect(srv.port);
    await raw.roundTrip('HELLO 3\r\n', '*0\r\n');
    expect(await raw.roundTrip(resp('LCS', 'key1', 'key2', 'IDX'), 'len\r\n:6\r\n')).toBe(
      '%2\r\n$7\r\nmatches\r\n*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n$3\r\nlen\r\n:6\r\n',
    );
    expect(await raw.roundTrip(resp('SET', 'key1', 'v', 'NX'), '_\r\n')).toBe('_\r\n');
    expect(await raw.roundTrip(resp('GET', 'missing'), '_\r\n')).toBe('_\r\n');
    raw.close();
  });
});

describe('binary safety', () => {
  const key = Buffer.from([0x6b, 0x00, 0x0d, 0x0a, 0xff]);
  const value = Buffer.from([0x00, 0xff, 0xc3, 0x28, 0x0d, 0x0a, 0x24, 0x2a]);

  it('keys and values with NUL, CRLF and invalid UTF-8 round-trip', async () => {
    expect(await r.set(key, value)).toBe('OK');
    expect(await r.getBuffer(key)).toEqual(value);
    expect(await r.strlen(key)).toBe(8);
    expect(await r.append(key, Buffer.from([0x80]))).toBe(9);
    expect(await r.getrangeBuffer(key, 7, 8)).toEqual(Buffer.from([0x2a, 0x80]));
    expect(await r.setrange(key, 1, Buffer.from([0xfe]))).toBe(9);
    expect(await r.getBuffer(key)).toEqual(Buffer.from([0x00, 0xfe, 0xc3, 0x28, 0x0d, 0x0a, 0x24, 0x2a, 0x80]));
    expect(await r.getdelBuffer(key)).toEqual(Buffer.from([0x00, 0xfe, 0xc3, 0x28, 0x0d, 0x0a, 0x24, 0x2a, 0x80]));
  });

  it('MSET/MGET, GETSET, GETEX, SET GET and LCS on raw bytes', async () => {
    await r.mset(key, value, 'plain', Buffer.from([0xe9]));
    expect(await r.mgetBuffer(key, 'plain')).toEqual([value, Buffer.from([0xe9])]);
    expect(await r.getsetBuffer('plain', Buffer.from([0xea]))).toEqual(Buffer.from([0xe9]));
    expect(await r.callBuffer('GETEX', 'plain', 'PERSIST')).toEqual(Buffer.from([0xea]));
    expect(await r.callBuffer('SET', 'plain', 'x', 'GET')).toEqual(Buffer.from([0xea]));
    await r.mset('a', Buffer.from([0x00, 0xff, 0x0d, 0x0a]), 'b', Buffer.from([0x78, 0xff, 0x0a, 0x79]));
    expect(await r.callBuffer('LCS', 'a', 'b')).toEqual(Buffer.from([0xff, 0x0a]));
  });

  it('raw RESP bytes: the exact reply for a binary value', async () => {
    const raw = await RawClient.connect(srv.port);
    expect(await raw.roundTrip(resp('SET', Buffer.from('\r\n'), Buffer.from([0, 0xff])))).toBe('+OK\r\n');
    const reply = await raw.roundTrip(resp('GET', Buffer.from('\r\n')), '\x00\xff\r\n');
    expect(reply).toBe('$2\r\n\x00\xff\r\n');
    raw.close();
  });
});
