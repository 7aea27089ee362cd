// Memory accounting never drifts: after any sequence of writes over every type and every
// keyspace-wide operation (FLUSHDB, SWAPDB, MOVE, RENAME, COPY, expiry, DUMP/RESTORE), the total the
// keyspace maintains incrementally equals a full recount (src/eviction/memory-model.ts).
// Commands run through their real handlers (an InternalClient), so the bookkeeping inside the
// datatype APIs and the keyspace is what is tested, not a model of it.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Config } from '../../../src/config/config.js';
import { Server } from '../../../src/server/server.js';
import { InternalClient } from '../../../src/testing/internal-client.js';
import { Clock, seededRng } from '../../../src/util/clock.js';
import { ReplyError } from '../../../src/errors.js';

const KEYS = ['a', 'b', 'c', 'd'];
/** Most commands name one of a few keys per type, so they meet values of their own type; some cross. */
const typedKey = (own: string): fc.Arbitrary<string> =>
  fc.oneof({ arbitrary: fc.constant(own), weight: 3 }, { arbitrary: fc.constantFrom(...KEYS), weight: 1 });
const key = fc.constantFrom(...KEYS);
const hkey = typedKey('h');
const skey = typedKey('s');
const zkey = typedKey('z');
const lkey = typedKey('l');
/** Small values, integers (intsets, int strings), and values past the listpack byte limit. */
const value = fc.oneof(
  { arbitrary: fc.constantFrom('1', '2', '42', '-7', 'x', 'hello', ''), weight: 4 },
  { arbitrary: fc.integer({ min: -40000, max: 40000 }).map(String), weight: 3 },
  { arbitrary: fc.string({ minLength: 0, maxLength: 8 }), weight: 3 },
  { arbitrary: fc.integer({ min: 65, max: 90 }).map((n) => String.fromCharCode(n).repeat(70)), weight: 1 },
);
const small = fc.integer({ min: -3, max: 3 }).map(String);
/** Members from a small alphabet (so removals hit), integers (intsets) and some too long for a listpack. */
const member = fc.oneof(
  { arbitrary: fc.constantFrom('m1', 'm2', 'm3', 'm4', 'm5', 'm6', '7', '8', '9', '10'), weight: 12 },
  { arbitrary: fc.constantFrom('L'.repeat(70), 'M'.repeat(90)), weight: 1 },
);

/** One command as argv (a few are two commands run back to back, like DUMP then RESTORE). */
const command: fc.Arbitrary<string[][]> = fc.oneof(
  fc.tuple(key, value).map(([k, v]) => [['SET', k, v]]),
  // MSET and SET over existing strings rewrite them in place (Database.setString), a key repeated too.
  fc.tuple(key, value, key, value).map(([a, v, b, w]) => [['MSET', a, v, b, w, a, w]]),
  fc.tuple(key, value).map(([k, v]) => [['SET', k, v, 'KEEPTTL']]),
  fc.tuple(key, value).map(([k, v]) => [['APPEND', k, v]]),
  fc.tuple(key, fc.integer({ min: 0, max: 80 }), value).map(([k, o, v]) => [['SETRANGE', k, String(o), v]]),
  fc.tuple(key, fc.integer({ min: 0, max: 700 }), fc.constantFrom('0', '1')).map(([k, o, b]) => [['SETBIT', k, String(o), b]]),
  fc.tuple(key, fc.constantFrom('u8', 'i16', 'u63'), fc.integer({ min: 0, max: 600 }), small).map(([k, t, o, v]) => [
    ['BITFIELD', k, 'INCRBY', t, String(o), v, 'OVERFLOW', 'FAIL', 'SET', 'u4', '0', '99'],
  ]),
  fc.tuple(fc.constantFrom('AND', 'OR', 'XOR'), key, key, key).map(([op, d, a, b]) => [['BITOP', op, d, a, b]]),
  key.map((k) => [['INCR', k]]),
  key.map((k) => [['INCRBYFLOAT', k, '1.5']]),
  key.map((k) => [['GETDEL', k]]),
  key.map((k) => [['DEL', k]]),
  fc.tuple(key, value).map(([k, v]) => [['SETEX', k, '100', v]]),
  key.map((k) => [['EXPIRE', k, '100']]),
  key.map((k) => [['PERSIST', k]]),
  key.map((k) => [['PEXPIRE', k, '1']]),
  fc.tuple(lkey, fc.array(fc.oneof(member, value), { minLength: 1, maxLength: 6 })).map(([k, vs]) => [['RPUSH', k, ...vs]]),
  fc.tuple(lkey, fc.array(value, { minLength: 1, maxLength: 6 })).map(([k, vs]) => [['LPUSH', k, ...vs]]),
  fc.tuple(lkey, fc.integer({ min: 1, max: 4 })).map(([k, n]) => [['LPOP', k, String(n)]]),
  key.map((k) => [['RPOP', k]]),
  fc.tuple(lkey, small, value).map(([k, i, v]) => [['LSET', k, i, v]]),
  fc.tuple(lkey, small, small).map(([k, s, e]) => [['LTRIM', k, s, e]]),
  fc.tuple(lkey, member, value).map(([k, p, v]) => [['LINSERT', k, 'BEFORE', p, v]]),
  fc.tuple(lkey, small, member).map(([k, n, v]) => [['LREM', k, n, v]]),
  fc.tuple(lkey, key).map(([s, d]) => [['LMOVE', s, d, 'LEFT', 'RIGHT']]),
  fc.tuple(hkey, fc.array(fc.tuple(member, value), { minLength: 1, maxLength: 4 })).map(([k, ps]) => [['HSET', k, ...ps.flat()]]),
  fc.tuple(hkey, member).map(([k, f]) => [['HDEL', k, f]]),
  fc.tuple(hkey, member).map(([k, f]) => [['HINCRBY', k, f, '3']]),
  fc.tuple(hkey, value, value).map(([k, f, v]) => [['HSETNX', k, f, v]]),
  fc.tuple(skey, fc.array(member, { minLength: 1, maxLength: 6 })).map(([k, ms]) => [['SADD', k, ...ms]]),
  fc.tuple(skey, member).map(([k, m]) => [['SREM', k, m]]),
  fc.tuple(skey, fc.integer({ min: 1, max: 3 })).map(([k, n]) => [['SPOP', k, String(n)]]),
  fc.tuple(skey, key, member).map(([s, d, m]) => [['SMOVE', s, d, m]]),
  fc.tuple(skey, key, key).map(([d, a, b]) => [['SUNIONSTORE', d, a, b]]),
  fc.tuple(skey, key, key).map(([d, a, b]) => [['SINTERSTORE', d, a, b]]),
  fc.tuple(zkey, fc.array(fc.tuple(small, member), { minLength: 1, maxLength: 4 })).map(([k, ps]) => [['ZADD', k, ...ps.flat()]]),
  fc.tuple(zkey, member).map(([k, m]) => [['ZREM', k, m]]),
  fc.tuple(zkey, member).map(([k, m]) => [['ZINCRBY', k, '2', m]]),
  fc.tuple(zkey, fc.integer({ min: 1, max: 3 })).map(([k, n]) => [['ZPOPMIN', k, String(n)]]),
  fc.tuple(zkey, small, small).map(([k, s, e]) => [['ZREMRANGEBYRANK', k, s, e]]),
  fc.tuple(zkey, key, key).map(([d, a, b]) => [['ZUNIONSTORE', d, '2', a, b]]),
  fc.tuple(key, key).map(([s, d]) => [['RENAME', s, d]]),
  fc.tuple(key, key).map(([s, d]) => [['COPY', s, d, 'REPLACE']]),
  key.map((k) => [['MOVE', k, '1']]),
  fc.tuple(key, key).map(([s, d]) => [['DUMP', s], ['RESTORE', d, '0', '$dump', 'REPLACE']]),
  fc.constant<string[][]>([['SWAPDB', '0', '1']]),
  fc.constant<string[][]>([['SELECT', '1'], ['SET', 'a', 'in-db-1'], ['SELECT', '0']]),
  fc.constant<string[][]>([['FLUSHDB']]),
  fc.constant<string[][]>([['ADVANCE']]),
);

