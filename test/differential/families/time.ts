// The time family: expiry as time passes, with both servers on one frozen clock (harness/shared-clock.ts).
// TTLs are short (0..5 s) and absolute times sit a few seconds around the sequence's start, and "tick"
// steps move both clocks by the same amount (0, 1, 999, 1000, 1001 ms, a few seconds) between commands,
// so keys expire mid-sequence. Active expiry is off on both servers: a key whose time has passed is still
// there (DBSIZE counts it) until a command touches it, which is exactly what this family compares.
// TTL, PTTL, EXPIRETIME and PEXPIRETIME compare byte for byte: no tolerance, since no time passes unseen.

import * as fc from 'fast-check';
import { b, cmd, gen, kw, opt, options, pair, value, withCompare, type CommandGen } from '../harness/args.js';
import { resolveSequence, type RawCmd, type Sequence, type Template } from '../harness/command.js';
import { dropExcluded } from './index.js';

/** 2030-01-01T00:00:00Z: every sequence starts within a second of it (the sub-second part varies). */
export const TIME_BASE_MS = 1_893_456_000_000;
const BASE_S = TIME_BASE_MS / 1000;

/** Three keys, so that expiry, overwrites and renames keep meeting each other. */
const key = fc.constantFrom('k1', 'k2', 'k3').map(b);
const db = fc.constantFrom('0', '1').map(b);

/** Relative TTLs in seconds and ms: 0..5 s, the boundaries around a second, and a few invalid ones. */
/**
 * With the clock frozen, even the overflow checks (the TTL added to "now" past 2^63 ms, seconds whose ms
 * overflow) are deterministic, so the edge values are generated here too: each one just past a limit, so
 * rejected; and accepted ones that land beyond 2^53 ms, where a double no longer holds every integer.
 * "Now" is at least TIME_BASE_MS, so 9223370143398775808 ms and 9223370143398776 s always overflow.
 */
const TTL_EDGES = ['0', '-1', '9223372036854775807', '-9223372036854775808'] as const;
const ttlS = fc.oneof({ weight: 8, arbitrary: fc.constantFrom('1', '1', '2', '3', '5').map(b) }, { weight: 1, arbitrary: fc.constantFrom(...TTL_EDGES, '9223372036854775', '9223372036854776', '9223370143398776', '9007199254740993', '4611686018427387').map(b) });
const ttlMs = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('1', '499', '500', '501', '999', '1000', '1001', '1500', '2000', '4999', '5000').map(b) },
  { weight: 1, arbitrary: fc.constantFrom(...TTL_EDGES, '9223370143398775808', '9007199254740993', '4611686018427387903').map(b) },
);
/** Absolute times a little before or after the start (whole seconds, and ms around them). */
const atS = fc.integer({ min: -2, max: 6 }).map((n) => b(String(BASE_S + n)));
const atMs = fc.constantFrom(-1000, -1, 0, 1, 500, 999, 1000, 1001, 1500, 2500, 5000).map((n) => b(String(TIME_BASE_MS + n)));

const expiryOption = fc.oneof(pair(kw('EX'), ttlS), pair(kw('PX'), ttlMs), pair(kw('EXAT'), atS), pair(kw('PXAT'), atMs));
const expireFlag = opt(fc.oneof(kw('NX'), kw('XX'), kw('GT'), kw('LT')));

/** DUMP payloads read off redis-server 7.0.15: the string "hello", and the list [a, b] (a quicklist of one listpack). */
const DUMPS = ['\x00\x05hello\n\x00cr\xdfve4 \n', '\x12\x01\x02\r\r\x00\x00\x00\x02\x00a\x02b\x02\xff\n\x00h\xeb\n\x13A\xbb\xb1'] as const;
/** How far a tick moves both clocks, in ms. */
const TICKS_MS = [0, 1, 499, 500, 999, 1000, 1001, 2000, 3000, 5000] as const;
const tick: fc.Arbitrary<Template> = fc.constantFrom(...TICKS_MS).map((ms): Template => ({ argv: [], compare: { kind: 'exact' }, tick: ms }));

