// Sorted set commands over TCP with ioredis (RESP2) and raw sockets (exact RESP2/RESP3 bytes): every
// command, option and error text, OBJECT ENCODING at the listpack limits, blocking pops with several
// connections, binary members, WRONGTYPE and empty-key deletion.
// Expected replies, error texts, encodings and orders read off redis-server 7.0.15.

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { RawClient, resp, startTestServer, type RunningServer, errorOf } from '../helpers/server.js';

let srv: RunningServer;
let r: Redis;
const extra: Redis[] = [];
const raws: RawClient[] = [];

beforeAll(async () => {
  srv = await startTestServer();
  // ioredis 6 speaks RESP3 by default; this suite checks RESP2 shapes through it, RESP3 with raw bytes.
  r = new Redis(srv.port, '127.0.0.1', { enableReadyCheck: false, protocol: 2 });
});

afterAll(async () => {
  r.disconnect();
  await srv.close();
});

beforeEach(async () => {
  await r.flushall();
  await r.config('SET', 'zset-max-listpack-entries', '128');
  await r.config('SET', 'zset-max-listpack-value', '64');
});

afterEach(async () => {
  for (const c of extra.splice(0)) c.disconnect();
  for (const c of raws.splice(0)) c.close();
  await waitUntil(() => srv.server.blockedClients === 0);
});

function client(): Redis {
  const c = new Redis(srv.port, '127.0.0.1', {
    enableReadyCheck: false, maxRetriesPerRequest: 0, retryStrategy: () => null, protocol: 2,
  });
  extra.push(c);
  return c;
}

async function rawClient(resp3 = false): Promise<RawClient> {
  const c = await RawClient.connect(srv.port);
  raws.push(c);
  if (resp3) {
    c.write(resp('HELLO', '3'));
    await c.readUntil('\r\n', 2000);
    // HELLO's map ends with the modules array.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await c.readBytes(0, 1);
  }
  return c;
}

/** Send one command on a raw connection and expect exactly these bytes back. */
async function expectRaw(c: RawClient, argv: readonly (string | Buffer)[], expected: string): Promise<void> {
  c.write(resp(...argv));
  const got = await c.readUntil(expected, 2000);
  expect(got.toString('latin1')).toBe(expected);
}

