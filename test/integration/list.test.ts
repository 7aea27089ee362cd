// List commands over TCP: ioredis (RESP2) for values and error texts, raw sockets for the exact
// bytes of nil shapes in RESP2 and RESP3. Every expected reply and error text was read off a real
// redis-server 7.0.15 (the blocking forms are in blocking.test.ts).

import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { RawClient, resp, type RunningServer, errorOf } from '../helpers/server.js';
import { useTsredis } from '../helpers/side-by-side.js';

const ours = useTsredis({ resp3: true, ioredis: true });
let srv: RunningServer;
let r: Redis;
let raw2: RawClient;
let raw3: RawClient;
beforeAll(() => {
  ({ running: srv, client: r, raw: raw2, raw3 } = ours);
});

beforeEach(async () => {
  srv.clock.real();
  await r.flushall();
  await r.config('SET', 'list-max-listpack-size', '-2');
});

/** The exact bytes of one reply: the command then a PING, read up to the PONG. */
async function bytesOf(client: RawClient, ...argv: Array<string | Buffer>): Promise<string> {
  const out = await client.roundTrip(Buffer.concat([resp(...argv), resp('PING')]), '+PONG\r\n');
  return out.slice(0, -'+PONG\r\n'.length);
}
const resp2 = (...argv: Array<string | Buffer>): Promise<string> => bytesOf(raw2, ...argv);
const resp3 = (...argv: Array<string | Buffer>): Promise<string> => bytesOf(raw3, ...argv);

const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
const NOT_INTEGER = 'ERR value is not an integer or out of range';
const SYNTAX = 'ERR syntax error';
const MUST_BE_POSITIVE = 'ERR value is out of range, must be positive';
const RANK_ZERO =
  "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list";

describe('LPUSH, RPUSH, LPUSHX, RPUSHX', () => {
  it('LPUSH prepends each element in turn and RPUSH appends; both reply the new length', async () => {
    expect(await r.lpush('l', 'a', 'b', 'c')).toBe(3);
    expect(await r.rpush('l', 'x', 'y')).toBe(5);
    expect(await r.lrange('l', 0, -1)).toEqual(['c', 'b', 'a', 'x', 'y']);
  });

  it('LPUSHX and RPUSHX push only onto an existing list: 0 and no key otherwise', async () => {
    expect(await r.lpushx('l', 'a')).toBe(0);
    expect(await r.rpushx('l', 'a', 'b')).toBe(0);
    expect(await r.exists('l')).toBe(0);
    await r.rpush('l', 'm');
    expect(await r.lpushx('l', 'a', 'b')).toBe(3);
    expect(await r.rpushx('l', 'y', 'z')).toBe(5);
    expect(await r.lrange('l', 0, -1)).toEqual(['b', 'a', 'm', 'y', 'z']);
  });

  it('pushing onto another type is WRONGTYPE and changes nothing', async () => {
    await r.set('s', 'x');
    for (const cmd of ['LPUSH', 'RPUSH', 'LPUSHX', 'RPUSHX']) {
      expect(await errorOf(r.call(cmd, 's', 'a'))).toBe(WRONGTYPE);
    }
    expect(await r.get('s')).toBe('x');
  });

  it('arity: a push needs at least one element', async () => {
    expect(await errorOf(r.call('LPUSH', 'l'))).toBe("ERR wrong number of arguments for 'lpush' command");
    expect(await errorOf(r.call('RPUSHX', 'l'))).toBe("ERR wrong number of arguments for 'rpushx' command");
  });

  it('elements are bytes: NUL, CR LF and invalid UTF-8 round-trip', async () => {
    const values = [Buffer.from([0, 1, 2]), Buffer.from('a\r\nb'), Buffer.from([0xff, 0xfe, 0x80]), Buffer.alloc(0)];
    await r.rpush('bin', ...values);
    expect(await r.lrangeBuffer('bin', 0, -1)).toEqual(values);
    expect(await r.lindexBuffer('bin', 2)).toEqual(values[2]);
    expect(await r.lpos('bin', Buffer.from([0xff, 0xfe, 0x80]))).toBe(2);
    expect(await r.lrem('bin', 0, Buffer.from('a\r\nb'))).toBe(1);
    expect(await r.lpopBuffer('bin')).toEqual(values[0]);
    // A binary key comes back byte for byte in LMPOP's reply.
    const key = Buffer.from([0xc3, 0x28, 0x00]);
    await r.rpush(key, 'v');
    expect(await r.callBuffer('LMPOP', '1', key, 'LEFT')).toEqual([key, [Buffer.from('v')]]);
  });
});