/** The commands of the time family (gen drops the ones tsredis lacks; `tick` is never dropped). */
export function timeGens(): CommandGen[] {
  return [
    // TTLs set and changed.
    gen('set', 6, cmd('SET', key, value, opt(expiryOption), opt(fc.oneof(kw('NX'), kw('XX'))), opt(kw('GET')))),
    gen('set', 2, cmd('SET', key, value, kw('KEEPTTL'), opt(kw('XX')))),
    gen('set', 2, cmd('SET', key, value, kw('NX'))),
    gen('setex', 1, cmd('SETEX', key, ttlS, value)),
    gen('psetex', 1, cmd('PSETEX', key, ttlMs, value)),
    gen('getex', 3, cmd('GETEX', key, opt(fc.oneof(expiryOption, kw('PERSIST'))))),
    gen('expire', 4, cmd('EXPIRE', key, ttlS, expireFlag)),
    gen('pexpire', 3, cmd('PEXPIRE', key, ttlMs, expireFlag)),
    gen('expireat', 2, cmd('EXPIREAT', key, atS, expireFlag)),
    gen('pexpireat', 2, cmd('PEXPIREAT', key, atMs, expireFlag)),
    gen('persist', 2, cmd('PERSIST', key)),
    // Reads, each of which may find the key expired.
    gen('get', 3, cmd('GET', key)),
    gen('exists', 2, cmd('EXISTS', key, opt(key))),
    gen('ttl', 4, cmd('TTL', key)),
    gen('pttl', 4, cmd('PTTL', key)),
    gen('expiretime', 2, cmd('EXPIRETIME', key)),
    gen('pexpiretime', 2, cmd('PEXPIRETIME', key)),
    gen('type', 2, cmd('TYPE', key)),
    gen('dbsize', 3, cmd('DBSIZE')),
    gen('keys', 2, withCompare(cmd('KEYS', fc.constantFrom('*', 'k*', 'k1').map(b)), { kind: 'unordered' })),
    gen('scan', 1, withCompare(cmd('SCAN', b('0'), options(0, 2, pair(kw('MATCH'), fc.constantFrom('*', 'k1', 'k[12]').map(b)), pair(kw('TYPE'), fc.constantFrom('string', 'list').map(b)))), { kind: 'scan', cursorIndex: 1, pairs: false }, true)),
    gen('randomkey', 1, withCompare(cmd('RANDOMKEY'), { kind: 'random', universe: [b('KEYS'), b('*')], distinct: false, pairs: false }, true)),
    gen('object', 2, cmd('OBJECT', kw('ENCODING'), key)),
    gen('strlen', 1, cmd('STRLEN', key)),
    gen('getrange', 1, cmd('GETRANGE', key, b('0'), b('-1'))),
    gen('llen', 1, cmd('LLEN', key)),
    gen('lrange', 1, cmd('LRANGE', key, b('0'), b('-1'))),
    gen('hget', 1, cmd('HGET', key, b('f'))),
    gen('hlen', 1, cmd('HLEN', key)),
    gen('scard', 1, cmd('SCARD', key)),
    gen('zcard', 1, cmd('ZCARD', key)),
    gen('zscore', 1, cmd('ZSCORE', key, b('a'))),
    gen('touch', 1, cmd('TOUCH', key, opt(key))),
    // avg_ttl is left out: Redis estimates it in the active expiry cycle (off here), tsredis computes it
    // at INFO time (docs/differences.md). keys= and expires= count expired keys not yet deleted.
    { name: 'info', weight: 1, arb: withCompare(cmd('INFO', kw('keyspace')), { kind: 'masked', mask: /avg_ttl=\d+/g }) },
    gen('eval', 1, cmd('EVAL', fc.constantFrom("return redis.call('PTTL', KEYS[1])", "return redis.call('EXISTS', KEYS[1])", "return redis.call('GET', KEYS[1])", "redis.call('PEXPIRE', KEYS[1], 1) return redis.call('PTTL', KEYS[1])").map(b), b('1'), key)),
    // Writes over keys that may have expired.
    gen('incr', 2, cmd('INCR', key)),
    gen('append', 2, cmd('APPEND', key, value)),
    gen('lpush', 2, cmd('LPUSH', key, value)),
    gen('hset', 1, cmd('HSET', key, fc.constantFrom('f', 'g').map(b), value)),
    gen('sadd', 1, cmd('SADD', key, fc.constantFrom('a', 'b', '1').map(b))),
    gen('zadd', 1, cmd('ZADD', key, fc.constantFrom('1', '2').map(b), fc.constantFrom('a', 'b').map(b))),
    gen('del', 1, cmd('DEL', key)),
    gen('unlink', 1, cmd('UNLINK', key)),
    gen('getdel', 1, cmd('GETDEL', key)),
    gen('getset', 1, cmd('GETSET', key, value)),
    gen('setrange', 1, cmd('SETRANGE', key, fc.constantFrom('0', '2').map(b), value)),
    gen('incrbyfloat', 1, cmd('INCRBYFLOAT', key, b('1.5'))),
    gen('setnx', 1, cmd('SETNX', key, value)),
    gen('msetnx', 1, cmd('MSETNX', key, value, key, value)),
    gen('rpoplpush', 1, cmd('RPOPLPUSH', key, key)),
    gen('lmove', 1, cmd('LMOVE', key, key, kw('LEFT'), kw('RIGHT'))),
    gen('hincrby', 1, cmd('HINCRBY', key, b('f'), b('2'))),
    gen('smove', 1, cmd('SMOVE', key, key, b('a'))),
    gen('sinterstore', 1, cmd('SINTERSTORE', key, key, opt(key))),
    gen('sunionstore', 1, cmd('SUNIONSTORE', key, key, opt(key))),
    gen('zunionstore', 1, cmd('ZUNIONSTORE', key, b('2'), key, key)),
    gen('swapdb', 1, cmd('SWAPDB', b('0'), b('1'))),
    // RESTORE's TTL: relative ms, or absolute with ABSTTL, huge ones included (beyond 2^53 ms).
    gen('restore', 2, cmd('RESTORE', key, fc.oneof(fc.constantFrom('0', '-1', '1', '999', '1000', '1001', '5000', '9007199254740993', '9223370143398775807').map(b), atMs), fc.constantFrom(...DUMPS).map(b), opt(kw('REPLACE')), opt(kw('ABSTTL')))),
    gen('rename', 2, cmd('RENAME', key, key)),
    gen('renamenx', 1, cmd('RENAMENX', key, key)),
    gen('copy', 2, cmd('COPY', key, key, opt(pair(kw('DB'), db)), opt(kw('REPLACE')))),
    gen('move', 2, cmd('MOVE', key, db)),
    gen('select', 1, cmd('SELECT', db)),
    // Transactions: a tick inside MULTI moves the clocks before EXEC runs the queue.
    gen('multi', 3, cmd('MULTI')),
    gen('exec', 3, cmd('EXEC')),
    gen('discard', 1, cmd('DISCARD')),
    gen('watch', 2, cmd('WATCH', key, opt(key))),
  ];
}