async function waitUntil(cond: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const blockedCount = (n: number): Promise<void> => waitUntil(() => srv.server.blockedClients === n);

const call = (...args: (string | number | Buffer)[]): Promise<unknown> => r.call(String(args[0]), ...args.slice(1));
const encodingOf = (key: string): Promise<unknown> => r.call('OBJECT', 'ENCODING', key);

const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
const SYNTAX = 'ERR syntax error';
const NOT_INTEGER = 'ERR value is not an integer or out of range';
const NOT_FLOAT = 'ERR value is not a valid float';
const MINMAX_FLOAT = 'ERR min or max is not a float';
const MINMAX_LEX = 'ERR min or max not valid string range item';

async function zsetOf(key: string, ...pairs: (string | number)[]): Promise<void> {
  await call('ZADD', key, ...pairs);
}

describe('ZADD and ZINCRBY', () => {
  it('adds and updates; replies the number added (CH: added + changed)', async () => {
    expect(await call('ZADD', 'z', 1, 'a', 2, 'b')).toBe(2);
    expect(await call('ZADD', 'z', 1, 'a', 3, 'b', 4, 'c')).toBe(1);
    expect(await call('ZADD', 'z', 'CH', 1, 'a', 5, 'b', 6, 'd')).toBe(2);
    expect(await call('ZRANGE', 'z', 0, -1, 'WITHSCORES')).toEqual(['a', '1', 'c', '4', 'b', '5', 'd', '6']);
  });

  it('NX, XX, GT, LT: only the allowed changes happen', async () => {
    await zsetOf('z', 5, 'a');
    expect(await call('ZADD', 'z', 'NX', 1, 'a', 1, 'b')).toBe(1);
    expect(await call('ZADD', 'z', 'XX', 'CH', 2, 'a', 2, 'new')).toBe(1);
    expect(await call('ZADD', 'z', 'GT', 'CH', 1, 'a', 9, 'b')).toBe(1);
    expect(await call('ZADD', 'z', 'LT', 'CH', 0, 'a', 10, 'b', 10, 'c')).toBe(2);
    expect(await call('ZADD', 'z', 'XX', 'GT', 100, 'a')).toBe(0);
    // Without CH only additions count: the update to 100 happened.
    expect(await call('ZRANGE', 'z', 0, -1, 'WITHSCORES')).toEqual(['b', '9', 'c', '10', 'a', '100']);
  });

  it('rejects incompatible options with Redis texts, in Redis order', async () => {
    expect(await errorOf(call('ZADD', 'z', 'NX', 'XX', 1, 'a'))).toBe('ERR XX and NX options at the same time are not compatible');
    const gtlt = 'ERR GT, LT, and/or NX options at the same time are not compatible';
    expect(await errorOf(call('ZADD', 'z', 'GT', 'LT', 1, 'a'))).toBe(gtlt);
    expect(await errorOf(call('ZADD', 'z', 'NX', 'GT', 1, 'a'))).toBe(gtlt);
    expect(await errorOf(call('ZADD', 'z', 'NX', 'LT', 1, 'a'))).toBe(gtlt);
    expect(await errorOf(call('ZADD', 'z', 'INCR', 1, 'a', 2, 'b'))).toBe('ERR INCR option supports a single increment-element pair');
    expect(await errorOf(call('ZADD', 'z', 'NX', 'XX', 'INCR', 1, 'a', 2, 'b'))).toBe(
      'ERR XX and NX options at the same time are not compatible',
    );
    expect(await errorOf(call('ZADD', 'z', 1, 'a', 2))).toBe(SYNTAX);
    expect(await errorOf(call('ZADD', 'z', 'foo', 1, 'a'))).toBe(SYNTAX);
    expect(await errorOf(call('ZADD', 'z', 'ch'))).toBe("ERR wrong number of arguments for 'zadd' command");
    expect(await errorOf(call('ZADD', 'z', 'INCR', 'NX'))).toBe(SYNTAX);
    expect(await r.exists('z')).toBe(0);
  });

  it('parses scores like strtod: inf, hex, ".5", "1."; refuses nan, spaces, overflow, underflow', async () => {
    expect(await call('ZADD', 'z', 'inf', 'a', '-INF', 'b', '+inf', 'c', 'infinity', 'd', '0x10', 'e', '.5', 'f', '1.', 'g')).toBe(7);
    expect(await call('ZADD', 'z', '4e-320', 'h')).toBe(1);
    expect(await call('ZSCORE', 'z', 'h')).toBe('3.999955468730732e-320');
    expect(await call('ZRANGE', 'z', 0, -1, 'WITHSCORES')).toEqual([
      'b', '-inf', 'h', '3.999955468730732e-320', 'f', '0.5', 'g', '1', 'e', '16', 'a', 'inf', 'c', 'inf', 'd', 'inf',
    ]);
    for (const bad of ['nan', 'abc', ' 1', '1 ', '', '1e400', '1e-400', '1,5']) {
      expect(await errorOf(call('ZADD', 'z', bad, 'x')), bad).toBe(NOT_FLOAT);
    }
    // A bad score anywhere means nothing is written.
    expect(await errorOf(call('ZADD', 'z2', 1, 'a', 'nan', 'b'))).toBe(NOT_FLOAT);
    expect(await r.exists('z2')).toBe(0);
  });

  it('INCR replies the new score, nil when a condition stops it, and NaN is an error', async () => {
    expect(await call('ZADD', 'z', 'INCR', 1.5, 'a')).toBe('1.5');
    expect(await call('ZADD', 'z', 'INCR', 'inf', 'a')).toBe('inf');
    expect(await errorOf(call('ZADD', 'z', 'INCR', '-inf', 'a'))).toBe('ERR resulting score is not a number (NaN)');
    expect(await call('ZADD', 'z', 'GT', 'INCR', 1, 'a')).toBeNull();
    expect(await call('ZADD', 'z', 'XX', 'INCR', 1, 'missing')).toBeNull();
    expect(await call('ZADD', 'z', 'NX', 'INCR', 1, 'a')).toBeNull();
    expect(await call('ZADD', 'nokey', 'XX', 'INCR', 1, 'a')).toBeNull();
    expect(await call('ZADD', 'nokey', 'XX', 1, 'a')).toBe(0);
    expect(await r.exists('nokey')).toBe(0);
  });

  it('ZINCRBY: missing members start at 0; replies the score as %.17g', async () => {
    expect(await call('ZINCRBY', 'z', 1.5, 'm')).toBe('1.5');
    expect(await call('ZINCRBY', 'z', 0.1, 'n')).toBe('0.10000000000000001');
    expect(await call('ZINCRBY', 'z', 'inf', 'q')).toBe('inf');
    expect(await errorOf(call('ZINCRBY', 'z', '-inf', 'q'))).toBe('ERR resulting score is not a number (NaN)');
    expect(await errorOf(call('ZINCRBY', 'z', 'nan', 'q'))).toBe(NOT_FLOAT);
    expect(await errorOf(call('ZINCRBY', 'z', 'nx', 'q'))).toBe(SYNTAX);
    expect(await call('ZSCORE', 'z', 'q')).toBe('inf');
  });

  it('WRONGTYPE on other types; a WRONGTYPE never writes', async () => {
    await r.set('s', 'x');
    for (const args of [
      ['ZADD', 's', 1, 'a'], ['ZINCRBY', 's', 1, 'a'], ['ZREM', 's', 'a'], ['ZCARD', 's'], ['ZSCORE', 's', 'a'],
      ['ZMSCORE', 's', 'a'], ['ZRANK', 's', 'a'], ['ZREVRANK', 's', 'a'], ['ZRANGE', 's', 0, 1],
      ['ZRANGEBYSCORE', 's', 0, 1], ['ZRANGEBYLEX', 's', '-', '+'], ['ZCOUNT', 's', 0, 1], ['ZLEXCOUNT', 's', '-', '+'],
      ['ZPOPMIN', 's'], ['ZPOPMAX', 's', 0], ['ZREMRANGEBYRANK', 's', 0, 1], ['ZREMRANGEBYSCORE', 's', 0, 1],
      ['ZREMRANGEBYLEX', 's', '-', '+'], ['ZRANDMEMBER', 's'], ['ZRANDMEMBER', 's', 0], ['ZSCAN', 's', 0, 'COUNT', 0],
      ['ZUNION', 2, 'nokey', 's'], ['ZRANGESTORE', 'd', 's', 0, 1], ['ZMPOP', 2, 'nokey', 's', 'MIN'],
      ['BZPOPMIN', 'nokey', 's', 0],
    ] as const) {
      expect(await errorOf(call(...args)), args.join(' ')).toBe(WRONGTYPE);
    }
    expect(await r.get('s')).toBe('x');
    expect(await r.exists('d')).toBe(0);
  });
});

describe('ZREM, ZCARD, ZSCORE, ZMSCORE, ZRANK, ZREVRANK', () => {
  it('ZREM counts removed members and deletes the emptied key', async () => {
    await zsetOf('z', 1, 'a', 2, 'b', 3, 'c');
    expect(await call('ZREM', 'z', 'a', 'x', 'a')).toBe(1);
    expect(await call('ZCARD', 'z')).toBe(2);
    expect(await call('ZREM', 'z', 'b', 'c')).toBe(2);
    expect(await r.exists('z')).toBe(0);
    expect(await call('ZREM', 'z', 'a')).toBe(0);
    expect(await call('ZCARD', 'z')).toBe(0);
  });

  it('scores, ranks and their nils', async () => {
    await zsetOf('z', 1, 'a', 2, 'b', 0.1, 'c');
    expect(await call('ZSCORE', 'z', 'c')).toBe('0.10000000000000001');
    expect(await call('ZSCORE', 'z', 'x')).toBeNull();
    expect(await call('ZSCORE', 'nokey', 'x')).toBeNull();
    expect(await call('ZMSCORE', 'z', 'a', 'x', 'b')).toEqual(['1', null, '2']);
    expect(await call('ZMSCORE', 'nokey', 'a', 'b')).toEqual([null, null]);
    expect(await call('ZRANK', 'z', 'c')).toBe(0);
    expect(await call('ZRANK', 'z', 'b')).toBe(2);
    expect(await call('ZREVRANK', 'z', 'b')).toBe(0);
    expect(await call('ZRANK', 'z', 'x')).toBeNull();
    expect(await call('ZREVRANK', 'nokey', 'x')).toBeNull();
    // WITHSCORE arrived in 7.2.
    expect(await errorOf(call('ZRANK', 'z', 'a', 'WITHSCORE'))).toBe("ERR wrong number of arguments for 'zrank' command");
  });
});

describe('ZRANGE and the older range commands', () => {
  beforeEach(async () => {
    await zsetOf('z', 1, 'a', 2, 'b', 3, 'c', 4, 'd', 5, 'e');
  });

  it('by rank, with negative indexes, reversed, with scores', async () => {
    expect(await call('ZRANGE', 'z', 0, -1)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await call('ZRANGE', 'z', -2, -1, 'WITHSCORES')).toEqual(['d', '4', 'e', '5']);
    expect(await call('ZRANGE', 'z', -100, 100)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await call('ZRANGE', 'z', 3, 1)).toEqual([]);
    expect(await call('ZRANGE', 'z', 5, 10)).toEqual([]);
    expect(await call('ZRANGE', 'z', 0, 1, 'REV', 'WITHSCORES')).toEqual(['e', '5', 'd', '4']);
    expect(await call('ZREVRANGE', 'z', 0, 1, 'WITHSCORES')).toEqual(['e', '5', 'd', '4']);
    expect(await call('ZRANGE', 'nokey', 0, -1)).toEqual([]);
  });

  it('BYSCORE with exclusive bounds, infinities, REV (max first) and LIMIT', async () => {
    expect(await call('ZRANGE', 'z', '(1', 3, 'BYSCORE')).toEqual(['b', 'c']);
    expect(await call('ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', 1, 2)).toEqual(['b', 'c']);
    expect(await call('ZRANGE', 'z', 5, 1, 'BYSCORE', 'REV', 'WITHSCORES')).toEqual(['e', '5', 'd', '4', 'c', '3', 'b', '2', 'a', '1']);
    expect(await call('ZRANGE', 'z', 1, 5, 'BYSCORE', 'REV')).toEqual([]);
    expect(await call('ZRANGE', 'z', '1e999', '-1e999', 'BYSCORE', 'REV')).toEqual(['e', 'd', 'c', 'b', 'a']);
    expect(await call('ZRANGEBYSCORE', 'z', 1, 2, 'LIMIT', 0, 1, 'WITHSCORES')).toEqual(['a', '1']);
    expect(await call('ZREVRANGEBYSCORE', 'z', 5, 1, 'WITHSCORES', 'LIMIT', 1, 2)).toEqual(['d', '4', 'c', '3']);
    expect(await call('ZREVRANGEBYSCORE', 'z', '+inf', '-inf', 'LIMIT', 2, 100)).toEqual(['c', 'b', 'a']);
    expect(await call('ZRANGEBYSCORE', 'z', '(1', '(1')).toEqual([]);
    expect(await call('ZRANGEBYSCORE', 'z', 3, 1)).toEqual([]);
  });

  it('LIMIT quirks: a negative offset selects nothing, a negative count means all the rest', async () => {
    expect(await call('ZRANGE', 'z', '(1', 5, 'BYSCORE', 'LIMIT', -1, 2)).toEqual([]);
    expect(await call('ZRANGE', 'z', 1, 5, 'BYSCORE', 'LIMIT', 1, -5)).toEqual(['b', 'c', 'd', 'e']);
    expect(await call('ZRANGE', 'z', 1, 5, 'BYSCORE', 'LIMIT', 1, 0)).toEqual([]);
    // With a rank range, "LIMIT x -1" equals Redis's "no limit" default and passes.
    expect(await call('ZRANGE', 'z', 0, -1, 'LIMIT', 1, -1)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('score bounds are read with a bare strtod: "" is 0, "(" is (0, a leading space is fine', async () => {
    expect(await call('ZRANGE', 'z', '', '', 'BYSCORE')).toEqual([]);
    expect(await call('ZRANGE', 'z', '(', '(3', 'BYSCORE')).toEqual(['a', 'b']);
    expect(await call('ZRANGE', 'z', ' 2', 3, 'BYSCORE')).toEqual(['b', 'c']);
    expect(await errorOf(call('ZRANGE', 'z', ' (2', 5, 'BYSCORE'))).toBe(MINMAX_FLOAT);
    expect(await errorOf(call('ZRANGE', 'z', 'nan', 5, 'BYSCORE'))).toBe(MINMAX_FLOAT);
    expect(await errorOf(call('ZRANGEBYSCORE', 'z', 'a', 5))).toBe(MINMAX_FLOAT);
  });

  it('BYLEX and the lex commands', async () => {
    await zsetOf('l', 0, 'a', 0, 'b', 0, 'c', 0, 'd', 0, 'e');
    expect(await call('ZRANGE', 'l', '-', '+', 'BYLEX', 'LIMIT', 1, 2)).toEqual(['b', 'c']);
    expect(await call('ZRANGE', 'l', '+', '-', 'BYLEX', 'REV', 'LIMIT', 1, 2)).toEqual(['d', 'c']);
    expect(await call('ZRANGEBYLEX', 'l', '[a', '(c')).toEqual(['a', 'b']);
    expect(await call('ZRANGEBYLEX', 'l', '(a', '[d')).toEqual(['b', 'c', 'd']);
    expect(await call('ZRANGEBYLEX', 'l', '[b', '+')).toEqual(['b', 'c', 'd', 'e']);
    expect(await call('ZRANGEBYLEX', 'l', '-', '+', 'LIMIT', 0, 1)).toEqual(['a']);
    expect(await call('ZREVRANGEBYLEX', 'l', '+', '[b')).toEqual(['e', 'd', 'c', 'b']);
    expect(await call('ZREVRANGEBYLEX', 'l', '[c', '-', 'LIMIT', 0, 10)).toEqual(['c', 'b', 'a']);
    expect(await call('ZRANGEBYLEX', 'l', '+', '-')).toEqual([]);
    expect(await call('ZRANGEBYLEX', 'l', '-', '-')).toEqual([]);
    for (const [min, max] of [['a', 'c'], ['+a', '-'], ['[a', 'c'], ['', '+']]) {
      expect(await errorOf(call('ZRANGEBYLEX', 'l', min as string, max as string))).toBe(MINMAX_LEX);
    }
    expect(await errorOf(call('ZRANGE', 'l', 0, -1, 'BYLEX'))).toBe(MINMAX_LEX);
  });

  it('option errors: conflicts, repeats and the fixed forms', async () => {
    const limitErr = 'ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX';
    const lexScores = 'ERR syntax error, WITHSCORES not supported in combination with BYLEX';
    expect(await errorOf(call('ZRANGE', 'z', 0, -1, 'LIMIT', 0, 2))).toBe(limitErr);
    expect(await errorOf(call('ZREVRANGE', 'z', 0, 1, 'LIMIT', 0, 1))).toBe(limitErr);
    expect(await errorOf(call('ZRANGE', 'z', 0, -1, 'WITHSCORES', 'LIMIT', 0, 1))).toBe(limitErr);
    expect(await errorOf(call('ZRANGE', 'z', '-', '+', 'BYLEX', 'WITHSCORES'))).toBe(lexScores);
    expect(await errorOf(call('ZRANGEBYLEX', 'z', '-', '+', 'WITHSCORES'))).toBe(lexScores);
    for (const extra of [['REV', 'REV'], ['BYSCORE', 'BYSCORE'], ['BYSCORE', 'BYLEX'], ['LIMIT'], ['LIMIT', 1], ['FOO']]) {
      expect(await errorOf(call('ZRANGE', 'z', 0, -1, ...extra)), extra.join(' ')).toBe(SYNTAX);
    }
    expect(await errorOf(call('ZRANGEBYSCORE', 'z', 0, 1, 'REV'))).toBe(SYNTAX);
    expect(await errorOf(call('ZRANGEBYSCORE', 'z', 0, 1, 'BYSCORE'))).toBe(SYNTAX);
    expect(await errorOf(call('ZREVRANGE', 'z', 0, 1, 'BYSCORE'))).toBe(SYNTAX);
    expect(await errorOf(call('ZRANGE', 'z', 0, -1, 'LIMIT', 'a', 1))).toBe(NOT_INTEGER);
    expect(await errorOf(call('ZRANGE', 'z', 'a', 'b'))).toBe(NOT_INTEGER);
    // Parsed before the lookup: a missing key still gets the error.
    expect(await errorOf(call('ZRANGE', 'nokey', 'a', 'b', 'BYSCORE'))).toBe(MINMAX_FLOAT);
    // Options are matched as C strings: bytes after a NUL are ignored.
    expect(await call('ZRANGE', 'z', 0, 0, Buffer.from('WITHSCORES\0junk'))).toEqual(['a', '1']);
  });

  it('ZCOUNT and ZLEXCOUNT', async () => {
    expect(await call('ZCOUNT', 'z', '(1', 3)).toBe(2);
    expect(await call('ZCOUNT', 'z', '-inf', '+inf')).toBe(5);
    expect(await call('ZCOUNT', 'z', 4, 2)).toBe(0);
    expect(await call('ZCOUNT', 'nokey', 1, 2)).toBe(0);
    expect(await errorOf(call('ZCOUNT', 'nokey', 'a', 'b'))).toBe(MINMAX_FLOAT);
    expect(await call('ZLEXCOUNT', 'z', '-', '+')).toBe(5);
    expect(await call('ZLEXCOUNT', 'z', '[b', '(d')).toBe(2);
    expect(await errorOf(call('ZLEXCOUNT', 'z', 'b', 'd'))).toBe(MINMAX_LEX);
  });
});

describe('ZRANGESTORE', () => {
  it('stores any range form, replaces the destination (and its TTL), deletes it when empty', async () => {
    await zsetOf('src', 1, 'a', 2, 'b', 3, 'c');
    await r.set('dst', 'string', 'EX', 100);
    expect(await call('ZRANGESTORE', 'dst', 'src', 0, 1)).toBe(2);
    expect(await r.ttl('dst')).toBe(-1);
    expect(await call('ZRANGE', 'dst', 0, -1, 'WITHSCORES')).toEqual(['a', '1', 'b', '2']);
    expect(await call('ZRANGESTORE', 'dst', 'src', '+inf', '(1', 'BYSCORE', 'REV', 'LIMIT', 0, 1)).toBe(1);
    expect(await call('ZRANGE', 'dst', 0, -1)).toEqual(['c']);
    expect(await call('ZRANGESTORE', 'dst', 'src', '[b', '+', 'BYLEX')).toBe(2);
    expect(await call('ZRANGESTORE', 'dst', 'src', 5, 10)).toBe(0);
    expect(await r.exists('dst')).toBe(0);
    await zsetOf('dst', 1, 'x');
    expect(await call('ZRANGESTORE', 'dst', 'nokey', 0, -1)).toBe(0);
    expect(await r.exists('dst')).toBe(0);
    expect(await errorOf(call('ZRANGESTORE', 'dst', 'src', 0, -1, 'WITHSCORES'))).toBe(SYNTAX);
    // The source may be the destination.
    expect(await call('ZRANGESTORE', 'src', 'src', 0, 0)).toBe(1);
    expect(await call('ZRANGE', 'src', 0, -1)).toEqual(['a']);
  });
});

describe('ZREMRANGEBYRANK, ZREMRANGEBYSCORE, ZREMRANGEBYLEX', () => {
  it('remove the range, reply the count, delete the emptied key', async () => {
    await zsetOf('z', 1, 'a', 2, 'b', 3, 'c', 4, 'd', 5, 'e');
    expect(await call('ZREMRANGEBYRANK', 'z', 0, 0)).toBe(1);
    expect(await call('ZREMRANGEBYRANK', 'z', -1, -1)).toBe(1);
    expect(await call('ZREMRANGEBYRANK', 'z', 5, 10)).toBe(0);
    expect(await call('ZREMRANGEBYSCORE', 'z', '(2', 3)).toBe(1);
    expect(await call('ZRANGE', 'z', 0, -1)).toEqual(['b', 'd']);
    expect(await call('ZREMRANGEBYLEX', 'z', '-', '+')).toBe(2);
    expect(await r.exists('z')).toBe(0);
    expect(await call('ZREMRANGEBYRANK', 'nokey', 0, 1)).toBe(0);
    expect(await errorOf(call('ZREMRANGEBYRANK', 'z', 'a', 1))).toBe(NOT_INTEGER);
    expect(await errorOf(call('ZREMRANGEBYSCORE', 'nokey', 'a', 1))).toBe(MINMAX_FLOAT);
    expect(await errorOf(call('ZREMRANGEBYLEX', 'nokey', 'a', 'b'))).toBe(MINMAX_LEX);
  });
});

describe('ZPOPMIN, ZPOPMAX, ZMPOP', () => {
  it('pop one or COUNT, lowest or highest, and delete the emptied key', async () => {
    await zsetOf('z', 1, 'a', 2, 'b', 3, 'c', 4, 'd', 5, 'e');
    expect(await call('ZPOPMIN', 'z')).toEqual(['a', '1']);
    expect(await call('ZPOPMAX', 'z', 2)).toEqual(['e', '5', 'd', '4']);
    expect(await call('ZPOPMIN', 'z', 0)).toEqual([]);
    expect(await call('ZPOPMIN', 'z', 10)).toEqual(['b', '2', 'c', '3']);
    expect(await r.exists('z')).toBe(0);
    expect(await call('ZPOPMIN', 'z')).toEqual([]);
    expect(await call('ZPOPMIN', 'z', 2)).toEqual([]);
  });

  it('ZPOP errors: negative or non-numeric counts, extra arguments', async () => {
    await zsetOf('z', 1, 'a');
    const positive = 'ERR value is out of range, must be positive';
    expect(await errorOf(call('ZPOPMIN', 'z', -1))).toBe(positive);
    expect(await errorOf(call('ZPOPMIN', 'z', 'a'))).toBe(positive);
    expect(await errorOf(call('ZPOPMIN', 'nokey', -1))).toBe(positive);
    expect(await errorOf(call('ZPOPMIN', 'z', '9223372036854775808'))).toBe(positive);
    expect(await errorOf(call('ZPOPMIN', 'z', 1, 2))).toBe(SYNTAX);
    expect(await call('ZPOPMIN', 'z', '9223372036854775807')).toEqual(['a', '1']);
  });

  it('ZMPOP: first non-empty key, [key, [[member, score], ...]] or nil', async () => {
    await zsetOf('z', 1, 'a', 2, 'b', 3, 'c');
    expect(await call('ZMPOP', 2, 'nokey', 'z', 'MIN')).toEqual(['z', [['a', '1']]]);
    expect(await call('ZMPOP', 1, 'z', 'max', 'count', 10)).toEqual(['z', [['c', '3'], ['b', '2']]]);
    expect(await call('ZMPOP', 1, 'z', 'MIN')).toBeNull();
    expect(await r.exists('z')).toBe(0);
  });

  it('ZMPOP errors', async () => {
    await zsetOf('z', 1, 'a');
    const numkeys = 'ERR numkeys should be greater than 0';
    const count = 'ERR count should be greater than 0';
    expect(await errorOf(call('ZMPOP', 0, 'z', 'MIN'))).toBe(numkeys);
    expect(await errorOf(call('ZMPOP', -1, 'z', 'MIN'))).toBe(numkeys);
    expect(await errorOf(call('ZMPOP', 'a', 'z', 'MIN'))).toBe(numkeys);
    expect(await errorOf(call('ZMPOP', 1, 'z', 'foo'))).toBe(SYNTAX);
    expect(await errorOf(call('ZMPOP', 2, 'z', 'MIN'))).toBe(SYNTAX);
    expect(await errorOf(call('ZMPOP', '9223372036854775807', 'z', 'MIN'))).toBe(SYNTAX);
    expect(await errorOf(call('ZMPOP', 1, 'z', 'MIN', 'COUNT', 0))).toBe(count);
    expect(await errorOf(call('ZMPOP', 1, 'z', 'MIN', 'COUNT', -1))).toBe(count);
    expect(await errorOf(call('ZMPOP', 1, 'z', 'MIN', 'COUNT', 'a'))).toBe(count);
    expect(await errorOf(call('ZMPOP', 1, 'z', 'MIN', 'COUNT', 1, 'COUNT', 1))).toBe(SYNTAX);
    expect(await errorOf(call('ZMPOP', 1, 'z', 'MIN', 'COUNT'))).toBe(SYNTAX);
    expect(await errorOf(call('ZMPOP', 1, 'z'))).toBe("ERR wrong number of arguments for 'zmpop' command");
  });
});

describe('BZPOPMIN, BZPOPMAX, BZMPOP', () => {
  it('serve at once when a key has members: [key, member, score]', async () => {
    await zsetOf('z', 1, 'a', 2, 'b', 3, 'c');
    expect(await call('BZPOPMIN', 'nokey', 'z', 0)).toEqual(['z', 'a', '1']);
    expect(await call('BZPOPMAX', 'z', 0)).toEqual(['z', 'c', '3']);
    expect(await call('BZMPOP', 0, 2, 'nokey', 'z', 'MAX', 'COUNT', 5)).toEqual(['z', [['b', '2']]]);
    expect(await r.exists('z')).toBe(0);
  });

  it('a client blocked in BZPOPMIN is served by a ZADD from another client', async () => {
    const waiter = client();
    const pending = waiter.call('BZPOPMIN', 'k1', 'k2', 0);
    await blockedCount(1);
    expect(await call('ZADD', 'k2', 5, 'x', 1, 'y')).toBe(2);
    expect(await pending).toEqual(['k2', 'y', '1']);
    expect(await call('ZRANGE', 'k2', 0, -1)).toEqual(['x']);
  });

  it('BZMPOP blocked with COUNT gets up to COUNT members from the written key', async () => {
    const waiter = client();
    const pending = waiter.call('BZMPOP', 0, 1, 'k', 'MAX', 'COUNT', 2);
    await blockedCount(1);
    await call('ZADD', 'k', 1, 'a', 2, 'b', 3, 'c');
    expect(await pending).toEqual(['k', [['c', '3'], ['b', '2']]]);
  });

  it('times out with a null array (RESP2 *-1, RESP3 _)', async () => {
    const c2 = await rawClient();
    await expectRaw(c2, ['BZPOPMIN', 'nokey', '0.05'], '*-1\r\n');
    const c3 = await rawClient(true);
    await expectRaw(c3, ['BZMPOP', '0.05', '1', 'nokey', 'MIN'], '_\r\n');
    await expectRaw(c3, ['BZPOPMAX', 'nokey', '0.05'], '_\r\n');
  });

  it('BZMPOP checks numkeys, MIN|MAX and COUNT before the timeout, as Redis does', async () => {
    // Texts read off redis-server 7.0.15.
    const c2 = await rawClient();
    await expectRaw(c2, ['BZMPOP', 'abc', '0', 'k1', 'MIN'], '-ERR numkeys should be greater than 0\r\n');
    await expectRaw(c2, ['BZMPOP', '-1', '1', 'k1', 'MIN', ''], '-ERR syntax error\r\n');
    await expectRaw(c2, ['BZMPOP', '-1', '1', 'k1', 'MIN'], '-ERR timeout is negative\r\n');
    await expectRaw(c2, ['BZMPOP', 'abc', '1', 'k1', 'MAX', 'COUNT', '0'], '-ERR count should be greater than 0\r\n');
  });

  it('FIFO: the client that blocked first is served first', async () => {
    const first = client();
    const second = client();
    const p1 = first.call('BZPOPMIN', 'q', 0);
    await blockedCount(1);
    const p2 = second.call('BZPOPMAX', 'q', 0);
    await blockedCount(2);
    await call('ZADD', 'q', 1, 'a', 2, 'b');
    expect(await p1).toEqual(['q', 'a', '1']);
    expect(await p2).toEqual(['q', 'b', '2']);
    expect(await r.exists('q')).toBe(0);
  });

  it('only one of two waiters is served by a single member; the other keeps waiting', async () => {
    const first = client();
    const second = client();
    const p1 = first.call('BZPOPMIN', 'q', 0);
    await blockedCount(1);
    const p2 = second.call('BZPOPMIN', 'q', 0);
    await blockedCount(2);
    await call('ZADD', 'q', 1, 'a');
    expect(await p1).toEqual(['q', 'a', '1']);
    await blockedCount(1);
    await call('ZADD', 'q', 2, 'b');
    expect(await p2).toEqual(['q', 'b', '2']);
  });

  it('a waited-on key that becomes another type does not fail the wait; another key serves it', async () => {
    const waiter = client();
    const pending = waiter.call('BZPOPMIN', 'a', 'b', 0);
    await blockedCount(1);
    await r.set('a', 'string');
    await call('ZADD', 'b', 1, 'm');
    expect(await pending).toEqual(['b', 'm', '1']);
  });

  it('inside MULTI nothing blocks: the null array comes back at once', async () => {
    const replies = await r.multi().call('BZPOPMIN', 'nokey', 0).call('BZMPOP', 0, 1, 'nokey', 'MIN').exec();
    expect(replies).toEqual([[null, null], [null, null]]);
  });

  it('timeout errors, checked before the keys', async () => {
    await r.set('s', 'x');
    expect(await errorOf(call('BZPOPMIN', 's', -1))).toBe('ERR timeout is negative');
    expect(await errorOf(call('BZPOPMIN', 's', 'a'))).toBe('ERR timeout is not a float or out of range');
    expect(await errorOf(call('BZPOPMIN', 's', 'nan'))).toBe('ERR timeout is not a float or out of range');
    expect(await errorOf(call('BZPOPMIN', 's', 'inf'))).toBe('ERR timeout is negative');
    expect(await errorOf(call('BZPOPMIN', 's', '1e20'))).toBe('ERR timeout is negative');
    expect(await errorOf(call('BZMPOP', 'a', 1, 's', 'MIN'))).toBe('ERR timeout is not a float or out of range');
    expect(await errorOf(call('BZMPOP', 0, 0, 's', 'MIN'))).toBe('ERR numkeys should be greater than 0');
    expect(await errorOf(call('BZPOPMIN', 'nokey', 's', 0))).toBe(WRONGTYPE);
  });
});

describe('ZUNION, ZINTER, ZDIFF, their STORE forms, ZINTERCARD', () => {
  beforeEach(async () => {
    await zsetOf('z1', 1, 'a', 2, 'b', 3, 'c');
    await zsetOf('z2', 10, 'b', 20, 'c', 30, 'd');
    await r.sadd('s1', 'a', 'd', 'e');
  });

  it('union, intersection and difference with WEIGHTS, AGGREGATE and plain sets (score 1)', async () => {
    expect(await call('ZUNION', 2, 'z1', 'z2', 'WITHSCORES')).toEqual(['a', '1', 'b', '12', 'c', '23', 'd', '30']);
    expect(await call('ZUNION', 2, 'z1', 'z2', 'WEIGHTS', 2, 0.5, 'WITHSCORES')).toEqual(['a', '2', 'b', '9', 'd', '15', 'c', '16']);
    expect(await call('ZUNION', 2, 'z1', 'z2', 'AGGREGATE', 'MIN', 'WITHSCORES')).toEqual(['a', '1', 'b', '2', 'c', '3', 'd', '30']);
    expect(await call('ZUNION', 2, 'z1', 'z2', 'AGGREGATE', 'max', 'WITHSCORES')).toEqual(['a', '1', 'b', '10', 'c', '20', 'd', '30']);
    expect(await call('ZUNION', 2, 'z1', 's1', 'WITHSCORES')).toEqual(['d', '1', 'e', '1', 'a', '2', 'b', '2', 'c', '3']);
    expect(await call('ZINTER', 2, 'z1', 's1', 'WITHSCORES')).toEqual(['a', '2']);
    expect(await call('ZINTER', 2, 'z1', 'z2')).toEqual(['b', 'c']);
    expect(await call('ZDIFF', 2, 'z1', 's1', 'WITHSCORES')).toEqual(['b', '2', 'c', '3']);
    expect(await call('ZDIFF', 1, 's1', 'WITHSCORES')).toEqual(['a', '1', 'd', '1', 'e', '1']);
    expect(await call('ZUNION', 2, 'nokey', 'z1')).toEqual(['a', 'b', 'c']);
    expect(await call('ZINTER', 2, 'nokey', 'z1')).toEqual([]);
    // Repeated options: the last one wins.
    expect(await call('ZUNION', 1, 'z1', 'AGGREGATE', 'SUM', 'AGGREGATE', 'MAX', 'WITHSCORES', 'WITHSCORES')).toEqual([
      'a', '1', 'b', '2', 'c', '3',
    ]);
  });

  it('NaN from inf × 0 or inf + -inf counts as 0', async () => {
    expect(await call('ZUNION', 2, 'z1', 'z2', 'WEIGHTS', 'inf', '-inf', 'WITHSCORES')).toEqual([
      'd', '-inf', 'b', '0', 'c', '0', 'a', 'inf',
    ]);
    expect(await call('ZINTERSTORE', 'dst', 2, 'z1', 'z2', 'WEIGHTS', 'inf', '-inf')).toBe(2);
    expect(await call('ZRANGE', 'dst', 0, -1, 'WITHSCORES')).toEqual(['b', '0', 'c', '0']);
    // The second input weighs 0: min(inf, 0).
    expect(await call('ZINTER', 2, 'z1', 'z2', 'WEIGHTS', 'inf', 0, 'AGGREGATE', 'MIN', 'WITHSCORES')).toEqual([
      'b', '0', 'c', '0',
    ]);
    // A NaN weighted value (inf × 0) never wins MIN or MAX.
    await zsetOf('zinf', 'inf', 'b', 'inf', 'c');
    expect(await call('ZINTER', 2, 'z1', 'zinf', 'WEIGHTS', 1, 0, 'AGGREGATE', 'MAX', 'WITHSCORES')).toEqual([
      'b', '2', 'c', '3',
    ]);
  });

  it('sums in the order Redis does: smallest input first, ties in argument order', async () => {
    await zsetOf('A', '1e16', 'x');
    await zsetOf('B', 1, 'x', 0, 'y');
    await zsetOf('C', 1, 'x', 0, 'y', 0, 'z');
    expect(await call('ZSCORE', 'A', 'x')).toBe('10000000000000000');
    expect(await call('ZUNION', 3, 'C', 'B', 'A', 'WITHSCORES')).toEqual(['y', '0', 'z', '0', 'x', '10000000000000000']);
    await zsetOf('X', '1e16', 'x', 0, 'q');
    expect(await call('ZUNION', 3, 'B', 'B', 'X', 'WITHSCORES')).toEqual(['q', '0', 'y', '0', 'x', '10000000000000002']);
    expect(await call('ZUNION', 3, 'X', 'B', 'B', 'WITHSCORES')).toEqual(['q', '0', 'y', '0', 'x', '10000000000000000']);
  });

  it('STORE forms replace the destination, drop its TTL, delete it when the result is empty', async () => {
    await r.set('dst', 'x', 'EX', 100);
    expect(await call('ZUNIONSTORE', 'dst', 2, 'z1', 'z2')).toBe(4);
    expect(await r.type('dst')).toBe('zset');
    expect(await r.ttl('dst')).toBe(-1);
    expect(await call('ZDIFFSTORE', 'dst', 2, 'z1', 'z2')).toBe(1);
    expect(await call('ZRANGE', 'dst', 0, -1, 'WITHSCORES')).toEqual(['a', '1']);
    expect(await call('ZINTERSTORE', 'dst', 2, 's1', 's1')).toBe(3);
    expect(await call('ZRANGE', 'dst', 0, -1, 'WITHSCORES')).toEqual(['a', '2', 'd', '2', 'e', '2']);
    expect(await call('ZDIFFSTORE', 'dst', 2, 'z1', 'z1')).toBe(0);
    expect(await r.exists('dst')).toBe(0);
    expect(await call('ZUNIONSTORE', 'dst', 1, 'nokey')).toBe(0);
    expect(await r.exists('dst')).toBe(0);
  });

  it('ZINTERCARD counts, stopping at LIMIT', async () => {
    expect(await call('ZINTERCARD', 2, 'z1', 'z2')).toBe(2);
    expect(await call('ZINTERCARD', 2, 'z1', 'z2', 'LIMIT', 1)).toBe(1);
    expect(await call('ZINTERCARD', 2, 'z1', 'z2', 'LIMIT', 0)).toBe(2);
    expect(await call('ZINTERCARD', 2, 'z1', 's1')).toBe(1);
    expect(await call('ZINTERCARD', 2, 'z1', 'nokey')).toBe(0);
  });

  it('errors: numkeys, syntax, weights, WRONGTYPE before option errors', async () => {
    await r.set('str', 'x');
    expect(await errorOf(call('ZUNIONSTORE', 'dst', 0, 'z1'))).toBe("ERR at least 1 input key is needed for 'zunionstore' command");
    expect(await errorOf(call('ZUNION', -1, 'z1'))).toBe("ERR at least 1 input key is needed for 'zunion' command");
    expect(await errorOf(call('ZINTERCARD', 0, 'z1'))).toBe("ERR at least 1 input key is needed for 'zintercard' command");
    expect(await errorOf(call('ZUNION', 'abc', 'z1'))).toBe(NOT_INTEGER);
    expect(await errorOf(call('ZUNIONSTORE', 'dst', 3, 'z1', 'z2'))).toBe(SYNTAX);
    expect(await errorOf(call('ZUNIONSTORE', 'dst', 1, 'z1', 'WEIGHTS'))).toBe(SYNTAX);
    expect(await errorOf(call('ZUNIONSTORE', 'dst', 1, 'z1', 'WEIGHTS', 1, 2))).toBe(SYNTAX);
    expect(await errorOf(call('ZUNIONSTORE', 'dst', 1, 'z1', 'WEIGHTS', 'a'))).toBe('ERR weight value is not a float');
    expect(await errorOf(call('ZINTER', 2, 'z1', 'z2', 'WEIGHTS', 1, 'nan'))).toBe('ERR weight value is not a float');
    expect(await errorOf(call('ZUNION', 2, 'z1', 'z2', 'WEIGHTS', 1, ' 2'))).toBe('ERR weight value is not a float');
    expect(await errorOf(call('ZUNIONSTORE', 'dst', 1, 'z1', 'AGGREGATE', 'foo'))).toBe(SYNTAX);
    expect(await errorOf(call('ZUNIONSTORE', 'dst', 1, 'z1', 'AGGREGATE'))).toBe(SYNTAX);
    expect(await errorOf(call('ZUNIONSTORE', 'dst', 1, 'z1', 'WITHSCORES'))).toBe(SYNTAX);
    expect(await errorOf(call('ZDIFF', 2, 'z1', 's1', 'WEIGHTS', 1, 2))).toBe(SYNTAX);
    expect(await errorOf(call('ZDIFF', 2, 'z1', 's1', 'AGGREGATE', 'SUM'))).toBe(SYNTAX);
    expect(await errorOf(call('ZINTERCARD', 1, 'z1', 'LIMIT', -1))).toBe("ERR LIMIT can't be negative");
    expect(await errorOf(call('ZINTERCARD', 1, 'z1', 'LIMIT', 'a'))).toBe("ERR LIMIT can't be negative");
    expect(await errorOf(call('ZINTERCARD', 1, 'z1', 'LIMIT'))).toBe(SYNTAX);
    expect(await errorOf(call('ZINTERCARD', 2, 'z1', 'z2', 'WITHSCORES'))).toBe(SYNTAX);
    expect(await errorOf(call('ZINTERCARD', 3, 'z1', 'z2'))).toBe(SYNTAX);
    expect(await errorOf(call('ZUNION', 2, 'str', 'z1', 'FOO'))).toBe(WRONGTYPE);
    expect(await errorOf(call('ZINTERSTORE', 'dst', 1, 'str'))).toBe(WRONGTYPE);
  });
});

describe('ZRANDMEMBER', () => {
  it('no count: a member or nil; counts: distinct when positive, repeats when negative', async () => {
    expect(await call('ZRANDMEMBER', 'nokey')).toBeNull();
    expect(await call('ZRANDMEMBER', 'nokey', 3)).toEqual([]);
    await zsetOf('z', 1, 'a', 2, 'b', 3, 'c', 4, 'd', 5, 'e');
    expect(['a', 'b', 'c', 'd', 'e']).toContain(await call('ZRANDMEMBER', 'z'));
    expect(await call('ZRANDMEMBER', 'z', 0)).toEqual([]);
    // count >= size: everything, highest first (the set iterator's order).
    expect(await call('ZRANDMEMBER', 'z', 10, 'WITHSCORES')).toEqual(['e', '5', 'd', '4', 'c', '3', 'b', '2', 'a', '1']);
    const three = (await call('ZRANDMEMBER', 'z', 3)) as string[];
    expect(new Set(three).size).toBe(3);
    const many = (await call('ZRANDMEMBER', 'z', -20)) as string[];
    expect(many).toHaveLength(20);
    const pairs = (await call('ZRANDMEMBER', 'z', -4, 'WITHSCORES')) as string[];
    expect(pairs).toHaveLength(8);
    for (let i = 0; i < pairs.length; i += 2) expect(Number(pairs[i + 1])).toBe('abcde'.indexOf(pairs[i] as string) + 1);
  });

  it('errors', async () => {
    await zsetOf('z', 1, 'a');
    expect(await errorOf(call('ZRANDMEMBER', 'z', 1, 'WITHSCORES', 'foo'))).toBe(SYNTAX);
    expect(await errorOf(call('ZRANDMEMBER', 'z', 1, 'foo'))).toBe(SYNTAX);
    expect(await errorOf(call('ZRANDMEMBER', 'nokey', -5, 'foo'))).toBe(SYNTAX);
    expect(await errorOf(call('ZRANDMEMBER', 'z', 'a'))).toBe(NOT_INTEGER);
    expect(await errorOf(call('ZRANDMEMBER', 'z', '-9223372036854775808'))).toBe(
      'ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807',
    );
    expect(await errorOf(call('ZRANDMEMBER', 'z', '4611686018427387904', 'WITHSCORES'))).toBe('ERR value is out of range');
    expect(await errorOf(call('ZRANDMEMBER', 'z', '-4611686018427387904', 'WITHSCORES'))).toBe('ERR value is out of range');
    expect(await call('ZRANDMEMBER', 'z', '4611686018427387903', 'WITHSCORES')).toEqual(['a', '1']);
  });
});

describe('ZSCAN', () => {
  it('a listpack comes back whole with cursor 0, scores as stored text; MATCH filters', async () => {
    await zsetOf('z', 1, 'a', 2, 'b', 4611686018427387904, 'big', -0, 'neg');
    expect(await call('ZSCAN', 'z', 5)).toEqual(['0', ['neg', '0', 'a', '1', 'b', '2', 'big', '4611686018427387904']]);
    expect(await call('ZSCAN', 'z', 0, 'MATCH', 'b*')).toEqual(['0', ['b', '2', 'big', '4611686018427387904']]);
    expect(await call('ZSCAN', 'nokey', 0)).toEqual(['0', []]);
  });

  it('a skiplist is walked with a cursor; every member comes back once with its %.17g score', async () => {
    const args: (string | number)[] = [];
    for (let i = 0; i < 300; i++) args.push(i + 0.5, `m${i}`);
    await call('ZADD', 'big', ...args);
    expect(await encodingOf('big')).toBe('skiplist');
    const seen = new Map<string, string>();
    let cursor = '0';
    let calls = 0;
    do {
      const [next, items] = (await call('ZSCAN', 'big', cursor, 'COUNT', 20)) as [string, string[]];
      for (let i = 0; i < items.length; i += 2) seen.set(items[i] as string, items[i + 1] as string);
      cursor = next;
      calls++;
    } while (cursor !== '0');
    expect(calls).toBeGreaterThan(1);
    expect(seen.size).toBe(300);
    expect(seen.get('m7')).toBe('7.5');
  });

  it('a skiplist that shrinks mid-scan (its nodes compacted) still returns every member present throughout', async () => {
    const args: (string | number)[] = [];
    for (let i = 0; i < 2000; i++) args.push(i, `m${i}`);
    await call('ZADD', 'shrink', ...args);
    const seen = new Set<string>();
    let cursor = '0';
    let calls = 0;
    do {
      const [next, items] = (await call('ZSCAN', 'shrink', cursor, 'COUNT', 50)) as [string, string[]];
      for (let i = 0; i < items.length; i += 2) seen.add(items[i] as string);
      cursor = next;
      calls++;
      // After a few pages, keep only the top 100 (scores 1900..1999): the set falls under a quarter of its
      // records and is rebuilt; the cursor handed out before then must not skip a survivor.
      if (calls === 3) expect(await call('ZREMRANGEBYRANK', 'shrink', 0, 1899)).toBe(1900);
    } while (cursor !== '0' && calls < 1000);
    expect(cursor).toBe('0');
    for (let i = 1900; i < 2000; i++) expect(seen.has(`m${i}`), `m${i}`).toBe(true);
    expect(await call('ZCARD', 'shrink')).toBe(100);
    expect(await call('ZRANGE', 'shrink', 0, 1)).toEqual(['m1900', 'm1901']);
  });

  it('errors, in Redis order: cursor first, then the key, then the options', async () => {
    await zsetOf('z', 1, 'a');
    await r.set('str', 'x');
    expect(await errorOf(call('ZSCAN', 'z', 'abc'))).toBe('ERR invalid cursor');
    expect(await errorOf(call('ZSCAN', 'nokey', 'abc'))).toBe('ERR invalid cursor');
    expect(await call('ZSCAN', 'nokey', 0, 'COUNT', 0)).toEqual(['0', []]);
    expect(await errorOf(call('ZSCAN', 'z', 0, 'COUNT', 0))).toBe(SYNTAX);
    expect(await errorOf(call('ZSCAN', 'z', 0, 'COUNT'))).toBe(SYNTAX);
    expect(await errorOf(call('ZSCAN', 'z', 0, 'TYPE', 'string'))).toBe(SYNTAX);
    expect(await errorOf(call('ZSCAN', 'str', 0, 'COUNT', 0))).toBe(WRONGTYPE);
  });
});

describe('OBJECT ENCODING: listpack → skiplist (zset-max-listpack-entries / -value)', () => {
  const members = (n: number, from = 1): (string | number)[] =>
    Array.from({ length: n }, (_, i) => [from + i, `m${from + i}`]).flat();

  it('128 members stay a listpack, the 129th converts; removal never converts back', async () => {
    await call('ZADD', 'z', ...members(127));
    expect(await encodingOf('z')).toBe('listpack');
    await call('ZADD', 'z', 128, 'm128');
    expect(await encodingOf('z')).toBe('listpack');
    await call('ZADD', 'z', 500, 'm128');
    expect(await encodingOf('z')).toBe('listpack');
    await call('ZADD', 'z', 129, 'm129');
    expect(await encodingOf('z')).toBe('skiplist');
    await call('ZREM', 'z', 'm129', 'm1');
    expect(await encodingOf('z')).toBe('skiplist');
    await call('ZADD', 'big', ...members(129));
    expect(await encodingOf('big')).toBe('skiplist');
  });

  it('a member of 64 bytes stays a listpack, 65 converts (even as the first member)', async () => {
    await call('ZADD', 'a', 1, 'y'.repeat(64));
    expect(await encodingOf('a')).toBe('listpack');
    await call('ZADD', 'b', 1, 'x'.repeat(65));
    expect(await encodingOf('b')).toBe('skiplist');
    await call('ZADD', 'c', 1, 'a', 2, 'x'.repeat(65));
    expect(await encodingOf('c')).toBe('skiplist');
    // Updating a long member's score through ZINCRBY or XX never adds it, so nothing converts.
    await call('ZADD', 'd', 1, 'a');
    await call('ZADD', 'd', 'XX', 5, 'x'.repeat(65));
    expect(await encodingOf('d')).toBe('listpack');
  });

  it('follows CONFIG SET: entries 0 makes every new set a skiplist; value 0 still allows empty members', async () => {
    await r.config('SET', 'zset-max-listpack-entries', '0');
    await call('ZADD', 'h', 1, 'a');
    expect(await encodingOf('h')).toBe('skiplist');
    await r.config('SET', 'zset-max-listpack-entries', '128');
    await r.config('SET', 'zset-max-listpack-value', '0');
    await call('ZADD', 'i', 1, '');
    expect(await encodingOf('i')).toBe('listpack');
    await call('ZADD', 'i', 1, 'a');
    expect(await encodingOf('i')).toBe('skiplist');
  });

  it('store commands give a fitting result a listpack, as zsetConvertToListpackIfNeeded does', async () => {
    await call('ZADD', 'big', ...members(200));
    expect(await call('ZRANGESTORE', 'dst', 'big', 0, 127)).toBe(128);
    expect(await encodingOf('dst')).toBe('listpack');
    expect(await call('ZRANGESTORE', 'dst', 'big', 0, 128)).toBe(129);
    expect(await encodingOf('dst')).toBe('skiplist');
    expect(await call('ZRANGESTORE', 'dst', 'big', 0, 1000, 'BYSCORE', 'LIMIT', 0, 128)).toBe(128);
    expect(await encodingOf('dst')).toBe('listpack');
    expect(await call('ZUNIONSTORE', 'dst', 1, 'big')).toBe(200);
    expect(await encodingOf('dst')).toBe('skiplist');
    await call('ZREMRANGEBYRANK', 'big', 128, -1);
    expect(await encodingOf('big')).toBe('skiplist');
    for (const command of ['ZUNIONSTORE', 'ZINTERSTORE', 'ZDIFFSTORE']) {
      expect(await call(command, 'dst', 1, 'big')).toBe(128);
      expect(await encodingOf('dst'), command).toBe('listpack');
    }
    await call('ZADD', 'big', 0, 'x'.repeat(65));
    expect(await call('ZUNIONSTORE', 'dst', 1, 'big')).toBe(129);
    expect(await encodingOf('dst')).toBe('skiplist');
    expect(await call('ZRANGESTORE', 'dst', 'big', 0, 5)).toBe(6);
    expect(await encodingOf('dst')).toBe('skiplist');
  });

  it('-0 survives in a skiplist but a listpack stores it as 0', async () => {
    await call('ZADD', 'lp', '-0', 'a');
    expect(await call('ZSCORE', 'lp', 'a')).toBe('0');
    await r.config('SET', 'zset-max-listpack-entries', '0');
    await call('ZADD', 'sl', '-0', 'a');
    expect(await call('ZSCORE', 'sl', 'a')).toBe('-0');
    expect(await call('ZSCAN', 'sl', 0)).toEqual(['0', ['a', '-0']]);
  });
});

describe('RESP3 shapes (exact bytes)', () => {
  it('scores are doubles; WITHSCORES replies [member, score] pairs; pops nest as Redis does', async () => {
    await zsetOf('z', 1, 'a', 2.5, 'b', 3, 'c');
    const c = await rawClient(true);
    await expectRaw(c, ['ZSCORE', 'z', 'b'], ',2.5\r\n');
    await expectRaw(c, ['ZSCORE', 'z', 'x'], '_\r\n');
    await expectRaw(c, ['ZMSCORE', 'z', 'a', 'x'], '*2\r\n,1\r\n_\r\n');
    await expectRaw(c, ['ZINCRBY', 'z', '0', 'a'], ',1\r\n');
    await expectRaw(c, ['ZRANGE', 'z', '0', '1', 'WITHSCORES'], '*2\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n');
    await expectRaw(c, ['ZRANGE', 'z', '0', '1'], '*2\r\n$1\r\na\r\n$1\r\nb\r\n');
    await expectRaw(c, ['ZUNION', '1', 'z', 'WITHSCORES'], '*3\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n*2\r\n$1\r\nc\r\n,3\r\n');
    await expectRaw(c, ['ZRANDMEMBER', 'z', '5', 'WITHSCORES'], '*3\r\n*2\r\n$1\r\nc\r\n,3\r\n*2\r\n$1\r\nb\r\n,2.5\r\n*2\r\n$1\r\na\r\n,1\r\n');
    await expectRaw(c, ['ZSCAN', 'z', '0'], '*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$3\r\n2.5\r\n$1\r\nc\r\n$1\r\n3\r\n');
    await expectRaw(c, ['ZPOPMIN', 'z'], '*2\r\n$1\r\na\r\n,1\r\n');
    await expectRaw(c, ['ZPOPMIN', 'z', '1'], '*1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n');
    await expectRaw(c, ['ZADD', 'z', '1', 'a', '2', 'b'], ':2\r\n');
    await expectRaw(c, ['ZMPOP', '1', 'z', 'MIN'], '*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\na\r\n,1\r\n');
    await expectRaw(c, ['BZPOPMIN', 'z', '0'], '*3\r\n$1\r\nz\r\n$1\r\nb\r\n,2\r\n');
    await expectRaw(c, ['ZMPOP', '1', 'nokey', 'MIN'], '_\r\n');
    await expectRaw(c, ['ZADD', 'z', 'XX', 'INCR', '1', 'nope'], '_\r\n');
    await expectRaw(c, ['ZRANK', 'z', 'nope'], '_\r\n');
  });

  it('RESP2: scores are bulk strings, WITHSCORES is flat, ZMPOP nests', async () => {
    await zsetOf('z', 1, 'a', 0.1, 'b');
    const c = await rawClient();
    await expectRaw(c, ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'], '*4\r\n$1\r\nb\r\n$19\r\n0.10000000000000001\r\n$1\r\na\r\n$1\r\n1\r\n');
    await expectRaw(c, ['ZMPOP', '1', 'z', 'MAX'], '*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n');
    await expectRaw(c, ['ZMPOP', '1', 'nokey', 'MAX'], '*-1\r\n');
    await expectRaw(c, ['ZSCORE', 'z', 'x'], '$-1\r\n');
    await expectRaw(c, ['ZMSCORE', 'nokey', 'x'], '*1\r\n$-1\r\n');
  });

  it('node-redis decodes RESP3 WITHSCORES pairs and double scores', async () => {
    await zsetOf('z', 1, 'a', 2.5, 'b');
    const c = createClient({ url: srv.url, RESP: 3 });
    await c.connect();
    try {
      expect(await c.sendCommand(['ZRANGE', 'z', '0', '-1', 'WITHSCORES'])).toEqual([['a', 1], ['b', 2.5]]);
      expect(await c.sendCommand(['ZSCORE', 'z', 'b'])).toBe(2.5);
    } finally {
      await c.quit();
    }
  });
});

describe('binary members', () => {
  it('NUL, CR LF and invalid UTF-8 round-trip through every path, ordered as bytes', async () => {
    const weird = [Buffer.from([0x00]), Buffer.from('a\r\nb'), Buffer.from([0xff, 0xfe]), Buffer.from([0xc3, 0x28]), Buffer.from('')];
    for (const limit of ['128', '0']) {
      await r.config('SET', 'zset-max-listpack-entries', limit);
      await r.del('bin');
      await call('ZADD', 'bin', ...weird.flatMap((m) => [0, m]));
      const sorted = weird.slice().sort(Buffer.compare);
      expect(await r.callBuffer('ZRANGE', 'bin', 0, -1)).toEqual(sorted);
      expect(await r.callBuffer('ZRANGEBYLEX', 'bin', Buffer.concat([Buffer.from('['), Buffer.from([0xc3])]), '+')).toEqual([
        Buffer.from([0xc3, 0x28]), Buffer.from([0xff, 0xfe]),
      ]);
      expect(await call('ZSCORE', 'bin', Buffer.from([0xff, 0xfe]))).toBe('0');
      expect(await call('ZRANK', 'bin', Buffer.from('a\r\nb'))).toBe(2);
      const [, items] = (await r.callBuffer('ZSCAN', 'bin', 0, 'COUNT', 100)) as [Buffer, Buffer[]];
      expect(items.filter((_, i) => i % 2 === 0).sort(Buffer.compare)).toEqual(sorted);
      expect(await call('ZREM', 'bin', Buffer.from([0x00]))).toBe(1);
      expect(await r.callBuffer('ZPOPMAX', 'bin')).toEqual([Buffer.from([0xff, 0xfe]), Buffer.from('0')]);
    }
  });
});

describe('keyspace effects', () => {
  it('a write invalidates WATCH; a no-op ZADD does not', async () => {
    await zsetOf('z', 1, 'a');
    const w = client();
    await w.watch('z');
    await call('ZADD', 'z', 'NX', 5, 'a');
    expect(await w.multi().ping().exec()).toEqual([[null, 'PONG']]);
    await w.watch('z');
    await call('ZINCRBY', 'z', 1, 'a');
    expect(await w.multi().ping().exec()).toBeNull();
  });

  it('keyspace events: the command event, then "del" when the key empties (Redis 7.0 order)', async () => {
    const sub = client();
    const events: string[] = [];
    sub.on('pmessage', (_pattern: string, channel: string, key: string) => events.push(`${channel.split(':')[1]}:${key}`));
    await r.config('SET', 'notify-keyspace-events', 'KEA');
    try {
      await sub.psubscribe('__keyevent@0__:*');
      await call('ZADD', 'z', 1, 'a', 2, 'b');
      await call('ZADD', 'z', 'NX', 1, 'a');
      await call('ZINCRBY', 'z', 1, 'a');
      await call('ZPOPMIN', 'z');
      await call('ZREM', 'z', 'b');
      await call('ZADD', 'z', 1, 'a');
      await call('ZRANGESTORE', 'd', 'z', 0, -1);
      await call('ZUNIONSTORE', 'd', 1, 'nokey');
      await call('ZUNIONSTORE', 'd', 1, 'nokey');
      await call('ZREMRANGEBYSCORE', 'z', '-inf', '+inf');
      await call('ZADD', 'fence', 1, 'x');
      await waitUntil(() => events.includes('zadd:fence'));
      expect(events).toEqual([
        'zadd:z', 'zincr:z', 'zpopmin:z', 'zrem:z', 'del:z', 'zadd:z', 'zrangestore:d', 'del:d',
        'zremrangebyscore:z', 'del:z', 'zadd:fence',
      ]);
    } finally {
      await r.config('SET', 'notify-keyspace-events', '');
    }
  });

  it('COPY duplicates deeply; TYPE says zset', async () => {
    await zsetOf('z', 1, 'a', 2, 'b');
    expect(await r.type('z')).toBe('zset');
    if (srv.server.commands.has('copy')) {
      await r.call('COPY', 'z', 'z2');
      await call('ZADD', 'z2', 3, 'c');
      expect(await call('ZCARD', 'z')).toBe(2);
      expect(await call('ZCARD', 'z2')).toBe(3);
    }
  });
});