describe('LPOP and RPOP', () => {
  it('pop one element from either end; the key goes away with its last element', async () => {
    await r.rpush('l', 'a', 'b', 'c');
    expect(await r.lpop('l')).toBe('a');
    expect(await r.rpop('l')).toBe('c');
    expect(await r.lpop('l')).toBe('b');
    expect(await r.exists('l')).toBe(0);
    expect(await r.lpop('l')).toBeNull();
  });

  it('with a count: up to count elements in pop order', async () => {
    await r.rpush('l', 'a', 'b', 'c', 'd', 'e');
    expect(await r.lpop('l', 2)).toEqual(['a', 'b']);
    expect(await r.rpop('l', 2)).toEqual(['e', 'd']);
    expect(await r.rpop('l', 10)).toEqual(['c']);
    expect(await r.exists('l')).toBe(0);
    await r.rpush('l', 'a');
    expect(await r.call('LPOP', 'l', '9223372036854775807')).toEqual(['a']);
  });

  it('count 0 is an empty array on a list but a null array on a missing key (RESP2 *-1, RESP3 _)', async () => {
    await r.rpush('l', 'a');
    expect(await resp2('LPOP', 'l', '0')).toBe('*0\r\n');
    expect(await r.llen('l')).toBe(1);
    expect(await resp2('LPOP', 'missing', '0')).toBe('*-1\r\n');
    expect(await resp2('RPOP', 'missing', '2')).toBe('*-1\r\n');
    expect(await resp2('RPOP', 'missing')).toBe('$-1\r\n');
    expect(await resp3('LPOP', 'missing', '2')).toBe('_\r\n');
    expect(await resp3('LPOP', 'missing')).toBe('_\r\n');
    expect(await resp3('LPOP', 'l', '0')).toBe('*0\r\n');
    expect(await resp3('LPOP', 'l', '5')).toBe('*1\r\n$1\r\na\r\n');
  });

  it('a negative or non-numeric count is "must be positive", checked before the key type', async () => {
    await r.set('s', 'x');
    await r.rpush('l', 'a');
    expect(await errorOf(r.call('LPOP', 'l', '-1'))).toBe(MUST_BE_POSITIVE);
    expect(await errorOf(r.call('RPOP', 'l', 'abc'))).toBe(MUST_BE_POSITIVE);
    expect(await errorOf(r.call('LPOP', 's', '-1'))).toBe(MUST_BE_POSITIVE);
    expect(await errorOf(r.call('LPOP', 'missing', '9223372036854775808'))).toBe(MUST_BE_POSITIVE);
    expect(await errorOf(r.call('LPOP', 's', '0'))).toBe(WRONGTYPE);
    expect(await errorOf(r.call('RPOP', 's'))).toBe(WRONGTYPE);
  });

  it('more than one count argument is an arity error, as Redis checks in the handler', async () => {
    expect(await errorOf(r.call('LPOP', 'l', '1', '2'))).toBe("ERR wrong number of arguments for 'lpop' command");
    expect(await errorOf(r.call('RPOP', 'l', '1', '2'))).toBe("ERR wrong number of arguments for 'rpop' command");
  });
});

describe('LLEN, LRANGE, LINDEX', () => {
  it('LLEN: the length, 0 for a missing key, WRONGTYPE for another type', async () => {
    await r.rpush('l', 'a', 'b');
    expect(await r.llen('l')).toBe(2);
    expect(await r.llen('missing')).toBe(0);
    await r.set('s', 'x');
    expect(await errorOf(r.llen('s'))).toBe(WRONGTYPE);
  });

  it('LRANGE: inclusive, negative from the end, clamped; empty when start > stop or past the end', async () => {
    await r.rpush('l', 'a', 'b', 'c', 'd', 'e');
    expect(await r.lrange('l', 1, 3)).toEqual(['b', 'c', 'd']);
    expect(await r.lrange('l', -2, -1)).toEqual(['d', 'e']);
    expect(await r.lrange('l', -100, 100)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await r.lrange('l', 3, 1)).toEqual([]);
    expect(await r.lrange('l', 5, 10)).toEqual([]);
    expect(await r.lrange('l', 0, -6)).toEqual([]);
    expect(await r.call('LRANGE', 'l', '-9223372036854775808', '9223372036854775807')).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await r.call('LRANGE', 'l', '9223372036854775807', '-9223372036854775808')).toEqual([]);
    expect(await r.lrange('missing', 0, -1)).toEqual([]);
  });

  it('LRANGE parses both indexes before looking at the key', async () => {
    await r.set('s', 'x');
    expect(await errorOf(r.call('LRANGE', 'missing', 'x', '1'))).toBe(NOT_INTEGER);
    expect(await errorOf(r.call('LRANGE', 's', '0', '1.5'))).toBe(NOT_INTEGER);
    expect(await errorOf(r.lrange('s', 0, 1))).toBe(WRONGTYPE);
  });

  it('LINDEX: by index from either end, nil out of range; the key is looked up before the index is parsed', async () => {
    await r.rpush('l', 'a', 'b', 'c');
    expect(await r.lindex('l', 0)).toBe('a');
    expect(await r.lindex('l', -1)).toBe('c');
    expect(await r.lindex('l', -3)).toBe('a');
    expect(await r.lindex('l', 3)).toBeNull();
    expect(await r.lindex('l', -4)).toBeNull();
    expect(await r.call('LINDEX', 'l', '-9223372036854775808')).toBeNull();
    expect(await r.call('LINDEX', 'missing', 'x')).toBeNull();
    await r.set('s', 'x');
    expect(await errorOf(r.call('LINDEX', 's', 'x'))).toBe(WRONGTYPE);
    expect(await errorOf(r.call('LINDEX', 'l', 'x'))).toBe(NOT_INTEGER);
    expect(await resp2('LINDEX', 'l', '9')).toBe('$-1\r\n');
    expect(await resp3('LINDEX', 'l', '9')).toBe('_\r\n');
  });

  it('indexes work across many quicklist nodes, from both ends (4 elements per node)', async () => {
    await r.config('SET', 'list-max-listpack-size', '4');
    const values = Array.from({ length: 1000 }, (_, i) => `v${i}`);
    await r.rpush('l', ...values);
    for (const i of [0, 3, 4, 499, 500, 501, 995, 996, 999]) {
      expect(await r.lindex('l', i)).toBe(values[i]);
      expect(await r.lindex('l', i - 1000)).toBe(values[i]);
    }
    expect(await r.lrange('l', 498, 505)).toEqual(values.slice(498, 506));
    expect(await r.lrange('l', -7, -1)).toEqual(values.slice(993));
  });
});