function newServer(seed: number): { server: Server; client: InternalClient; clock: Clock } {
  const config = Config.fromObject({
    port: 0,
    save: '',
    // Low thresholds, so conversions between encodings happen often.
    'hash-max-listpack-entries': 4,
    'set-max-intset-entries': 4,
    'zset-max-listpack-entries': 4,
    'list-max-listpack-size': 4,
  });
  const clock = new Clock();
  clock.freeze();
  clock.set(1_700_000_000_000);
  const server = new Server(config, { clock, rng: seededRng(seed), logSink: () => {} });
  return { server, client: new InternalClient(server), clock };
}

describe('memory accounting', () => {
  it('the incremental total equals a full recount after random operations over every type', () => {
    const { server, client, clock } = newServer(7);
    const keyspace = server.keyspace;
    fc.assert(
      fc.property(fc.array(command, { minLength: 30, maxLength: 80 }), (sequence) => {
        client.run('FLUSHALL');
        expect(keyspace.usedBytes).toBe(keyspace.recount());
        let dump: Buffer | undefined;
        for (const steps of sequence) {
          for (const argv of steps) {
            if (argv[0] === 'ADVANCE') {
              clock.advance(5); // PEXPIRE 1 keys expire (and are deleted) at once
              continue;
            }
            const args: Array<string | Buffer> = argv.map((a) => (a === '$dump' && dump !== undefined ? dump : a));
            if (args.includes('$dump')) continue;
            try {
              const reply = client.run(...args);
              if (argv[0] === 'DUMP') dump = Buffer.isBuffer(reply) ? reply : undefined;
            } catch (err) {
              if (!(err instanceof ReplyError)) throw err;
            }
            const used = keyspace.usedBytes;
            const recount = keyspace.recount();
            if (used !== recount) throw new Error(`drift after ${argv.join(' ')}: ${used} != ${recount}`);
          }
        }
      }),
      { seed: 20261126, numRuns: 200 },
    );
  });

  it('deleting a big key refunds exactly what it was charged, without walking it', () => {
    const { server, client } = newServer(1);
    const keyspace = server.keyspace;
    const empty = keyspace.usedBytes;
    const members = Array.from({ length: 20000 }, (_, i) => `member:${i}`);
    client.run('SADD', 'big', ...members);
    expect(keyspace.usedBytes).toBe(keyspace.recount());
    expect(keyspace.usedBytes - empty).toBeGreaterThan(20000 * 40);
    client.run('DEL', 'big');
    expect(keyspace.usedBytes).toBe(empty);
  });
});