/**
 * Mostly one client; now and then a second one, so that a key WATCHed by the first is read (and so
 * lazily deleted) or rewritten by another client before the first one's EXEC (multi.c's 7.0 rules on
 * expired watched keys).
 */
const client: fc.Arbitrary<0 | 1> = fc.oneof({ weight: 6, arbitrary: fc.constant(0 as const) }, { weight: 1, arbitrary: fc.constant(1 as const) });

/** Ticks are a quarter or so of the steps. */
const TICK_WEIGHT = 12;

/**
 * Sequences for the time family: mostly one client, the start time BASE plus 0..999 ms (TTL rounds seconds half
 * up, so the sub-second part matters), and tick steps mixed in with the commands.
 */
export function timeSequenceArb(gens: readonly CommandGen[], maxLength: number): fc.Arbitrary<Sequence> {
  if (gens.length === 0) throw new Error('no generators: the server implements none of the time family');
  const template: fc.Arbitrary<Template> = fc.oneof({ weight: TICK_WEIGHT, arbitrary: tick }, ...gens.map((g) => ({ weight: g.weight, arbitrary: g.arb })));
  return fc
    .record({
      protocol: fc.constantFrom<2 | 3>(2, 3),
      tinyEncodings: fc.boolean(),
      startOffsetMs: fc.oneof(fc.constantFrom(0, 1, 499, 500, 501, 999), fc.integer({ min: 0, max: 999 })),
      commands: fc.array(fc.record({ template, client }), { maxLength, size: 'max' }),
    })
    .map(({ protocol, tinyEncodings, startOffsetMs, commands }) => {
      const raw: RawCmd[] = commands.map(({ template: t, client: c }) => ({ template: t, client: t.tick === undefined ? c : 0 }));
      return resolveSequence(protocol, tinyEncodings, dropExcluded(raw), TIME_BASE_MS + startOffsetMs);
    });
}