describe('LSET', () => {
  it('sets by index from either end', async () => {
    await r.rpush('l', 'a', 'b', 'c');
    expect(await r.lset('l', 0, 'A')).toBe('OK');
    expect(await r.lset('l', -1, 'C')).toBe('OK');
    expect(await r.lrange('l', 0, -1)).toEqual(['A', 'b', 'C']);
  });

  it('errors: no such key, WRONGTYPE, then the index: not an integer, out of range', async () => {
    await r.rpush('l', 'a', 'b', 'c');
    await r.set('s', 'x');
    expect(await errorOf(r.call('LSET', 'missing', 'x', 'v'))).toBe('ERR no such key');
    expect(await errorOf(r.call('LSET', 's', 'x', 'v'))).toBe(WRONGTYPE);
    expect(await errorOf(r.call('LSET', 'l', 'x', 'v'))).toBe(NOT_INTEGER);
    expect(await errorOf(r.lset('l', 3, 'v'))).toBe('ERR index out of range');
    expect(await errorOf(r.lset('l', -4, 'v'))).toBe('ERR index out of range');
    expect(await errorOf(r.call('LSET', 'l', '-9223372036854775808', 'v'))).toBe('ERR index out of range');
    expect(await r.lrange('l', 0, -1)).toEqual(['a', 'b', 'c']);
  });

  it('replaces a small element by a big one and back across nodes', async () => {
    await r.rpush('l', ...Array.from({ length: 3000 }, (_, i) => String(i)));
    const big = 'x'.repeat(20000);
    expect(await r.lset('l', 1500, big)).toBe('OK');
    expect(await r.lindex('l', 1500)).toBe(big);
    expect(await r.lrange('l', 1499, 1501)).toEqual(['1499', big, '1501']);
    expect(await r.llen('l')).toBe(3000);
  });
});

describe('LINSERT', () => {
  it('inserts before or after the first pivot from the head; BEFORE/AFTER in any case', async () => {
    await r.rpush('l', 'a', 'b', 'c', 'b');
    expect(await r.linsert('l', 'BEFORE', 'b', 'x')).toBe(5);
    expect(await r.call('LINSERT', 'l', 'aFtEr', 'b', 'y')).toBe(6);
    expect(await r.lrange('l', 0, -1)).toEqual(['a', 'x', 'b', 'y', 'c', 'b']);
    expect(await r.linsert('l', 'AFTER', 'b', 'end')).toBe(7);
    expect(await r.lrange('l', 0, 3)).toEqual(['a', 'x', 'b', 'end']);
  });

  it('-1 without the pivot, 0 for a missing key; the position word is checked first', async () => {
    await r.rpush('l', 'a');
    await r.set('s', 'x');
    expect(await r.linsert('l', 'BEFORE', 'zz', 'v')).toBe(-1);
    expect(await r.linsert('missing', 'BEFORE', 'a', 'v')).toBe(0);
    expect(await r.exists('missing')).toBe(0);
    expect(await errorOf(r.call('LINSERT', 's', 'middle', 'p', 'v'))).toBe(SYNTAX);
    expect(await errorOf(r.call('LINSERT', 's', 'before', 'p', 'v'))).toBe(WRONGTYPE);
  });

  it('option words stop at a NUL byte, as Redis compares C strings ("before\\0x" is BEFORE)', async () => {
    await r.rpush('l', 'a', 'b');
    expect(await r.call('LINSERT', 'l', 'before\0x', 'b', 'v')).toBe(3);
    expect(await r.lrange('l', 0, -1)).toEqual(['a', 'v', 'b']);
  });

  it('many inserts into full nodes (split and spill to neighbours) keep the order right', async () => {
    await r.config('SET', 'list-max-listpack-size', '3');
    await r.rpush('l', 'p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8');
    const model = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8'];
    for (let i = 0; i < 60; i++) {
      const pivot = model[(i * 7) % model.length] as string;
      const after = i % 2 === 0;
      const at = model.indexOf(pivot);
      model.splice(after ? at + 1 : at, 0, `n${i}`);
      expect(await r.call('LINSERT', 'l', after ? 'AFTER' : 'BEFORE', pivot, `n${i}`)).toBe(model.length);
    }
    expect(await r.lrange('l', 0, -1)).toEqual(model);
  });
});

