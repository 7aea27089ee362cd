// Set commands over TCP with ioredis (v6 speaks RESP3) and raw sockets (exact RESP2/RESP3 bytes): every
// command and option, every error text, OBJECT ENCODING around set-max-intset-entries, binary members,
// WRONGTYPE, and deletion of emptied keys. Expected replies and error texts read off Redis 7.0.15.

import { beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { useTsredis } from '../helpers/side-by-side.js';
import { errorOf, rawReply } from '../helpers/server.js';

const ours = useTsredis({ resp3: true, ioredis: true });

beforeEach(async () => {
  await ours.client.flushall();
  await ours.client.config('SET', 'set-max-intset-entries', '512');
});

const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
const NOT_INTEGER = 'ERR value is not an integer or out of range';
const SYNTAX = 'ERR syntax error';
const NOT_POSITIVE = 'ERR value is out of range, must be positive';

const encodingOf = (key: string): Promise<unknown> => ours.client.call('OBJECT', 'ENCODING', key);
const sorted = (xs: unknown): string[] => (xs as string[]).slice().sort();
const range = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

describe('SADD, SREM, SISMEMBER, SMISMEMBER, SCARD, SMEMBERS', () => {
  it('SADD replies how many members were new', async () => {
    expect(await ours.client.call('SADD', 's', 'a', 'b', 'a')).toBe(2);
    expect(await ours.client.call('SADD', 's', 'b', 'c')).toBe(1);
    expect(await ours.client.call('SCARD', 's')).toBe(3);
    expect(sorted(await ours.client.call('SMEMBERS', 's'))).toEqual(['a', 'b', 'c']);
  });

  it('SREM replies how many were removed and deletes the emptied key', async () => {
    await ours.client.call('SADD', 's', 'a', 'b', 'c');
    expect(await ours.client.call('SREM', 's', 'a', 'x', 'a')).toBe(1);
    expect(await ours.client.call('SREM', 's', 'b', 'c', 'd')).toBe(2);
    expect(await ours.client.exists('s')).toBe(0);
    expect(await ours.client.call('SREM', 'nokey', 'a')).toBe(0);
    await ours.client.call('SADD', 'i', '1', '2');
    expect(await ours.client.call('SREM', 'i', '1', '2', '3')).toBe(2);
    expect(await ours.client.exists('i')).toBe(0);
  });

  it('membership: SISMEMBER, SMISMEMBER, SCARD on present and missing keys', async () => {
    await ours.client.call('SADD', 's', '1', '2', '3');
    expect(await ours.client.call('SISMEMBER', 's', '2')).toBe(1);
    expect(await ours.client.call('SISMEMBER', 's', '02')).toBe(0);
    expect(await ours.client.call('SISMEMBER', 'nokey', '2')).toBe(0);
    expect(await ours.client.call('SMISMEMBER', 's', '1', '01', '2', 'x')).toEqual([1, 0, 1, 0]);
    expect(await ours.client.call('SMISMEMBER', 'nokey', '1')).toEqual([0]);
    expect(await ours.client.call('SCARD', 'nokey')).toBe(0);
    expect(await ours.client.call('SMEMBERS', 'nokey')).toEqual([]);
  });

  it('an intset lists its members in ascending numeric order', async () => {
    await ours.client.call('SADD', 's', '5', '-3', '10', '1', '9223372036854775807', '-9223372036854775808');
    expect(await ours.client.call('SMEMBERS', 's')).toEqual(['-9223372036854775808', '-3', '1', '5', '10', '9223372036854775807']);
  });

  it('RESP3: SMEMBERS is a set, SMISMEMBER an array of integers', async () => {
    await ours.client.call('SADD', 's', '3', '1', '2');
    expect(await rawReply(ours.raw3, 'SMEMBERS', 's')).toBe('~3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n');
    expect(await rawReply(ours.raw, 'SMEMBERS', 's')).toBe('*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n');
    expect(await rawReply(ours.raw3, 'SMEMBERS', 'nokey')).toBe('~0\r\n');
    expect(await rawReply(ours.raw3, 'SMISMEMBER', 's', '1', 'x')).toBe('*2\r\n:1\r\n:0\r\n');
  });

  it('members are binary-safe: NUL, CR LF, invalid UTF-8', async () => {
    const odd = Buffer.from([0x00, 0x0d, 0x0a, 0xff, 0xc3, 0x28]);
    expect(await ours.client.call('SADD', 's', odd, 'x')).toBe(2);
    expect(await ours.client.call('SISMEMBER', 's', odd)).toBe(1);
    expect(await ours.client.call('SISMEMBER', 's', Buffer.from([0x00]))).toBe(0);
    const members = (await ours.client.callBuffer('SMEMBERS', 's')) as Buffer[];
    expect(members.some((m) => m.equals(odd))).toBe(true);
    expect(await ours.client.call('SREM', 's', odd)).toBe(1);
  });
});

describe('SMOVE', () => {
  it('moves a member, creating the destination and deleting an emptied source', async () => {
    await ours.client.call('SADD', 'src', 'a', 'b');
    expect(await ours.client.call('SMOVE', 'src', 'dst', 'a')).toBe(1);
    expect(await ours.client.call('SMOVE', 'src', 'dst', 'a')).toBe(0);
    expect(await ours.client.call('SMOVE', 'src', 'dst', 'b')).toBe(1);
    expect(await ours.client.exists('src')).toBe(0);
    expect(sorted(await ours.client.call('SMEMBERS', 'dst'))).toEqual(['a', 'b']);
    expect(await ours.client.call('SMOVE', 'nokey', 'dst', 'a')).toBe(0);
  });

  it('a member already in the destination is still removed from the source', async () => {
    await ours.client.call('SADD', 'src', 'a', 'b');
    await ours.client.call('SADD', 'dst', 'a');
    expect(await ours.client.call('SMOVE', 'src', 'dst', 'a')).toBe(1);
    expect(await ours.client.call('SMEMBERS', 'src')).toEqual(['b']);
    expect(await ours.client.call('SCARD', 'dst')).toBe(1);
  });

  it('same source and destination: 1 if a member, 0 if not, nothing changes', async () => {
    await ours.client.call('SADD', 's', 'a');
    expect(await ours.client.call('SMOVE', 's', 's', 'a')).toBe(1);
    expect(await ours.client.call('SMOVE', 's', 's', 'x')).toBe(0);
    expect(await ours.client.call('SMEMBERS', 's')).toEqual(['a']);
  });

  it('type checks: a missing source answers 0 before the destination type is checked', async () => {
    await ours.client.set('str', 'v');
    await ours.client.call('SADD', 's', 'a');
    expect(await ours.client.call('SMOVE', 'nokey', 'str', 'a')).toBe(0);
    expect(await errorOf(ours.client.call('SMOVE', 's', 'str', 'a'))).toBe(WRONGTYPE);
    expect(await errorOf(ours.client.call('SMOVE', 'str', 's', 'a'))).toBe(WRONGTYPE);
    expect(await errorOf(ours.client.call('SMOVE', 's', 'str', 'notamember'))).toBe(WRONGTYPE);
    expect(await ours.client.call('SMEMBERS', 's')).toEqual(['a']);
  });

  it('the created destination takes its encoding from the moved member', async () => {
    await ours.client.call('SADD', 'src', '5', '9223372036854775807', 'x');
    await ours.client.call('SMOVE', 'src', 'ints', '5');
    expect(await encodingOf('ints')).toBe('intset');
    await ours.client.call('SMOVE', 'src', 'ints', '9223372036854775807');
    expect(await encodingOf('ints')).toBe('intset');
    await ours.client.call('SMOVE', 'src', 'strs', 'x');
    expect(await encodingOf('strs')).toBe('hashtable');
  });
});

describe('SPOP', () => {
  it('without a count: one member, removed; nil for a missing key; the last pop deletes the key', async () => {
    await ours.client.call('SADD', 's', 'a', 'b');
    const first = await ours.client.call('SPOP', 's');
    expect(['a', 'b']).toContain(first);
    expect(await ours.client.call('SISMEMBER', 's', first as string)).toBe(0);
    await ours.client.call('SPOP', 's');
    expect(await ours.client.exists('s')).toBe(0);
    expect(await ours.client.call('SPOP', 'nokey')).toBeNull();
    expect(await rawReply(ours.raw3, 'SPOP', 'nokey')).toBe('_\r\n');
  });

  it('with a count: distinct members, a set in RESP3; everything when count >= size', async () => {
    await ours.client.call('SADD', 's', ...range(1, 20));
    const popped = (await ours.client.call('SPOP', 's', '5')) as string[];
    expect(popped).toHaveLength(5);
    expect(new Set(popped).size).toBe(5);
    expect(await ours.client.call('SCARD', 's')).toBe(15);
    await ours.client.call('SADD', 't', '3', '1', '2');
    expect(await rawReply(ours.raw3, 'SPOP', 't', '10')).toBe('~3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n');
    expect(await ours.client.exists('t')).toBe(0);
    expect(await rawReply(ours.raw, 'SPOP', 'nokey', '2')).toBe('*0\r\n');
    expect(await rawReply(ours.raw3, 'SPOP', 'nokey', '2')).toBe('~0\r\n');
    expect(await rawReply(ours.raw3, 'SPOP', 's', '0')).toBe('~0\r\n');
  });

  it('popping almost everything: the members left stay members, the TTL stays', async () => {
    await ours.client.call('SADD', 's', ...range(1, 100));
    await ours.client.expire('s', 1000);
    const popped = (await ours.client.call('SPOP', 's', '98')) as string[];
    const left = (await ours.client.call('SMEMBERS', 's')) as string[];
    expect(left).toHaveLength(2);
    expect(sorted([...popped, ...left])).toEqual(sorted(range(1, 100)));
    expect(await ours.client.ttl('s')).toBe(1000);
  });

  it('a rebuilt set can go back from hashtable to intset (Redis 7.0 spopWithCountCommand case 3)', async () => {
    await ours.client.call('SADD', 's', ...range(1, 600), 'x');
    expect(await encodingOf('s')).toBe('hashtable');
    await ours.client.call('SPOP', 's', '595');
    expect(await ours.client.call('SCARD', 's')).toBe(6);
    // The six that stay were moved into a new set created by setTypeCreate: intset unless 'x' stayed.
    const left = (await ours.client.call('SMEMBERS', 's')) as string[];
    expect(await encodingOf('s')).toBe(left.includes('x') ? 'hashtable' : 'intset');
  });

  it('count errors: negative or not a number, checked before the key; extra arguments', async () => {
    await ours.client.set('str', 'v');
    await ours.client.call('SADD', 's', 'a');
    expect(await errorOf(ours.client.call('SPOP', 's', '-1'))).toBe(NOT_POSITIVE);
    expect(await errorOf(ours.client.call('SPOP', 's', 'x'))).toBe(NOT_POSITIVE);
    expect(await errorOf(ours.client.call('SPOP', 'str', '-1'))).toBe(NOT_POSITIVE);
    expect(await errorOf(ours.client.call('SPOP', 'str', '0'))).toBe(WRONGTYPE);
    expect(await errorOf(ours.client.call('SPOP', 'str'))).toBe(WRONGTYPE);
    expect(await errorOf(ours.client.call('SPOP', 's', '1', '2'))).toBe(SYNTAX);
  });
});

describe('SRANDMEMBER', () => {
  beforeEach(async () => {
    await ours.client.call('SADD', 's', 'a', 'b', 'c');
  });

  it('without a count: a member, nil for a missing key; nothing is removed', async () => {
    expect(['a', 'b', 'c']).toContain(await ours.client.call('SRANDMEMBER', 's'));
    expect(await ours.client.call('SCARD', 's')).toBe(3);
    expect(await ours.client.call('SRANDMEMBER', 'nokey')).toBeNull();
  });

  it('positive counts: distinct members up to the size; negative: exactly |count| with repeats', async () => {
    const two = (await ours.client.call('SRANDMEMBER', 's', '2')) as string[];
    expect(new Set(two).size).toBe(2);
    expect(sorted(await ours.client.call('SRANDMEMBER', 's', '10'))).toEqual(['a', 'b', 'c']);
    const many = (await ours.client.call('SRANDMEMBER', 's', '-50')) as string[];
    expect(many).toHaveLength(50);
    for (const m of many) expect(['a', 'b', 'c']).toContain(m);
    await ours.client.call('SADD', 'one', '7');
    expect(await ours.client.call('SRANDMEMBER', 'one', '-3')).toEqual(['7', '7', '7']);
  });

  it('replies are arrays even in RESP3 (repeats are possible), empty for count 0 and missing keys', async () => {
    await ours.client.call('SADD', 'ints', '3', '1', '2');
    expect(await rawReply(ours.raw3, 'SRANDMEMBER', 'ints', '5')).toBe('*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n');
    expect(await rawReply(ours.raw3, 'SRANDMEMBER', 's', '0')).toBe('*0\r\n');
    expect(await rawReply(ours.raw3, 'SRANDMEMBER', 'nokey', '5')).toBe('*0\r\n');
    expect(await rawReply(ours.raw3, 'SRANDMEMBER', 'nokey', '-5')).toBe('*0\r\n');
  });

  it('count errors: not an integer, LONG_MIN, extra arguments; our cap on repeats', async () => {
    await ours.client.set('str', 'v');
    expect(await errorOf(ours.client.call('SRANDMEMBER', 's', 'x'))).toBe(NOT_INTEGER);
    expect(await errorOf(ours.client.call('SRANDMEMBER', 'str', 'x'))).toBe(NOT_INTEGER);
    expect(await errorOf(ours.client.call('SRANDMEMBER', 'str', '1'))).toBe(WRONGTYPE);
    expect(await errorOf(ours.client.call('SRANDMEMBER', 's', '1', '2'))).toBe(SYNTAX);
    expect(await errorOf(ours.client.call('SRANDMEMBER', 's', '-9223372036854775808'))).toBe(
      'ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807',
    );
    expect(await ours.client.call('SRANDMEMBER', 's', '9223372036854775807')).toHaveLength(3);
    // DIFFERS FROM REDIS: Redis would try to send 2^63-1 members; we refuse.
    expect(await errorOf(ours.client.call('SRANDMEMBER', 's', '-9223372036854775807'))).toBe('ERR value is out of range');
  });

  it('works the same on intset and hashtable sets of every size', async () => {
    await ours.client.call('SADD', 'ints', ...range(1, 100));
    await ours.client.call('SADD', 'strs', ...range(1, 100).map((n) => `m${n}`));
    for (const key of ['ints', 'strs']) {
      for (const count of [1, 10, 40, 99, 100, 150]) {
        const picks = (await ours.client.call('SRANDMEMBER', key, String(count))) as string[];
        expect(picks).toHaveLength(Math.min(count, 100));
        expect(new Set(picks).size).toBe(picks.length);
      }
    }
  });
});

describe('SINTER, SUNION, SDIFF and their STORE forms', () => {
  beforeEach(async () => {
    await ours.client.call('SADD', 'x1', 'a', 'b', 'c', 'd', '1', '2');
    await ours.client.call('SADD', 'x2', 'c', 'd', 'e', '2', '3');
    await ours.client.call('SADD', 'x3', 'd', '2', '9');
  });

  it('SINTER: common members; a missing key makes it empty', async () => {
    expect(sorted(await ours.client.call('SINTER', 'x1', 'x2'))).toEqual(['2', 'c', 'd']);
    expect(sorted(await ours.client.call('SINTER', 'x1', 'x2', 'x3'))).toEqual(['2', 'd']);
    expect(await ours.client.call('SINTER', 'x1', 'nokey')).toEqual([]);
    expect(sorted(await ours.client.call('SINTER', 'x1', 'x1'))).toEqual(sorted(await ours.client.call('SMEMBERS', 'x1')));
  });

  it('SUNION and SDIFF, with missing keys as empty sets', async () => {
    expect(sorted(await ours.client.call('SUNION', 'x1', 'x2', 'x3'))).toEqual(['1', '2', '3', '9', 'a', 'b', 'c', 'd', 'e']);
    expect(sorted(await ours.client.call('SUNION', 'nokey', 'x3'))).toEqual(['2', '9', 'd']);
    expect(sorted(await ours.client.call('SDIFF', 'x1', 'x2'))).toEqual(['1', 'a', 'b']);
    expect(sorted(await ours.client.call('SDIFF', 'x1', 'x2', 'x3'))).toEqual(['1', 'a', 'b']);
    expect(sorted(await ours.client.call('SDIFF', 'x1', 'nokey'))).toEqual(sorted(await ours.client.call('SMEMBERS', 'x1')));
    expect(await ours.client.call('SDIFF', 'nokey', 'x1')).toEqual([]);
    expect(await ours.client.call('SDIFF', 'x1', 'x1')).toEqual([]);
  });

  it('an all-integer SUNION/SDIFF result is built as an intset, so it comes back sorted', async () => {
    await ours.client.call('SADD', 'y1', '5', '3', '1');
    await ours.client.call('SADD', 'y2', '3', '1', 'x');
    expect(await ours.client.call('SUNION', 'y1')).toEqual(['1', '3', '5']);
    expect(await ours.client.call('SDIFF', 'y2', 'y1')).toEqual(['x']);
    expect(await ours.client.call('SDIFF', 'y1', 'y2')).toEqual(['5']);
    expect(await rawReply(ours.raw3, 'SUNION', 'y1', 'nokey')).toBe('~3\r\n$1\r\n1\r\n$1\r\n3\r\n$1\r\n5\r\n');
    expect(await rawReply(ours.raw, 'SINTER', 'y1', 'nokey')).toBe('*0\r\n');
    expect(await rawReply(ours.raw3, 'SINTER', 'y1', 'nokey')).toBe('~0\r\n');
  });

  it('STORE forms reply the size, overwrite any type and drop the TTL, delete on an empty result', async () => {
    await ours.client.set('dst', 'string');
    await ours.client.expire('dst', 100);
    expect(await ours.client.call('SINTERSTORE', 'dst', 'x1', 'x2')).toBe(3);
    expect(await ours.client.type('dst')).toBe('set');
    expect(await ours.client.ttl('dst')).toBe(-1);
    expect(await ours.client.call('SUNIONSTORE', 'dst', 'x1', 'x2')).toBe(8);
    expect(await ours.client.call('SDIFFSTORE', 'dst', 'x1', 'x2', 'x3')).toBe(3);
    expect(sorted(await ours.client.call('SMEMBERS', 'dst'))).toEqual(['1', 'a', 'b']);
    expect(await ours.client.call('SINTERSTORE', 'dst', 'x1', 'nokey')).toBe(0);
    expect(await ours.client.exists('dst')).toBe(0);
    await ours.client.call('SADD', 'dst', 'z');
    expect(await ours.client.call('SDIFFSTORE', 'dst', 'x1', 'x1')).toBe(0);
    expect(await ours.client.exists('dst')).toBe(0);
    expect(await ours.client.call('SUNIONSTORE', 'dst', 'nokey')).toBe(0);
    expect(await ours.client.exists('dst')).toBe(0);
    // The destination may be one of the sources.
    expect(await ours.client.call('SUNIONSTORE', 'x3', 'x3', 'x2')).toBe(6);
  });

  it('stored results take their encoding from their contents', async () => {
    await ours.client.call('SADD', 'c', 'x', '1', '2');
    await ours.client.call('SREM', 'c', 'x');
    expect(await encodingOf('c')).toBe('hashtable');
    for (const cmd of ['SINTERSTORE', 'SUNIONSTORE', 'SDIFFSTORE']) {
      await ours.client.call(cmd, 'd', 'c');
      expect(await encodingOf('d'), cmd).toBe('intset');
    }
    await ours.client.call('SUNIONSTORE', 'd', 'c', 'x1');
    expect(await encodingOf('d')).toBe('hashtable');
  });

  it('SDIFFSTORE encoding follows Redis 7.0.15 algorithm choice', async () => {
    await ours.client.config('SET', 'set-max-intset-entries', '4');
    await ours.client.call('SADD', 'e', '1', '2', '3', '4', '5');
    await ours.client.call('SADD', 'f', '5');
    expect(await ours.client.call('SDIFFSTORE', 'd', 'e', 'f')).toBe(4);
    expect(await encodingOf('d')).toBe('intset');
    expect(await ours.client.call('SDIFFSTORE', 'd', 'e', 'f', 'f', 'f', 'f')).toBe(4);
    expect(await encodingOf('d')).toBe('hashtable');
  });

  it('every key is type-checked, even after a missing one', async () => {
    await ours.client.set('str', 'v');
    for (const args of [
      ['SINTER', 'nokey', 'str'], ['SINTERSTORE', 'd', 'nokey', 'str'], ['SUNION', 'nokey', 'str'],
      ['SUNIONSTORE', 'd', 'str'], ['SDIFF', 'nokey', 'str'], ['SDIFF', 'str', 'nokey'], ['SDIFFSTORE', 'd', 'str'],
      ['SINTERCARD', '2', 'nokey', 'str'],
    ]) {
      expect(await errorOf(ours.client.call(args[0] as string, ...args.slice(1))), args.join(' ')).toBe(WRONGTYPE);
    }
  });
});

describe('SINTERCARD', () => {
  beforeEach(async () => {
    await ours.client.call('SADD', 'a', '1', '2', '3', 'x');
    await ours.client.call('SADD', 'b', '2', '3', 'x', 'y');
  });

  it('counts the intersection, stopping at LIMIT (0 is no limit)', async () => {
    expect(await ours.client.call('SINTERCARD', '2', 'a', 'b')).toBe(3);
    expect(await ours.client.call('SINTERCARD', '2', 'a', 'b', 'LIMIT', '0')).toBe(3);
    expect(await ours.client.call('SINTERCARD', '2', 'a', 'b', 'LIMIT', '2')).toBe(2);
    expect(await ours.client.call('SINTERCARD', '2', 'a', 'b', 'limit', '10')).toBe(3);
    expect(await ours.client.call('SINTERCARD', '1', 'a')).toBe(4);
    expect(await ours.client.call('SINTERCARD', '2', 'a', 'nokey')).toBe(0);
    expect(await ours.client.call('SINTERCARD', '1', 'a', 'LIMIT', '5', 'LIMIT', '1')).toBe(1);
  });

  it('numkeys and LIMIT errors, with Redis texts', async () => {
    expect(await errorOf(ours.client.call('SINTERCARD', '0', 'a'))).toBe('ERR numkeys should be greater than 0');
    expect(await errorOf(ours.client.call('SINTERCARD', '-1', 'a'))).toBe('ERR numkeys should be greater than 0');
    expect(await errorOf(ours.client.call('SINTERCARD', 'x', 'a'))).toBe('ERR numkeys should be greater than 0');
    expect(await errorOf(ours.client.call('SINTERCARD', '3', 'a', 'b'))).toBe("ERR Number of keys can't be greater than number of args");
    expect(await errorOf(ours.client.call('SINTERCARD', '1', 'a', 'LIMIT', '-1'))).toBe("ERR LIMIT can't be negative");
    expect(await errorOf(ours.client.call('SINTERCARD', '1', 'a', 'LIMIT', 'x'))).toBe("ERR LIMIT can't be negative");
    expect(await errorOf(ours.client.call('SINTERCARD', '1', 'a', 'LIMIT'))).toBe(SYNTAX);
    expect(await errorOf(ours.client.call('SINTERCARD', '1', 'a', 'foo'))).toBe(SYNTAX);
  });

  it('COMMAND GETKEYS finds the keys from numkeys', async () => {
    expect(await ours.client.call('COMMAND', 'GETKEYS', 'SINTERCARD', '2', 'a', 'b', 'LIMIT', '1')).toEqual(['a', 'b']);
  });
});

describe('SSCAN', () => {
  it('an intset comes back whole with cursor 0, sorted, whatever the cursor and COUNT', async () => {
    await ours.client.call('SADD', 's', '5', '-3', '10', '1');
    expect(await ours.client.call('SSCAN', 's', '0', 'COUNT', '1')).toEqual(['0', ['-3', '1', '5', '10']]);
    expect(await ours.client.call('SSCAN', 's', '3')).toEqual(['0', ['-3', '1', '5', '10']]);
    expect(await ours.client.call('SSCAN', 's', '0', 'MATCH', '1*')).toEqual(['0', ['1', '10']]);
  });

  it('a hashtable set is walked in steps, every member once', async () => {
    const members = range(1, 700).map((n) => `m${n}`);
    await ours.client.call('SADD', 's', ...members);
    const seen: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = (await ours.client.call('SSCAN', 's', cursor, 'COUNT', '64')) as [string, string[]];
      seen.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    expect(sorted(seen)).toEqual(sorted(members));
  });

  it('every member present for the whole scan is returned while SPOP and SADD run between calls', async () => {
    await ours.client.call('SADD', 's', ...range(1, 1000).map((n) => `m${n}`));
    await ours.client.call('SADD', 'keep', 'placeholder');
    const seen = new Set<string>();
    const removed = new Set<string>();
    let cursor = '0';
    let round = 0;
    do {
      const [next, batch] = (await ours.client.call('SSCAN', 's', cursor)) as [string, string[]];
      for (const m of batch) seen.add(m);
      cursor = next;
      removed.add((await ours.client.call('SPOP', 's')) as string);
      await ours.client.call('SADD', 's', `new${round++}`);
    } while (cursor !== '0');
    for (const m of range(1, 1000).map((n) => `m${n}`)) if (!removed.has(m)) expect(seen.has(m), m).toBe(true);
  });

  it('errors: cursor, COUNT, unknown options; a missing key scans empty first', async () => {
    await ours.client.call('SADD', 's', 'a');
    await ours.client.set('str', 'v');
    expect(await errorOf(ours.client.call('SSCAN', 's', 'x'))).toBe('ERR invalid cursor');
    expect(await errorOf(ours.client.call('SSCAN', 's', '0', 'COUNT', '0'))).toBe(SYNTAX);
    expect(await errorOf(ours.client.call('SSCAN', 's', '0', 'TYPE', 'set'))).toBe(SYNTAX);
    expect(await errorOf(ours.client.call('SSCAN', 'str', '0'))).toBe(WRONGTYPE);
    expect(await ours.client.call('SSCAN', 'nokey', '0', 'foo')).toEqual(['0', []]);
  });
});

describe('OBJECT ENCODING: intset → hashtable (set-max-intset-entries)', () => {
  it('512 integers stay an intset, the 513th converts, and removing it does not convert back', async () => {
    await ours.client.call('SADD', 's', ...range(1, 511));
    expect(await encodingOf('s')).toBe('intset');
    await ours.client.call('SADD', 's', '512');
    expect(await encodingOf('s')).toBe('intset');
    await ours.client.call('SADD', 's', '513');
    expect(await encodingOf('s')).toBe('hashtable');
    await ours.client.call('SREM', 's', '513');
    expect(await encodingOf('s')).toBe('hashtable');
  });

  it('limit-1 / limit / limit+1 with a configured limit', async () => {
    await ours.client.config('SET', 'set-max-intset-entries', '3');
    await ours.client.call('SADD', 's', '1', '2');
    expect(await encodingOf('s')).toBe('intset');
    await ours.client.call('SADD', 's', '3');
    expect(await encodingOf('s')).toBe('intset');
    await ours.client.call('SADD', 's', '4');
    expect(await encodingOf('s')).toBe('hashtable');
    await ours.client.config('SET', 'set-max-intset-entries', '0');
    await ours.client.call('SADD', 'z', '1');
    expect(await encodingOf('z')).toBe('hashtable');
  });

  it('only canonical int64 text is an integer', async () => {
    await ours.client.call('SADD', 'ok', '0', '-1', '9223372036854775807', '-9223372036854775808');
    expect(await encodingOf('ok')).toBe('intset');
    for (const text of ['-0', '01', '+1', ' 1', '1.0', '9223372036854775808', 'a']) {
      await ours.client.del('s');
      await ours.client.call('SADD', 's', '1', text);
      expect(await encodingOf('s'), text).toBe('hashtable');
      expect(await ours.client.call('SISMEMBER', 's', text)).toBe(1);
    }
  });

  it('a set whose first member is not an integer starts as a hashtable', async () => {
    await ours.client.call('SADD', 's', 'x');
    expect(await encodingOf('s')).toBe('hashtable');
    await ours.client.call('SREM', 's', 'x');
    await ours.client.call('SADD', 't', 'x', '1');
    await ours.client.call('SREM', 't', 'x');
    expect(await encodingOf('t')).toBe('hashtable');
  });
});

describe('WRONGTYPE and keyspace effects', () => {
  it('every set command refuses a key of another type', async () => {
    await ours.client.set('str', 'v');
    const calls: string[][] = [
      ['SADD', 'str', 'a'], ['SREM', 'str', 'a'], ['SMEMBERS', 'str'], ['SISMEMBER', 'str', 'a'],
      ['SMISMEMBER', 'str', 'a'], ['SCARD', 'str'], ['SPOP', 'str'], ['SPOP', 'str', '1'], ['SRANDMEMBER', 'str'],
      ['SRANDMEMBER', 'str', '1'], ['SINTER', 'str'], ['SINTERCARD', '1', 'str'], ['SUNION', 'str'], ['SDIFF', 'str'],
      ['SINTERSTORE', 'd', 'str'], ['SUNIONSTORE', 'd', 'str'], ['SDIFFSTORE', 'd', 'str'], ['SSCAN', 'str', '0'],
      ['SMOVE', 'str', 'd', 'a'],
    ];
    for (const [cmd, ...args] of calls) expect(await errorOf(ours.client.call(cmd as string, ...args)), cmd).toBe(WRONGTYPE);
    expect(await ours.client.get('str')).toBe('v');
  });

  it('TYPE is set; a write invalidates WATCH, an SADD of existing members does not', async () => {
    await ours.client.call('SADD', 's', 'a');
    expect(await ours.client.type('s')).toBe('set');
    const other = new Redis(ours.port, '127.0.0.1', { enableReadyCheck: false });
    try {
      await other.watch('s');
      await ours.client.call('SADD', 's', 'a');
      expect(await other.multi().get('x').exec()).toEqual([[null, null]]);
      await other.watch('s');
      await ours.client.call('SPOP', 's');
      expect(await other.multi().get('x').exec()).toBeNull();
    } finally {
      other.disconnect();
    }
  });

  it('COPY makes an independent copy of both encodings', async () => {
    await ours.client.call('SADD', 'i', '1', '2');
    await ours.client.call('SADD', 'h', 'a', 'b');
    for (const key of ['i', 'h']) {
      await ours.client.call('COPY', key, `${key}2`);
      expect(await encodingOf(`${key}2`)).toBe(await encodingOf(key));
      await ours.client.call('SADD', `${key}2`, '3');
      expect(await ours.client.call('SCARD', key)).toBe(2);
      expect(await ours.client.call('SCARD', `${key}2`)).toBe(3);
    }
  });
});
