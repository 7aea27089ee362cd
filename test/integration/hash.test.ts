// Hash commands over TCP with ioredis (v6 speaks RESP3) and raw sockets (exact RESP2/RESP3 bytes): every command
// and option, every error text, OBJECT ENCODING around both thresholds, binary fields and values,
// WRONGTYPE, and deletion of emptied keys. Expected replies and error texts read off Redis 7.0.15.

import { beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { useTsredis } from '../helpers/side-by-side.js';
import { errorOf, rawReply } from '../helpers/server.js';

const ours = useTsredis({ resp3: true, ioredis: true });

beforeEach(async () => {
  await ours.client.flushall();
  await ours.client.config('SET', 'hash-max-listpack-entries', '512');
  await ours.client.config('SET', 'hash-max-listpack-value', '64');
});

const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
const NOT_INTEGER = 'ERR value is not an integer or out of range';
const SYNTAX = 'ERR syntax error';

const encodingOf = (key: string): Promise<unknown> => ours.client.call('OBJECT', 'ENCODING', key);

describe('HSET, HMSET, HSETNX', () => {
  it('HSET replies how many fields were new; updates count 0', async () => {
    expect(await ours.client.call('HSET', 'h', 'a', '1', 'b', '2')).toBe(2);
    expect(await ours.client.call('HSET', 'h', 'a', '10', 'c', '3')).toBe(1);
    expect(await ours.client.call('HSET', 'h', 'a', '11', 'a', '12')).toBe(0);
    expect(await ours.client.call('HGETALL', 'h')).toEqual(['a', '12', 'b', '2', 'c', '3']);
  });

  it('HMSET replies OK', async () => {
    expect(await ours.client.call('HMSET', 'h', 'a', '1', 'b', '2')).toBe('OK');
    expect(await ours.client.call('HMGET', 'h', 'a', 'b')).toEqual(['1', '2']);
  });

  it('an odd number of field/value arguments is an arity error naming the command', async () => {
    expect(await errorOf(ours.client.call('HSET', 'h', 'a'))).toBe("ERR wrong number of arguments for 'hset' command");
    expect(await errorOf(ours.client.call('HSET', 'h', 'a', '1', 'b'))).toBe("ERR wrong number of arguments for 'hset' command");
    expect(await errorOf(ours.client.call('HMSET', 'h', 'a', '1', 'b'))).toBe("ERR wrong number of arguments for 'hmset' command");
    // The pair count is checked before the key's type.
    await ours.client.set('s', 'v');
    expect(await errorOf(ours.client.call('HSET', 's', 'a', '1', 'b'))).toBe("ERR wrong number of arguments for 'hset' command");
    expect(await ours.client.exists('h')).toBe(0);
  });

  it('HSETNX sets only a missing field', async () => {
    expect(await ours.client.call('HSETNX', 'h', 'a', '1')).toBe(1);
    expect(await ours.client.call('HSETNX', 'h', 'a', '2')).toBe(0);
    expect(await ours.client.call('HGET', 'h', 'a')).toBe('1');
  });

  it('fields and values are binary-safe: NUL, CR LF, invalid UTF-8', async () => {
    const field = Buffer.from([0x00, 0x0d, 0x0a, 0xff]);
    const value = Buffer.from([0xc3, 0x28, 0x00, 0x0a]);
    expect(await ours.client.call('HSET', 'h', field, value)).toBe(1);
    expect((await ours.client.hgetBuffer('h', field))?.equals(value)).toBe(true);
    expect(await ours.client.call('HEXISTS', 'h', Buffer.from([0x00]))).toBe(0);
    expect(await ours.client.call('HSTRLEN', 'h', field)).toBe(4);
    expect(await rawReply(ours.raw, 'HGETALL', 'h')).toBe(`*2\r\n$4\r\n${field.toString('latin1')}\r\n$4\r\n${value.toString('latin1')}\r\n`);
    expect(await ours.client.call('HDEL', 'h', field)).toBe(1);
    expect(await ours.client.exists('h')).toBe(0);
  });
});

describe('reading fields', () => {
  beforeEach(async () => {
    await ours.client.call('HSET', 'h', 'a', '1', 'b', '', 'c', 'three');
  });

  it('HGET, HMGET, HEXISTS, HLEN, HSTRLEN on present and missing fields and keys', async () => {
    expect(await ours.client.call('HGET', 'h', 'c')).toBe('three');
    expect(await ours.client.call('HGET', 'h', 'x')).toBeNull();
    expect(await ours.client.call('HGET', 'nokey', 'a')).toBeNull();
    expect(await ours.client.call('HMGET', 'h', 'a', 'x', 'b')).toEqual(['1', null, '']);
    expect(await ours.client.call('HMGET', 'nokey', 'a', 'b')).toEqual([null, null]);
    expect(await ours.client.call('HEXISTS', 'h', 'b')).toBe(1);
    expect(await ours.client.call('HEXISTS', 'h', 'x')).toBe(0);
    expect(await ours.client.call('HEXISTS', 'nokey', 'a')).toBe(0);
    expect(await ours.client.call('HLEN', 'h')).toBe(3);
    expect(await ours.client.call('HLEN', 'nokey')).toBe(0);
    expect(await ours.client.call('HSTRLEN', 'h', 'c')).toBe(5);
    expect(await ours.client.call('HSTRLEN', 'h', 'b')).toBe(0);
    expect(await ours.client.call('HSTRLEN', 'h', 'x')).toBe(0);
    expect(await ours.client.call('HSTRLEN', 'nokey', 'x')).toBe(0);
  });

  it('HKEYS, HVALS, HGETALL list a listpack in insertion order; missing keys are empty', async () => {
    expect(await ours.client.call('HKEYS', 'h')).toEqual(['a', 'b', 'c']);
    expect(await ours.client.call('HVALS', 'h')).toEqual(['1', '', 'three']);
    expect(await ours.client.call('HGETALL', 'h')).toEqual(['a', '1', 'b', '', 'c', 'three']);
    expect(await ours.client.call('HKEYS', 'nokey')).toEqual([]);
    expect(await ours.client.call('HVALS', 'nokey')).toEqual([]);
    expect(await ours.client.call('HGETALL', 'nokey')).toEqual([]);
  });

  it('RESP3: HGETALL is a map, HMGET nulls are _, HGET of a missing field is _', async () => {
    expect(await rawReply(ours.raw3, 'HGETALL', 'h')).toBe('%3\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$0\r\n\r\n$1\r\nc\r\n$5\r\nthree\r\n');
    expect(await rawReply(ours.raw3, 'HGETALL', 'nokey')).toBe('%0\r\n');
    expect(await rawReply(ours.raw, 'HGETALL', 'nokey')).toBe('*0\r\n');
    expect(await rawReply(ours.raw3, 'HMGET', 'h', 'a', 'x')).toBe('*2\r\n$1\r\n1\r\n_\r\n');
    expect(await rawReply(ours.raw, 'HMGET', 'h', 'a', 'x')).toBe('*2\r\n$1\r\n1\r\n$-1\r\n');
    expect(await rawReply(ours.raw3, 'HGET', 'h', 'x')).toBe('_\r\n');
    expect(await rawReply(ours.raw3, 'HKEYS', 'h')).toBe('*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n');
  });
});

describe('HDEL', () => {
  it('replies how many fields existed, counts a repeated field once, deletes the emptied key', async () => {
    await ours.client.call('HSET', 'h', 'a', '1', 'b', '2', 'c', '3');
    expect(await ours.client.call('HDEL', 'h', 'a', 'a', 'x')).toBe(1);
    expect(await ours.client.call('HDEL', 'h', 'x')).toBe(0);
    expect(await ours.client.call('HDEL', 'h', 'b', 'c', 'b')).toBe(2);
    expect(await ours.client.exists('h')).toBe(0);
    expect(await ours.client.call('HDEL', 'nokey', 'a')).toBe(0);
  });

  it('deletes the emptied key on the hashtable encoding too', async () => {
    await ours.client.config('SET', 'hash-max-listpack-entries', '1');
    await ours.client.call('HSET', 'h', 'a', '1', 'b', '2');
    expect(await encodingOf('h')).toBe('hashtable');
    expect(await ours.client.call('HDEL', 'h', 'a', 'b')).toBe(2);
    expect(await ours.client.exists('h')).toBe(0);
  });
});

describe('HINCRBY', () => {
  it('adds to a field, creating field and key; keeps the TTL', async () => {
    expect(await ours.client.call('HINCRBY', 'h', 'n', '5')).toBe(5);
    expect(await ours.client.call('HINCRBY', 'h', 'n', '-7')).toBe(-2);
    await ours.client.expire('h', 100);
    expect(await ours.client.call('HINCRBY', 'h', 'n', '0')).toBe(-2);
    expect(await ours.client.ttl('h')).toBe(100);
  });

  it('refuses non-integer values and increments, and int64 overflow, with Redis texts', async () => {
    await ours.client.call('HSET', 'h', 's', 'abc', 'f', '1.5', 'z', '00', 'sp', ' 1', 'e', '1e3', 'big', '9223372036854775807');
    for (const field of ['s', 'f', 'z', 'sp', 'e']) {
      expect(await errorOf(ours.client.call('HINCRBY', 'h', field, '1'))).toBe('ERR hash value is not an integer');
    }
    expect(await errorOf(ours.client.call('HINCRBY', 'h', 'big', '1'))).toBe('ERR increment or decrement would overflow');
    expect(await errorOf(ours.client.call('HINCRBY', 'h', 'n', 'x'))).toBe(NOT_INTEGER);
    expect(await errorOf(ours.client.call('HINCRBY', 'h', 'n', '+1'))).toBe(NOT_INTEGER);
    expect(await errorOf(ours.client.call('HINCRBY', 'h', 'n', ' 1'))).toBe(NOT_INTEGER);
    // Beyond 2^53 the integer replies are exact (read raw: clients parse them as doubles).
    expect(await rawReply(ours.raw, 'HINCRBY', 'h', 'neg', '-9223372036854775808')).toBe(':-9223372036854775808\r\n');
    expect(await errorOf(ours.client.call('HINCRBY', 'h', 'neg', '-1'))).toBe('ERR increment or decrement would overflow');
    expect(await rawReply(ours.raw, 'HINCRBY', 'h', 'n', '9223372036854775806')).toBe(':9223372036854775806\r\n');
    expect(await rawReply(ours.raw, 'HINCRBY', 'h', 'n', '1')).toBe(':9223372036854775807\r\n');
    expect(await ours.client.call('HGET', 'h', 'n')).toBe('9223372036854775807');
  });

  it('checks the increment before the key, and creates nothing on error', async () => {
    await ours.client.set('s', 'v');
    expect(await errorOf(ours.client.call('HINCRBY', 's', 'a', 'x'))).toBe(NOT_INTEGER);
    expect(await errorOf(ours.client.call('HINCRBY', 's', 'a', '1'))).toBe(WRONGTYPE);
    expect(await errorOf(ours.client.call('HINCRBY', 'nokey', 'a', 'x'))).toBe(NOT_INTEGER);
    expect(await ours.client.exists('nokey')).toBe(0);
  });
});

describe('HINCRBYFLOAT', () => {
  it('adds in long double precision and stores the human form (values from Redis 7.0.15)', async () => {
    expect(await ours.client.call('HINCRBYFLOAT', 'h', 'f', '0.1')).toBe('0.1');
    expect(await ours.client.call('HINCRBYFLOAT', 'h', 'f', '0.2')).toBe('0.3');
    expect(await ours.client.call('HINCRBYFLOAT', 'h', 'g', '1.23456789012345678901')).toBe('1.23456789012345679');
    expect(await ours.client.call('HINCRBYFLOAT', 'h', 'i', '3.0')).toBe('3');
    expect(await ours.client.call('HINCRBYFLOAT', 'h', 'z', '-0')).toBe('0');
    expect(await ours.client.call('HINCRBYFLOAT', 'h', 'x', '0x10')).toBe('16');
    expect(await ours.client.call('HINCRBYFLOAT', 'h', 'p', '+1.50')).toBe('1.5');
    expect(await ours.client.call('HINCRBYFLOAT', 'h', 'e', '1.0e1')).toBe('10');
    await ours.client.call('HSET', 'h', 'big', '9223372036854775807', 'exp', '1e3', 'zeros', '00');
    expect(await ours.client.call('HINCRBYFLOAT', 'h', 'big', '1')).toBe('9223372036854775808');
    expect(await ours.client.call('HINCRBYFLOAT', 'h', 'exp', '1')).toBe('1001');
    expect(await ours.client.call('HINCRBYFLOAT', 'h', 'zeros', '1')).toBe('1');
    expect(await ours.client.call('HGET', 'h', 'f')).toBe('0.3');
    const huge = (await ours.client.call('HINCRBYFLOAT', 'h', 'huge', '1e4932')) as string;
    expect(huge).toHaveLength(4933);
    expect(huge.startsWith('1000000000000000000006018949387963891323837774254533')).toBe(true);
  });

  it('error texts: bad increment, infinite increment, bad stored value, infinite result', async () => {
    await ours.client.call('HSET', 'h', 's', 'abc', 'sp', ' 1', 'n', 'nan', 'inf', 'inf', 'max', '1e4932');
    expect(await errorOf(ours.client.call('HINCRBYFLOAT', 'h', 'a', 'x'))).toBe('ERR value is not a valid float');
    expect(await errorOf(ours.client.call('HINCRBYFLOAT', 'h', 'a', 'nan'))).toBe('ERR value is not a valid float');
    expect(await errorOf(ours.client.call('HINCRBYFLOAT', 'h', 'a', ''))).toBe('ERR value is not a valid float');
    expect(await errorOf(ours.client.call('HINCRBYFLOAT', 'h', 'a', ' 1'))).toBe('ERR value is not a valid float');
    expect(await errorOf(ours.client.call('HINCRBYFLOAT', 'h', 'a', '1e5000'))).toBe('ERR value is not a valid float');
    expect(await errorOf(ours.client.call('HINCRBYFLOAT', 'h', 'a', 'inf'))).toBe('ERR value is NaN or Infinity');
    expect(await errorOf(ours.client.call('HINCRBYFLOAT', 'h', 'a', '-inf'))).toBe('ERR value is NaN or Infinity');
    for (const field of ['s', 'sp', 'n']) {
      expect(await errorOf(ours.client.call('HINCRBYFLOAT', 'h', field, '1'))).toBe('ERR hash value is not a float');
    }
    expect(await errorOf(ours.client.call('HINCRBYFLOAT', 'h', 'inf', '1'))).toBe('ERR increment would produce NaN or Infinity');
    expect(await errorOf(ours.client.call('HINCRBYFLOAT', 'h', 'max', '1e4932'))).toBe('ERR increment would produce NaN or Infinity');
    expect(await ours.client.call('HGET', 'h', 'max')).toBe('1e4932');
  });

  it('checks the increment before the key type and creates nothing on error', async () => {
    await ours.client.set('s', 'v');
    expect(await errorOf(ours.client.call('HINCRBYFLOAT', 's', 'a', 'x'))).toBe('ERR value is not a valid float');
    expect(await errorOf(ours.client.call('HINCRBYFLOAT', 's', 'a', '1'))).toBe(WRONGTYPE);
    expect(await errorOf(ours.client.call('HINCRBYFLOAT', 'nokey', 'a', 'inf'))).toBe('ERR value is NaN or Infinity');
    expect(await ours.client.exists('nokey')).toBe(0);
  });
});

describe('HRANDFIELD', () => {
  beforeEach(async () => {
    await ours.client.call('HSET', 'h', 'a', '1', 'b', '2', 'c', '3');
  });

  it('without a count: one field, nil for a missing key', async () => {
    expect(['a', 'b', 'c']).toContain(await ours.client.call('HRANDFIELD', 'h'));
    expect(await ours.client.call('HRANDFIELD', 'nokey')).toBeNull();
    expect(await rawReply(ours.raw3, 'HRANDFIELD', 'nokey')).toBe('_\r\n');
  });

  it('positive counts give distinct fields, at most the whole hash (then in its order)', async () => {
    const two = (await ours.client.call('HRANDFIELD', 'h', '2')) as string[];
    expect(two).toHaveLength(2);
    expect(new Set(two).size).toBe(2);
    expect(await ours.client.call('HRANDFIELD', 'h', '3')).toEqual(['a', 'b', 'c']);
    expect(await ours.client.call('HRANDFIELD', 'h', '100', 'WITHVALUES')).toEqual([['a', '1'], ['b', '2'], ['c', '3']]);
    expect(await rawReply(ours.raw, 'HRANDFIELD', 'h', '100', 'WITHVALUES')).toBe(
      '*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n',
    );
  });

  it('negative counts give exactly |count| fields with repeats', async () => {
    const picks = (await ours.client.call('HRANDFIELD', 'h', '-20')) as string[];
    expect(picks).toHaveLength(20);
    for (const f of picks) expect(['a', 'b', 'c']).toContain(f);
    await ours.client.call('HSET', 'one', 'x', 'y');
    expect(await ours.client.call('HRANDFIELD', 'one', '-3', 'withvalues')).toEqual([['x', 'y'], ['x', 'y'], ['x', 'y']]);
  });

  it('count 0 and missing keys give an empty array', async () => {
    expect(await ours.client.call('HRANDFIELD', 'h', '0')).toEqual([]);
    expect(await ours.client.call('HRANDFIELD', 'h', '0', 'WITHVALUES')).toEqual([]);
    expect(await ours.client.call('HRANDFIELD', 'nokey', '5')).toEqual([]);
    expect(await ours.client.call('HRANDFIELD', 'nokey', '-5', 'WITHVALUES')).toEqual([]);
  });

  it('WITHVALUES pairs are flat in RESP2 and nested in RESP3', async () => {
    await ours.client.call('HSET', 'one', 'x', 'y');
    expect(await rawReply(ours.raw, 'HRANDFIELD', 'one', '1', 'WITHVALUES')).toBe('*2\r\n$1\r\nx\r\n$1\r\ny\r\n');
    expect(await rawReply(ours.raw3, 'HRANDFIELD', 'one', '-2', 'WITHVALUES')).toBe(
      '*2\r\n*2\r\n$1\r\nx\r\n$1\r\ny\r\n*2\r\n$1\r\nx\r\n$1\r\ny\r\n',
    );
    expect(await rawReply(ours.raw3, 'HRANDFIELD', 'one', '-2')).toBe('*2\r\n$1\r\nx\r\n$1\r\nx\r\n');
    expect(await rawReply(ours.raw3, 'HRANDFIELD', 'nokey', '2', 'WITHVALUES')).toBe('*0\r\n');
  });

  it('argument errors, in Redis order: count, then WITHVALUES, then the key', async () => {
    await ours.client.set('s', 'v');
    expect(await errorOf(ours.client.call('HRANDFIELD', 'h', 'x'))).toBe(NOT_INTEGER);
    expect(await errorOf(ours.client.call('HRANDFIELD', 's', 'x'))).toBe(NOT_INTEGER);
    expect(await errorOf(ours.client.call('HRANDFIELD', 'h', '1', 'withvalue'))).toBe(SYNTAX);
    expect(await errorOf(ours.client.call('HRANDFIELD', 'h', '1', 'WITHVALUES', 'x'))).toBe(SYNTAX);
    expect(await errorOf(ours.client.call('HRANDFIELD', 'nokey', '1', 'x'))).toBe(SYNTAX);
    expect(await errorOf(ours.client.call('HRANDFIELD', 's', '1'))).toBe(WRONGTYPE);
    expect(await errorOf(ours.client.call('HRANDFIELD', 's'))).toBe(WRONGTYPE);
    // Options compare as C strings: bytes after a NUL are ignored.
    expect(await ours.client.call('HRANDFIELD', 'h', '1', Buffer.from('withvalues\0junk'))).toHaveLength(1);
    expect(((await ours.client.call('HRANDFIELD', 'h', '1', Buffer.from('withvalues\0junk'))) as string[][])[0]).toHaveLength(2);
  });

  it('count limits: LONG_MIN, ±LONG_MAX/2 with WITHVALUES, and our cap on repeats', async () => {
    expect(await errorOf(ours.client.call('HRANDFIELD', 'h', '-9223372036854775808'))).toBe(
      'ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807',
    );
    expect(await errorOf(ours.client.call('HRANDFIELD', 'h', '-4611686018427387904', 'WITHVALUES'))).toBe('ERR value is out of range');
    expect(await errorOf(ours.client.call('HRANDFIELD', 'h', '4611686018427387904', 'WITHVALUES'))).toBe('ERR value is out of range');
    expect(await ours.client.call('HRANDFIELD', 'h', '4611686018427387903', 'WITHVALUES')).toHaveLength(3);
    expect(await ours.client.call('HRANDFIELD', 'h', '9223372036854775807')).toHaveLength(3);
    // DIFFERS FROM REDIS: Redis would try to build a reply this big; we refuse.
    expect(await errorOf(ours.client.call('HRANDFIELD', 'h', '-9223372036854775807'))).toBe('ERR value is out of range');
  });

  it('works the same on the hashtable encoding', async () => {
    await ours.client.config('SET', 'hash-max-listpack-entries', '0');
    await ours.client.call('HSET', 'big', 'a', '1', 'b', '2', 'c', '3', 'd', '4');
    expect(await encodingOf('big')).toBe('hashtable');
    const pairs = (await ours.client.call('HRANDFIELD', 'big', '3', 'WITHVALUES')) as [string, string][];
    expect(pairs).toHaveLength(3);
    for (const [field, value] of pairs) expect(await ours.client.call('HGET', 'big', field)).toBe(value);
    expect((await ours.client.call('HRANDFIELD', 'big', '-10')) as string[]).toHaveLength(10);
  });
});

describe('HSCAN', () => {
  it('a listpack hash comes back whole with cursor 0, whatever the cursor and COUNT', async () => {
    await ours.client.call('HSET', 'h', 'a', '1', 'b', '2', 'c', '3');
    expect(await ours.client.call('HSCAN', 'h', '0')).toEqual(['0', ['a', '1', 'b', '2', 'c', '3']]);
    expect(await ours.client.call('HSCAN', 'h', '0', 'COUNT', '1')).toEqual(['0', ['a', '1', 'b', '2', 'c', '3']]);
    expect(await ours.client.call('HSCAN', 'h', '5')).toEqual(['0', ['a', '1', 'b', '2', 'c', '3']]);
    expect(await ours.client.call('HSCAN', 'h', '-1')).toEqual(['0', ['a', '1', 'b', '2', 'c', '3']]);
    expect(await ours.client.call('HSCAN', 'h', '0', 'MATCH', 'a*')).toEqual(['0', ['a', '1']]);
  });

  it('a hashtable hash is walked in steps; a full walk returns every field once', async () => {
    const args: string[] = [];
    for (let i = 0; i < 600; i++) args.push(`f${i}`, `v${i}`);
    await ours.client.call('HSET', 'h', ...args);
    expect(await encodingOf('h')).toBe('hashtable');
    const seen = new Map<string, string>();
    let cursor = '0';
    let calls = 0;
    do {
      const [next, pairs] = (await ours.client.call('HSCAN', 'h', cursor, 'COUNT', '50')) as [string, string[]];
      for (let i = 0; i < pairs.length; i += 2) {
        expect(seen.has(pairs[i] as string)).toBe(false);
        seen.set(pairs[i] as string, pairs[i + 1] as string);
      }
      cursor = next;
      calls++;
    } while (cursor !== '0');
    expect(seen.size).toBe(600);
    expect(seen.get('f599')).toBe('v599');
    expect(calls).toBeGreaterThan(10);
  });

  it('every field present for the whole scan is returned, while the hash changes between calls', async () => {
    const args: string[] = [];
    for (let i = 0; i < 1000; i++) args.push(`f${i}`, 'v');
    await ours.client.call('HSET', 'h', ...args);
    const seen = new Set<string>();
    let cursor = '0';
    let round = 0;
    do {
      const [next, pairs] = (await ours.client.call('HSCAN', 'h', cursor)) as [string, string[]];
      for (let i = 0; i < pairs.length; i += 2) seen.add(pairs[i] as string);
      cursor = next;
      // Delete the odd fields above 500 and add new ones as we go.
      await ours.client.call('HDEL', 'h', `f${501 + 2 * round}`);
      await ours.client.call('HSET', 'h', `new${round}`, 'v');
      round++;
    } while (cursor !== '0');
    for (let i = 0; i <= 500; i++) expect(seen.has(`f${i}`)).toBe(true);
    for (let i = 502; i < 1000; i += 2) expect(seen.has(`f${i}`)).toBe(true);
  });

  it('MATCH filters on the field; COUNT must be a positive integer; TYPE is not an option', async () => {
    await ours.client.config('SET', 'hash-max-listpack-entries', '0');
    await ours.client.call('HSET', 'h', 'apple', '1', 'banana', '2', 'avocado', '3');
    expect(await ours.client.call('HSCAN', 'h', '0', 'MATCH', 'a*', 'COUNT', '100')).toEqual(['0', ['apple', '1', 'avocado', '3']]);
    expect(await errorOf(ours.client.call('HSCAN', 'h', '0', 'COUNT', '0'))).toBe(SYNTAX);
    expect(await errorOf(ours.client.call('HSCAN', 'h', '0', 'COUNT', 'x'))).toBe(NOT_INTEGER);
    expect(await errorOf(ours.client.call('HSCAN', 'h', '0', 'COUNT'))).toBe(SYNTAX);
    expect(await errorOf(ours.client.call('HSCAN', 'h', '0', 'TYPE', 'string'))).toBe(SYNTAX);
  });

  it('cursor errors first; a missing key is an empty scan before the options are read', async () => {
    await ours.client.set('s', 'v');
    expect(await errorOf(ours.client.call('HSCAN', 'nokey', 'abc'))).toBe('ERR invalid cursor');
    expect(await ours.client.call('HSCAN', 'nokey', '0', 'COUNT', '0')).toEqual(['0', []]);
    expect(await ours.client.call('HSCAN', 'nokey', '0', 'foo')).toEqual(['0', []]);
    expect(await errorOf(ours.client.call('HSCAN', 's', '0'))).toBe(WRONGTYPE);
    expect(await rawReply(ours.raw3, 'HSCAN', 'nokey', '0')).toBe('*2\r\n$1\r\n0\r\n*0\r\n');
  });
});

describe('OBJECT ENCODING: listpack → hashtable (hash-max-listpack-entries / -value)', () => {
  it('entries: limit-1 and limit stay listpack, limit+1 converts, and never back', async () => {
    await ours.client.config('SET', 'hash-max-listpack-entries', '3');
    await ours.client.call('HSET', 'h', 'a', '1', 'b', '2');
    expect(await encodingOf('h')).toBe('listpack');
    await ours.client.call('HSET', 'h', 'c', '3');
    expect(await encodingOf('h')).toBe('listpack');
    await ours.client.call('HSET', 'h', 'c', 'updated');
    expect(await encodingOf('h')).toBe('listpack');
    await ours.client.call('HSET', 'h', 'd', '4');
    expect(await encodingOf('h')).toBe('hashtable');
    await ours.client.call('HDEL', 'h', 'd', 'c');
    expect(await encodingOf('h')).toBe('hashtable');
  });

  it('the default limit is 512 entries', async () => {
    const args: string[] = [];
    for (let i = 0; i < 512; i++) args.push(`f${i}`, 'v');
    await ours.client.call('HSET', 'h', ...args);
    expect(await encodingOf('h')).toBe('listpack');
    await ours.client.call('HSETNX', 'h', 'f512', 'v');
    expect(await encodingOf('h')).toBe('hashtable');
  });

  it('repeated fields in one HSET count once', async () => {
    await ours.client.config('SET', 'hash-max-listpack-entries', '2');
    await ours.client.call('HSET', 'h', 'a', '1', 'a', '2', 'b', '3');
    expect(await encodingOf('h')).toBe('listpack');
    await ours.client.call('HSET', 'h2', 'a', '1', 'b', '2', 'c', '3');
    expect(await encodingOf('h2')).toBe('hashtable');
  });

  it('value length: 64 bytes stay, 65 convert, for values and fields, from every writer', async () => {
    const v64 = 'v'.repeat(64);
    const v65 = 'v'.repeat(65);
    await ours.client.call('HSET', 'h1', 'f', v64);
    expect(await encodingOf('h1')).toBe('listpack');
    await ours.client.call('HSET', 'h2', 'f', v65);
    expect(await encodingOf('h2')).toBe('hashtable');
    await ours.client.call('HSET', 'h3', v65, '1');
    expect(await encodingOf('h3')).toBe('hashtable');
    await ours.client.call('HMSET', 'h4', 'a', v65);
    expect(await encodingOf('h4')).toBe('hashtable');
    await ours.client.call('HSETNX', 'h5', 'f', v65);
    expect(await encodingOf('h5')).toBe('hashtable');
    await ours.client.call('HINCRBY', 'h6', v65, '1');
    expect(await encodingOf('h6')).toBe('hashtable');
    await ours.client.call('HINCRBYFLOAT', 'h7', v65, '1');
    expect(await encodingOf('h7')).toBe('hashtable');
    // HINCRBYFLOAT's own result can be long: 1e300 prints as 301 digits.
    await ours.client.call('HSET', 'h8', 'a', '1');
    await ours.client.call('HINCRBYFLOAT', 'h8', 'a', '1e300');
    expect(await encodingOf('h8')).toBe('hashtable');
  });

  it('HSETNX on an existing field writes nothing, so it does not convert', async () => {
    await ours.client.call('HSET', 'h', 'a', '1');
    expect(await ours.client.call('HSETNX', 'h', 'a', 'v'.repeat(65))).toBe(0);
    expect(await encodingOf('h')).toBe('listpack');
  });

  it('zero limits: hash-max-listpack-value 0 admits only empty strings, entries 0 nothing', async () => {
    await ours.client.config('SET', 'hash-max-listpack-value', '0');
    await ours.client.call('HSET', 'h1', '', '');
    expect(await encodingOf('h1')).toBe('listpack');
    await ours.client.call('HSET', 'h2', 'a', '');
    expect(await encodingOf('h2')).toBe('hashtable');
    await ours.client.config('SET', 'hash-max-listpack-value', '64');
    await ours.client.config('SET', 'hash-max-listpack-entries', '0');
    await ours.client.call('HSET', 'h3', 'a', '1');
    expect(await encodingOf('h3')).toBe('hashtable');
  });

  it('the old ziplist names configure the same limits', async () => {
    await ours.client.config('SET', 'hash-max-ziplist-entries', '1');
    await ours.client.call('HSET', 'h', 'a', '1', 'b', '2');
    expect(await encodingOf('h')).toBe('hashtable');
  });
});

describe('WRONGTYPE and keyspace effects', () => {
  it('every hash command refuses a key of another type', async () => {
    await ours.client.set('s', 'v');
    const calls: string[][] = [
      ['HSET', 's', 'a', '1'], ['HMSET', 's', 'a', '1'], ['HSETNX', 's', 'a', '1'], ['HGET', 's', 'a'],
      ['HMGET', 's', 'a'], ['HGETALL', 's'], ['HDEL', 's', 'a'], ['HLEN', 's'], ['HEXISTS', 's', 'a'], ['HKEYS', 's'],
      ['HVALS', 's'], ['HINCRBY', 's', 'a', '1'], ['HINCRBYFLOAT', 's', 'a', '1'], ['HSTRLEN', 's', 'a'],
      ['HRANDFIELD', 's'], ['HRANDFIELD', 's', '2'], ['HSCAN', 's', '0'],
    ];
    for (const [cmd, ...args] of calls) expect(await errorOf(ours.client.call(cmd as string, ...args)), cmd).toBe(WRONGTYPE);
    expect(await ours.client.get('s')).toBe('v');
  });

  it('TYPE is hash; writes invalidate WATCH, HSETNX of an existing field does not', async () => {
    await ours.client.call('HSET', 'h', 'a', '1');
    expect(await ours.client.type('h')).toBe('hash');
    const other = new Redis(ours.port, '127.0.0.1', { enableReadyCheck: false });
    try {
      await other.watch('h');
      await ours.client.call('HSETNX', 'h', 'a', '2');
      expect(await other.multi().get('x').exec()).toEqual([[null, null]]);
      await other.watch('h');
      await ours.client.call('HINCRBY', 'h', 'n', '1');
      expect(await other.multi().get('x').exec()).toBeNull();
    } finally {
      other.disconnect();
    }
  });

  it('COPY makes an independent copy of both encodings', async () => {
    await ours.client.call('HSET', 'h', 'a', '1');
    await ours.client.config('SET', 'hash-max-listpack-entries', '0');
    await ours.client.call('HSET', 'g', 'a', '1');
    for (const key of ['h', 'g']) {
      await ours.client.call('COPY', key, `${key}2`);
      expect(await encodingOf(`${key}2`)).toBe(await encodingOf(key));
      await ours.client.call('HSET', `${key}2`, 'b', '2');
      expect(await ours.client.call('HGETALL', key)).toEqual(['a', '1']);
      expect(await ours.client.call('HGETALL', `${key}2`)).toEqual(['a', '1', 'b', '2']);
    }
  });
});