describe('LREM', () => {
  it('count > 0 removes from the head, < 0 from the tail, 0 all; replies how many', async () => {
    await r.rpush('l', 'a', 'b', 'a', 'c', 'a', 'b', 'a');
    expect(await r.lrem('l', 2, 'a')).toBe(2);
    expect(await r.lrange('l', 0, -1)).toEqual(['b', 'c', 'a', 'b', 'a']);
    expect(await r.lrem('l', -1, 'b')).toBe(1);
    expect(await r.lrange('l', 0, -1)).toEqual(['b', 'c', 'a', 'a']);
    expect(await r.lrem('l', 0, 'a')).toBe(2);
    expect(await r.lrem('l', 0, 'zz')).toBe(0);
    expect(await r.lrange('l', 0, -1)).toEqual(['b', 'c']);
  });

  it('removing every element deletes the key', async () => {
    await r.rpush('l', 'a', 'a');
    expect(await r.lrem('l', 0, 'a')).toBe(2);
    expect(await r.exists('l')).toBe(0);
  });

  it('the count is parsed before the key is looked up', async () => {
    await r.set('s', 'x');
    expect(await errorOf(r.call('LREM', 'missing', 'x', 'v'))).toBe(NOT_INTEGER);
    expect(await errorOf(r.call('LREM', 's', 'x', 'v'))).toBe(NOT_INTEGER);
    expect(await r.lrem('missing', 0, 'v')).toBe(0);
    expect(await errorOf(r.lrem('s', 0, 'v'))).toBe(WRONGTYPE);
  });
});

describe('LTRIM', () => {
  it('keeps the inclusive range; an empty range deletes the key', async () => {
    await r.rpush('l', 'a', 'b', 'c', 'd', 'e');
    expect(await r.ltrim('l', 1, -2)).toBe('OK');
    expect(await r.lrange('l', 0, -1)).toEqual(['b', 'c', 'd']);
    expect(await r.ltrim('l', -100, 100)).toBe('OK');
    expect(await r.lrange('l', 0, -1)).toEqual(['b', 'c', 'd']);
    expect(await r.ltrim('l', 5, 1)).toBe('OK');
    expect(await r.exists('l')).toBe(0);
    await r.rpush('l', 'a', 'b', 'c');
    expect(await r.ltrim('l', -1, -100)).toBe('OK');
    expect(await r.exists('l')).toBe(0);
  });

  it('OK for a missing key; indexes are parsed before the key type is checked', async () => {
    await r.set('s', 'x');
    expect(await r.ltrim('missing', 0, 1)).toBe('OK');
    expect(await errorOf(r.call('LTRIM', 's', 'x', '1'))).toBe(NOT_INTEGER);
    expect(await errorOf(r.ltrim('s', 0, 1))).toBe(WRONGTYPE);
  });

  it('trims whole nodes and partial nodes of a long list', async () => {
    await r.config('SET', 'list-max-listpack-size', '5');
    const values = Array.from({ length: 103 }, (_, i) => String(i));
    await r.rpush('l', ...values);
    await r.ltrim('l', 12, -14);
    expect(await r.lrange('l', 0, -1)).toEqual(values.slice(12, 90));
    expect(await r.llen('l')).toBe(78);
  });

  it('a WATCHed list is invalidated by LTRIM even when nothing is removed (Redis signals the key)', async () => {
    await r.rpush('l', 'a', 'b');
    const w = new Redis(srv.port, '127.0.0.1', { enableReadyCheck: false });
    try {
      await w.watch('l');
      await r.ltrim('l', 0, -1);
      const result = await w.multi().set('x', '1').exec();
      expect(result).toBeNull();
    } finally {
      w.disconnect();
    }
  });
});

