// The bitmap commands over a raw socket: every reply byte, error text and encoding change, as
// one transcript read off redis-server 7.0.15 (each line ran there in this order after FLUSHALL),
// then keyspace events and dirty counting (no-op writes are not changes), and memory accounting.

import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { rawReply } from '../helpers/server.js';
import { useTsredis } from '../helpers/side-by-side.js';

const ours = useTsredis({ ioredis: true });

/** [argv, Redis 7.0.15's exact reply], in order: later lines depend on earlier ones. */
const TRANSCRIPT: ReadonlyArray<readonly [readonly string[], string]> = [
  [['SETBIT', 'b', '7', '1'], ':0\r\n'],
  [['GET', 'b'], '$1\r\n\x01\r\n'],
  [['SETBIT', 'b', '7', '1'], ':1\r\n'],
  [['SETBIT', 'b', '7', '0'], ':1\r\n'],
  [['SETBIT', 'b', '100', '1'], ':0\r\n'],
  [['STRLEN', 'b'], ':13\r\n'],
  [['GETBIT', 'b', '100'], ':1\r\n'],
  [['GETBIT', 'b', '101'], ':0\r\n'],
  [['GETBIT', 'b', '99999'], ':0\r\n'],
  [['GETBIT', 'nokey', '0'], ':0\r\n'],
  [['OBJECT', 'ENCODING', 'b'], '$3\r\nraw\r\n'],
  [['SET', 'n', '1234'], '+OK\r\n'],
  [['OBJECT', 'ENCODING', 'n'], '$3\r\nint\r\n'],
  [['SETBIT', 'n', '0', '0'], ':0\r\n'],
  [['OBJECT', 'ENCODING', 'n'], '$3\r\nraw\r\n'],
  [['GET', 'n'], '$4\r\n1234\r\n'],
  [['SETBIT', 'b', '-1', '1'], '-ERR bit offset is not an integer or out of range\r\n'],
  [['SETBIT', 'b', '4294967296', '1'], '-ERR bit offset is not an integer or out of range\r\n'],
  [['SETBIT', 'b', '1', '2'], '-ERR bit is not an integer or out of range\r\n'],
  [['SETBIT', 'b', '1', 'x'], '-ERR bit is not an integer or out of range\r\n'],
  [['GETBIT', 'b', 'abc'], '-ERR bit offset is not an integer or out of range\r\n'],
  [['LPUSH', 'l', 'a'], ':1\r\n'],
  [['GETBIT', 'l', '0'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
  [['SETBIT', 'l', '0', '1'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
  [['BITCOUNT', 'l'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
  [['SET', 's', 'foobar'], '+OK\r\n'],
  [['BITCOUNT', 's'], ':26\r\n'],
  [['BITCOUNT', 's', '0', '0'], ':4\r\n'],
  [['BITCOUNT', 's', '1', '1'], ':6\r\n'],
  [['BITCOUNT', 's', '1', '1', 'BYTE'], ':6\r\n'],
  [['BITCOUNT', 's', '5', '30', 'BIT'], ':17\r\n'],
  [['BITCOUNT', 's', '-3', '-1', 'bit'], ':1\r\n'],
  [['BITCOUNT', 's', '-1', '-3'], ':0\r\n'],
  [['BITCOUNT', 's', '0', '-1', 'WORD'], '-ERR syntax error\r\n'],
  [['BITCOUNT', 's', '-1', '-2', 'WITHSCORES'], ':0\r\n'],
  [['BITCOUNT', 's', '-2', '-1', 'WITHSCORES'], '-ERR syntax error\r\n'],
  [['BITCOUNT', 's', '0'], '-ERR syntax error\r\n'],
  [['BITCOUNT', 's', 'a', '1'], '-ERR value is not an integer or out of range\r\n'],
  [['BITCOUNT', 'nokey', 'x'], ':0\r\n'],
  [['SET', 'p', '\xff\xf0\x00'], '+OK\r\n'],
  [['BITPOS', 'p', '0'], ':12\r\n'],
  [['BITPOS', 'p', '1'], ':0\r\n'],
  [['BITPOS', 'p', '0', '1'], ':12\r\n'],
  [['BITPOS', 'p', '1', '2'], ':-1\r\n'],
  [['BITPOS', 'p', '1', '2', '-1'], ':-1\r\n'],
  [['BITPOS', 'p', '0', '0', '0'], ':-1\r\n'],
  [['BITPOS', 'p', '0', '0', '-1'], ':12\r\n'],
  [['BITPOS', 'p', '0', '2', '-1', 'BIT'], ':12\r\n'],
  [['BITPOS', 'p', '1', '7', '15', 'BIT'], ':7\r\n'],
  [['BITPOS', 'p', '0', '7', '15', 'BIT'], ':12\r\n'],
  [['BITPOS', 'p', '0', '0', '7', 'bit'], ':-1\r\n'],
  [['BITPOS', 'p', '0', '0', '7', 'byte'], ':12\r\n'],
  [['SET', 'ff', '\xff\xff'], '+OK\r\n'],
  [['BITPOS', 'ff', '0'], ':16\r\n'],
  [['BITPOS', 'ff', '0', '0', '-1'], ':-1\r\n'],
  [['BITPOS', 'ff', '0', '3', 'bit'], '-ERR value is not an integer or out of range\r\n'],
  [['BITPOS', 'nokey', '0'], ':0\r\n'],
  [['BITPOS', 'nokey', '1'], ':-1\r\n'],
  [['BITPOS', 'p', '2'], '-ERR The bit argument must be 1 or 0.\r\n'],
  [['BITPOS', 'p', 'x'], '-ERR value is not an integer or out of range\r\n'],
  [['BITPOS', 'p', '1', '0', '1', 'BIT', 'x'], '-ERR syntax error\r\n'],
  [['BITPOS', 'p', '1', '0', '1', 'x'], '-ERR syntax error\r\n'],
  [['SET', 'e', ''], '+OK\r\n'],
  [['BITPOS', 'e', '0'], ':-1\r\n'],
  [['BITCOUNT', 'e'], ':0\r\n'],
  [['SET', 'a', 'abc'], '+OK\r\n'],
  [['SET', 'c', '\x01'], '+OK\r\n'],
  [['BITOP', 'AND', 'd', 'a', 'c'], ':3\r\n'],
  [['GET', 'd'], '$3\r\n\x01\x00\x00\r\n'],
  [['OBJECT', 'ENCODING', 'd'], '$3\r\nraw\r\n'],
  [['BITOP', 'or', 'd', 'a', 'c', 'nokey'], ':3\r\n'],
  [['GET', 'd'], '$3\r\nabc\r\n'],
  [['BITOP', 'XOR', 'd', 'a', 'a'], ':3\r\n'],
  [['GET', 'd'], '$3\r\n\x00\x00\x00\r\n'],
  [['BITOP', 'NOT', 'd', 'c'], ':1\r\n'],
  [['GET', 'd'], '$1\r\n\xfe\r\n'],
  [['BITOP', 'NOT', 'd', 'a', 'c'], '-ERR BITOP NOT must be called with a single source key.\r\n'],
  [['BITOP', 'NAND', 'd', 'a'], '-ERR syntax error\r\n'],
  [['BITOP', 'AND', 'd', 'l'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
  [['BITOP', 'AND', 'd', 'nokey'], ':0\r\n'],
  [['EXISTS', 'd'], ':0\r\n'],
  [['SET', 't', 'x', 'EX', '100'], '+OK\r\n'],
  [['BITOP', 'OR', 't', 'a'], ':3\r\n'],
  [['TTL', 't'], ':-1\r\n'],
  [['BITFIELD', 'bf', 'SET', 'i8', '0', '-100', 'GET', 'i8', '0', 'GET', 'u8', '0', 'INCRBY', 'u4', '#1', '20', 'GET', 'u4', '4'], '*5\r\n:0\r\n:-100\r\n:156\r\n:0\r\n:0\r\n'],
  [['GET', 'bf'], '$1\r\n\x90\r\n'],
  [['BITFIELD', 'bf', 'OVERFLOW', 'SAT', 'INCRBY', 'u4', '0', '100', 'INCRBY', 'i4', '#1', '-100', 'OVERFLOW', 'FAIL', 'INCRBY', 'u4', '0', '1', 'OVERFLOW', 'WRAP', 'INCRBY', 'u4', '0', '1'], '*4\r\n:15\r\n:-8\r\n$-1\r\n:0\r\n'],
  [['BITFIELD', 'bf', 'SET', 'i64', '0', '-9223372036854775808', 'GET', 'i64', '0', 'GET', 'u63', '0', 'INCRBY', 'i64', '0', '-1'], '*4\r\n:576460752303423488\r\n:-9223372036854775808\r\n:4611686018427387904\r\n:9223372036854775807\r\n'],
  [['BITFIELD', 'bf', 'OVERFLOW', 'SAT', 'SET', 'u8', '0', '-1', 'OVERFLOW', 'FAIL', 'SET', 'u8', '0', '256', 'SET', 'i8', '0', '127'], '*3\r\n:127\r\n$-1\r\n:-1\r\n'],
  [['BITFIELD', 'bf'], '*0\r\n'],
  [['BITFIELD', 'bf', 'GET', 'u64', '0'], '-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n'],
  [['BITFIELD', 'bf', 'GET', 'i0', '0'], '-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n'],
  [['BITFIELD', 'bf', 'GET', 'u8', '-1'], '-ERR bit offset is not an integer or out of range\r\n'],
  [['BITFIELD', 'bf', 'GET', 'u8', '#-1'], '-ERR bit offset is not an integer or out of range\r\n'],
  [['BITFIELD', 'bf', 'SET', 'u8', '0', 'x'], '-ERR value is not an integer or out of range\r\n'],
  [['BITFIELD', 'bf', 'OVERFLOW', 'MAYBE', 'GET', 'u8', '0'], '-ERR Invalid OVERFLOW type specified\r\n'],
  [['BITFIELD', 'bf', 'GET', 'u8'], '-ERR syntax error\r\n'],
  [['BITFIELD', 'bf', 'FOO', 'u8', '0'], '-ERR syntax error\r\n'],
  [['BITFIELD_RO', 'bf', 'GET', 'u8', '0', 'GET', 'i4', '#3'], '*2\r\n:127\r\n:-1\r\n'],
  [['BITFIELD_RO', 'bf', 'SET', 'u8', '0', '1'], '-ERR BITFIELD_RO only supports the GET subcommand\r\n'],
  [['BITFIELD_RO', 'bf', 'INCRBY', 'u8', '0', '1'], '-ERR BITFIELD_RO only supports the GET subcommand\r\n'],
  [['BITFIELD', 'l', 'GET', 'u8', '0'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
  [['BITFIELD', 'nokey', 'GET', 'u8', '0'], '*1\r\n:0\r\n'],
  [['BITFIELD_RO', 'nokey', 'GET', 'u8', '0'], '*1\r\n:0\r\n'],
  [['SET', 'n2', '255'], '+OK\r\n'],
  [['BITFIELD', 'n2', 'GET', 'u8', '0'], '*1\r\n:50\r\n'],
  [['OBJECT', 'ENCODING', 'n2'], '$3\r\nint\r\n'],
  [['BITFIELD', 'n2', 'SET', 'u8', '0', '50'], '*1\r\n:50\r\n'],
  [['OBJECT', 'ENCODING', 'n2'], '$3\r\nraw\r\n'],
  [['GET', 'n2'], '$3\r\n255\r\n'],
  [['BITFIELD', 'new', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '0', '10'], '*1\r\n$-1\r\n'],
  [['GET', 'new'], '$1\r\n\x00\r\n'],
];

describe('bitmap commands reply byte for byte as Redis 7.0', () => {
  it('GETBIT SETBIT BITCOUNT BITPOS BITOP BITFIELD BITFIELD_RO: the transcript', async () => {
    await rawReply(ours.raw, 'FLUSHALL');
    for (const [argv, expected] of TRANSCRIPT) {
      const args = argv.map((a) => Buffer.from(a, 'latin1'));
      expect(await rawReply(ours.raw, ...args), argv.join(' ')).toBe(expected);
    }
  });
});

describe('bitmap writes as Redis 7.0 counts them', () => {
  /** [argv, change to rdb_changes_since_last_save, keyevent notifications], read off redis-server 7.0.15. */
  const STEPS: ReadonlyArray<readonly [readonly string[], number, readonly string[]]> = [
    [['CONFIG', 'SET', 'notify-keyspace-events', 'E$g'], 0, []],
    [['SET', 'k', '5'], 1, ['set k']],
    [['SETBIT', 'k', '0', '0'], 0, []],
    [['SETBIT', 'k', '0', '1'], 1, ['setbit k']],
    [['SETBIT', 'k', '20', '0'], 1, ['setbit k']],
    [['BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '0', '10'], 0, []],
    [['BITFIELD', 'k', 'GET', 'u8', '0'], 0, []],
    [['BITFIELD', 'k', 'SET', 'u8', '0', '1'], 1, ['setbit k']],
    [['BITFIELD', 'k', 'SET', 'u8', '0', '1'], 0, []],
    [['BITFIELD', 'k', 'INCRBY', 'u8', '0', '0'], 0, []],
    [['BITFIELD', 'k', 'INCRBY', 'i8', '0', '0'], 0, []],
    [['BITOP', 'NOT', 'd', 'k'], 1, ['set d']],
    [['BITOP', 'AND', 'd', 'nokey'], 1, ['del d']],
    [['BITOP', 'AND', 'd', 'nokey'], 0, []],
  ];

  it('a write that changes nothing (same bit, same field value, FAIL) is no change: no event, not dirty', async () => {
    const sub = new Redis(ours.port, '127.0.0.1', { enableReadyCheck: false });
    const events: string[] = [];
    let marker: (() => void) | undefined;
    sub.on('pmessage', (_p: string, channel: string, message: string) => {
      if (channel === '__keyevent@0__:marker') marker?.();
      else events.push(`${channel.slice('__keyevent@0__:'.length)} ${message}`);
    });
    await sub.psubscribe('__keyevent@0__:*');
    const dirty = async (): Promise<number> =>
      Number(/rdb_changes_since_last_save:(\d+)/.exec(String(await ours.client.info('persistence')))?.[1]);
    try {
      await ours.client.flushall();
      await ours.client.config('SET', 'notify-keyspace-events', 'E$g');
      for (const [argv, changes, expected] of STEPS) {
        const before = await dirty();
        events.length = 0;
        await ours.client.call(argv[0] as string, ...argv.slice(1));
        const after = await dirty();
        const seen = new Promise<void>((resolve) => { marker = resolve; });
        await ours.client.publish('__keyevent@0__:marker', 'x');
        await seen;
        expect({ changes: after - before, events }, argv.join(' ')).toEqual({ changes, events: expected });
      }
    } finally {
      await ours.client.config('SET', 'notify-keyspace-events', '');
      sub.disconnect();
    }
  });
});