describe('LPOS', () => {
  beforeEach(async () => {
    await r.rpush('l', 'a', 'b', 'c', 'a', 'b', 'c', 'a');
  });

  it('the first match; RANK n-th from the head or (negative) from the tail; nil when none', async () => {
    expect(await r.lpos('l', 'a')).toBe(0);
    expect(await r.lpos('l', 'c')).toBe(2);
    expect(await r.lpos('l', 'a', 'RANK', 2)).toBe(3);
    expect(await r.lpos('l', 'a', 'RANK', -1)).toBe(6);
    expect(await r.lpos('l', 'a', 'RANK', -3)).toBe(0);
    expect(await r.lpos('l', 'a', 'RANK', 10)).toBeNull();
    expect(await r.lpos('l', 'z')).toBeNull();
    expect(await r.lpos('missing', 'a')).toBeNull();
    expect(await resp2('LPOS', 'l', 'z')).toBe('$-1\r\n');
    expect(await resp3('LPOS', 'missing', 'a')).toBe('_\r\n');
  });

  it('COUNT returns an array (0 = every match), also empty for a missing key', async () => {
    expect(await r.lpos('l', 'a', 'COUNT', 0)).toEqual([0, 3, 6]);
    expect(await r.lpos('l', 'a', 'COUNT', 2)).toEqual([0, 3]);
    expect(await r.lpos('l', 'a', 'RANK', -1, 'COUNT', 2)).toEqual([6, 3]);
    expect(await r.lpos('l', 'z', 'COUNT', 0)).toEqual([]);
    expect(await r.lpos('missing', 'a', 'COUNT', 0)).toEqual([]);
    expect(await r.call('LPOS', 'l', 'a', 'COUNT', '9223372036854775807', 'RANK', '2')).toEqual([3, 6]);
  });

  it('MAXLEN compares at most that many elements from the scan start', async () => {
    expect(await r.call('LPOS', 'l', 'a', 'RANK', '2', 'MAXLEN', '4', 'COUNT', '0')).toEqual([3]);
    expect(await r.call('LPOS', 'l', 'a', 'RANK', '-2', 'MAXLEN', '3', 'COUNT', '0')).toEqual([]);
    expect(await r.lpos('l', 'b', 'RANK', -1, 'MAXLEN', 2)).toBeNull();
    expect(await r.lpos('l', 'c', 'RANK', -1, 'MAXLEN', 2)).toBe(5);
    expect(await r.call('LPOS', 'l', 'a', 'MAXLEN', '0', 'COUNT', '0')).toEqual([0, 3, 6]);
  });

  it('the last RANK given wins; option words stop at a NUL byte', async () => {
    expect(await r.call('LPOS', 'l', 'a', 'RANK', '1', 'RANK', '3')).toBe(6);
    expect(await r.call('LPOS', 'l', 'a', 'rank\0x', '2')).toBe(3);
  });

  it('errors, in argument order and before the key type: RANK 0, COUNT/MAXLEN negative, syntax', async () => {
    await r.set('s', 'x');
    expect(await errorOf(r.call('LPOS', 'l', 'a', 'RANK', '0'))).toBe(RANK_ZERO);
    expect(await errorOf(r.call('LPOS', 's', 'a', 'RANK', '0'))).toBe(RANK_ZERO);
    expect(await errorOf(r.call('LPOS', 'missing', 'a', 'RANK', '0'))).toBe(RANK_ZERO);
    expect(await errorOf(r.call('LPOS', 'l', 'a', 'RANK', 'x'))).toBe(NOT_INTEGER);
    expect(await errorOf(r.call('LPOS', 'l', 'a', 'RANK', '9223372036854775808'))).toBe(NOT_INTEGER);
    expect(await errorOf(r.call('LPOS', 'l', 'a', 'COUNT', '-1'))).toBe("ERR COUNT can't be negative");
    expect(await errorOf(r.call('LPOS', 'l', 'a', 'COUNT', 'x'))).toBe("ERR COUNT can't be negative");
    expect(await errorOf(r.call('LPOS', 'l', 'a', 'MAXLEN', '-1'))).toBe("ERR MAXLEN can't be negative");
    expect(await errorOf(r.call('LPOS', 'l', 'a', 'MAXLEN', 'x'))).toBe("ERR MAXLEN can't be negative");
    expect(await errorOf(r.call('LPOS', 'l', 'a', 'COUNT'))).toBe(SYNTAX);
    expect(await errorOf(r.call('LPOS', 'l', 'a', 'FOO', '1'))).toBe(SYNTAX);
    expect(await errorOf(r.call('LPOS', 's', 'a'))).toBe(WRONGTYPE);
  });

  it('Redis quirk: RANK -9223372036854775808 counts every match and ignores COUNT (its negation overflows)', async () => {
    expect(await r.call('LPOS', 'l', 'a', 'RANK', '-9223372036854775808')).toBe(6);
    expect(await r.call('LPOS', 'l', 'a', 'RANK', '-9223372036854775808', 'COUNT', '1')).toEqual([6, 3, 0]);
    expect(await r.call('LPOS', 'l', 'a', 'RANK', '-9223372036854775807', 'COUNT', '1')).toEqual([]);
  });
});

describe('LMOVE and RPOPLPUSH', () => {
  it('moves between every pair of ends', async () => {
    await r.rpush('src', 'a', 'b', 'c', 'd');
    await r.rpush('dst', 'x');
    expect(await r.lmove('src', 'dst', 'LEFT', 'LEFT')).toBe('a');
    expect(await r.lmove('src', 'dst', 'LEFT', 'RIGHT')).toBe('b');
    expect(await r.lmove('src', 'dst', 'RIGHT', 'LEFT')).toBe('d');
    expect(await r.call('LMOVE', 'src', 'dst', 'right', 'right')).toBe('c');
    expect(await r.exists('src')).toBe(0);
    expect(await r.lrange('dst', 0, -1)).toEqual(['d', 'a', 'x', 'b', 'c']);
  });

  it('RPOPLPUSH is LMOVE RIGHT LEFT and creates the destination', async () => {
    await r.rpush('src', 'a', 'b');
    expect(await r.rpoplpush('src', 'new')).toBe('b');
    expect(await r.lrange('new', 0, -1)).toEqual(['b']);
    expect(await r.rpoplpush('missing', 'new')).toBeNull();
    expect(await resp2('RPOPLPUSH', 'missing', 'new')).toBe('$-1\r\n');
    expect(await resp3('LMOVE', 'missing', 'new', 'LEFT', 'LEFT')).toBe('_\r\n');
  });

  it('source and destination the same key rotate the list, also with one element', async () => {
    await r.rpush('l', 'a', 'b', 'c');
    expect(await r.rpoplpush('l', 'l')).toBe('c');
    expect(await r.lrange('l', 0, -1)).toEqual(['c', 'a', 'b']);
    expect(await r.lmove('l', 'l', 'LEFT', 'RIGHT')).toBe('c');
    expect(await r.lrange('l', 0, -1)).toEqual(['a', 'b', 'c']);
    await r.rpush('one', 'x');
    expect(await r.rpoplpush('one', 'one')).toBe('x');
    expect(await r.lrange('one', 0, -1)).toEqual(['x']);
  });

  it('errors: the directions first (syntax), then the source type, then the destination type', async () => {
    await r.rpush('l', 'a');
    await r.set('s', 'x');
    expect(await errorOf(r.call('LMOVE', 's', 'd', 'UP', 'LEFT'))).toBe(SYNTAX);
    expect(await errorOf(r.call('LMOVE', 'l', 'd', 'LEFT', 'SIDEWAYS'))).toBe(SYNTAX);
    expect(await errorOf(r.lmove('s', 'd', 'LEFT', 'LEFT'))).toBe(WRONGTYPE);
    expect(await errorOf(r.lmove('l', 's', 'LEFT', 'LEFT'))).toBe(WRONGTYPE);
    expect(await errorOf(r.rpoplpush('l', 's'))).toBe(WRONGTYPE);
    expect(await r.lrange('l', 0, -1)).toEqual(['a']);
    // A missing source is nil whatever the destination holds.
    expect(await r.lmove('missing', 's', 'LEFT', 'LEFT')).toBeNull();
    expect(await r.call('LMOVE', 'l', 'd', 'left\0x', 'right')).toBe('a');
  });
});

describe('LMPOP', () => {
  it('pops from the first non-empty list: [key, [elements]], COUNT caps the number', async () => {
    await r.rpush('b', '1', '2', '3');
    expect(await r.call('LMPOP', '2', 'a', 'b', 'LEFT')).toEqual(['b', ['1']]);
    expect(await r.call('LMPOP', '2', 'a', 'b', 'RIGHT', 'COUNT', '5')).toEqual(['b', ['3', '2']]);
    expect(await r.exists('b')).toBe(0);
    expect(await r.call('LMPOP', '2', 'a', 'b', 'LEFT')).toBeNull();
  });

  it('replies: RESP2 *-1 / RESP3 _ when every list is empty; RESP3 keeps the nested array', async () => {
    expect(await resp2('LMPOP', '1', 'missing', 'LEFT')).toBe('*-1\r\n');
    expect(await resp3('LMPOP', '1', 'missing', 'LEFT')).toBe('_\r\n');
    await r.rpush('l', 'a', 'b');
    expect(await resp3('LMPOP', '1', 'l', 'LEFT', 'COUNT', '2')).toBe('*2\r\n$1\r\nl\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n');
  });

  it('errors, in Redis order: numkeys, missing direction, direction, COUNT', async () => {
    await r.rpush('l', 'a');
    const numkeys = 'ERR numkeys should be greater than 0';
    const count = 'ERR count should be greater than 0';
    expect(await errorOf(r.call('LMPOP', '0', 'l', 'LEFT'))).toBe(numkeys);
    expect(await errorOf(r.call('LMPOP', '-1', 'l', 'LEFT'))).toBe(numkeys);
    expect(await errorOf(r.call('LMPOP', 'x', 'l', 'LEFT'))).toBe(numkeys);
    expect(await errorOf(r.call('LMPOP', '2', 'l', 'LEFT'))).toBe(SYNTAX);
    expect(await errorOf(r.call('LMPOP', '9223372036854775807', 'l', 'LEFT'))).toBe(SYNTAX);
    expect(await errorOf(r.call('LMPOP', '1', 'l', 'MIDDLE'))).toBe(SYNTAX);
    expect(await errorOf(r.call('LMPOP', '1', 'l', 'LEFT', 'COUNT', '0'))).toBe(count);
    expect(await errorOf(r.call('LMPOP', '1', 'l', 'LEFT', 'COUNT', '-1'))).toBe(count);
    expect(await errorOf(r.call('LMPOP', '1', 'l', 'LEFT', 'COUNT', 'x'))).toBe(count);
    expect(await errorOf(r.call('LMPOP', '1', 'missing', 'LEFT', 'COUNT', '0'))).toBe(count);
    expect(await errorOf(r.call('LMPOP', '1', 'l', 'LEFT', 'COUNT'))).toBe(SYNTAX);
    expect(await errorOf(r.call('LMPOP', '1', 'l', 'LEFT', 'COUNT', '1', 'COUNT', '1'))).toBe(SYNTAX);
    expect(await errorOf(r.call('LMPOP', '1', 'l', 'LEFT', 'FOO'))).toBe(SYNTAX);
    expect(await r.llen('l')).toBe(1);
  });

  it('WRONGTYPE only for a wrong-typed key met before the first non-empty list', async () => {
    await r.rpush('l', 'a', 'b');
    await r.set('s', 'x');
    expect(await errorOf(r.call('LMPOP', '2', 'missing', 's', 'LEFT'))).toBe(WRONGTYPE);
    expect(await errorOf(r.call('LMPOP', '2', 's', 'l', 'LEFT'))).toBe(WRONGTYPE);
    expect(await r.call('LMPOP', '2', 'l', 's', 'LEFT')).toEqual(['l', ['a']]);
  });

  it('COMMAND GETKEYS finds the keys from numkeys', async () => {
    expect(await r.call('COMMAND', 'GETKEYS', 'LMPOP', '2', 'a', 'b', 'LEFT')).toEqual(['a', 'b']);
    expect(await r.call('COMMAND', 'GETKEYS', 'BLMPOP', '0', '1', 'a', 'LEFT', 'COUNT', '2')).toEqual(['a']);
  });
});

describe('OBJECT ENCODING and lifecycle', () => {
  it('every list is a quicklist in 7.0, whatever its size, element sizes or node setting', async () => {
    await r.rpush('one', 'a');
    expect(await r.object('ENCODING', 'one')).toBe('quicklist');
    await r.rpush('many', ...Array.from({ length: 5000 }, (_, i) => String(i)));
    expect(await r.object('ENCODING', 'many')).toBe('quicklist');
    await r.rpush('big', 'x'.repeat(100000));
    expect(await r.object('ENCODING', 'big')).toBe('quicklist');
    for (const fill of ['1', '0', '-1', '-5', '128']) {
      await r.config('SET', 'list-max-listpack-size', fill);
      await r.del('l');
      await r.rpush('l', 'a', 'b', 'c');
      expect(await r.object('ENCODING', 'l')).toBe('quicklist');
      expect(await r.lrange('l', 0, -1)).toEqual(['a', 'b', 'c']);
    }
    await r.lpop('many', 4999);
    expect(await r.object('ENCODING', 'many')).toBe('quicklist');
  });

  it('TYPE is list; COPY makes an independent list', async () => {
    await r.rpush('l', 'a', 'b');
    expect(await r.type('l')).toBe('list');
    if (srv.server.commands.has('copy')) {
      await r.call('COPY', 'l', 'c');
      await r.rpush('l', 'z');
      expect(await r.lrange('c', 0, -1)).toEqual(['a', 'b']);
    }
  });

  it('an expired list is missing to every list command', async () => {
    srv.clock.freeze();
    await r.rpush('l', 'a', 'b');
    await r.pexpire('l', 100);
    srv.clock.advance(101);
    expect(await r.llen('l')).toBe(0);
    expect(await r.lpushx('l', 'x')).toBe(0);
    expect(await r.lpop('l')).toBeNull();
    expect(await r.rpush('l', 'n')).toBe(1);
    expect(await r.pttl('l')).toBe(-1);
  });

  it('a push keeps the TTL of an existing list', async () => {
    await r.rpush('l', 'a');
    await r.expire('l', 100);
    await r.rpush('l', 'b');
    await r.lpop('l');
    expect(await r.ttl('l')).toBeGreaterThan(90);
  });

  it('big lists: 200k pushes at both ends, then reads near either end, quickly', async () => {
    const start = Date.now();
    const batch = Array.from({ length: 1000 }, (_, i) => String(i));
    const pipeline = r.pipeline();
    for (let i = 0; i < 100; i++) {
      pipeline.lpush('big', ...batch);
      pipeline.rpush('big', ...batch);
    }
    await pipeline.exec();
    expect(await r.llen('big')).toBe(200000);
    expect(await r.lindex('big', 0)).toBe('999');
    expect(await r.lindex('big', -1)).toBe('999');
    expect(await r.lrange('big', -3, -1)).toEqual(['997', '998', '999']);
    expect(await r.lpop('big', 3)).toEqual(['999', '998', '997']);
    expect(Date.now() - start).toBeLessThan(5000);
  });
});

describe('keyspace events', () => {
  it('each command sends the events Redis 7.0 sends, in its order (push before pop for moves, del last)', async () => {
    if (!srv.server.commands.has('psubscribe')) return;
    const sub = await RawClient.connect(srv.port);
    try {
      await sub.roundTrip(resp('PSUBSCRIBE', '__keyevent@0__:*'), ':1\r\n');
      await r.config('SET', 'notify-keyspace-events', 'KEA');
      const script: string[][] = [
        ['RPUSH', 'l', 'a', 'b', 'c'], ['LPUSH', 'l', 'z'], ['LPUSHX', 'l', 'y'], ['RPUSHX', 'l', 'x'], ['LPUSHX', 'nokey', 'y'],
        ['LINSERT', 'l', 'BEFORE', 'a', 'q'], ['LINSERT', 'l', 'BEFORE', 'zz', 'q'], ['LSET', 'l', '0', 'w'],
        ['LPOP', 'l'], ['RPOP', 'l', '2'], ['LPOP', 'l', '0'], ['LREM', 'l', '0', 'zz'], ['LREM', 'l', '1', 'q'],
        ['LTRIM', 'l', '0', '-1'], ['LTRIM', 'l', '0', '0'], ['LMOVE', 'l', 'm', 'LEFT', 'RIGHT'], ['RPUSH', 'l', '1', '2'],
        ['RPOPLPUSH', 'l', 'l'], ['LMPOP', '1', 'l', 'RIGHT', 'COUNT', '5'], ['RPUSH', 'l', '1'], ['BLPOP', 'l', '0'],
        ['RPUSH', 'l', '1', '2'], ['BLMOVE', 'l', 'm', 'RIGHT', 'LEFT', '0'], ['BRPOPLPUSH', 'l', 'm', '0'],
        ['BLMPOP', '0', '1', 'm', 'LEFT', 'COUNT', '9'], ['RPUSH', 'l', 'a', 'b'], ['LTRIM', 'l', '5', '1'], ['RPUSH', 'l', 'a'],
        ['LREM', 'l', '0', 'a'], ['RPUSH', 'l', 'a'], ['LMOVE', 'l', 'l', 'LEFT', 'LEFT'],
      ];
      for (const argv of script) await r.call(argv[0] as string, ...argv.slice(1));
      await r.config('SET', 'notify-keyspace-events', '');
      // Read off redis-server 7.0.15 running the same script.
      const expected =
        'rpush:l lpush:l lpush:l rpush:l linsert:l lset:l lpop:l rpop:l lrem:l ltrim:l ltrim:l rpush:m lpop:l del:l ' +
        'rpush:l lpush:l rpop:l rpop:l del:l rpush:l lpop:l del:l rpush:l lpush:m rpop:l lpush:m rpop:l del:l lpop:m ' +
        'del:m rpush:l ltrim:l del:l rpush:l lrem:l del:l rpush:l lpush:l lpop:l';
      const count = expected.split(' ').length;
      const deadline = Date.now() + 2000;
      let text = '';
      const pattern = /\$\d+\r\n__keyevent@0__:([a-z]+)\r\n\$\d+\r\n([^\r]*)\r\n/g;
      while ([...text.matchAll(pattern)].length < count && Date.now() < deadline) {
        text += (await sub.readBytes(1, 100)).toString('latin1');
      }
      const events = [...text.matchAll(pattern)].map((m) => `${m[1]}:${m[2]}`);
      expect(events.join(' ')).toBe(expected);
    } finally {
      sub.close();
    }
  });
});
