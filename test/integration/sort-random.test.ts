// SORT on seeded random lists, sets and sorted sets, compared with a real redis-server 7.0 reply for reply (ties,
// weights, hash fields, every option), and the partial sort (pqsort) behind SORT ... LIMIT.

import { describe, expect, it } from 'vitest';
import { partialSort } from '../../src/datatypes/geo/partial-sort.js';
import { rawReply } from '../helpers/server.js';
import { haveRedisServer, useRealRedis, useTsredis } from '../helpers/side-by-side.js';

const ours = useTsredis();

/** Arguments are written byte for byte (latin1), so '\xff' is one byte. */
const latin1 = (arg: string): Buffer => Buffer.from(arg, 'latin1');

describe('partial sort (pqsort)', () => {
  it('puts positions lo..hi where a full sort would, for any range, size and data with or without ties', () => {
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor(seed / 65536) % n;
    };
    const byValue = (a: number, b: number): number => a - b;
    for (let round = 0; round < 400; round++) {
      const n = 1 + rnd(round < 200 ? 12 : 500);
      const values = Array.from({ length: n }, () => rnd(round % 2 === 0 ? 5 : 1_000_000));
      const lo = rnd(n);
      const hi = Math.min(n - 1, lo + rnd(n));
      const sorted = [...values].sort(byValue);
      const partial = [...values];
      partialSort(partial, byValue, lo, hi);
      expect(partial.slice(lo, hi + 1), `n=${n} lo=${lo} hi=${hi}`).toEqual(sorted.slice(lo, hi + 1));
      expect([...partial].sort(byValue)).toEqual(sorted);
    }
  });
});

describe.skipIf(!haveRedisServer())('SORT against a real redis-server 7.0', () => {
  const real = useRealRedis();

  it('equal weights come out in the same order (lists of up to 300 elements, many ties)', { timeout: 20_000 }, async () => {
    let seed = 12345;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor(seed / 65536) % n;
    };
    for (let round = 0; round < 60; round++) {
      const n = 1 + rnd(round < 20 ? 20 : 300);
      const elements = Array.from({ length: n }, (_, i) => `e${i}_${rnd(5)}`);
      const setup: string[][] = [['FLUSHALL'], ['RPUSH', 'tl', ...elements]];
      for (const e of elements) if (rnd(3) > 0) setup.push(['SET', `tw_${e}`, String(rnd(4))]);
      for (const argv of setup) {
        await rawReply(real.raw, ...argv);
        await rawReply(ours.raw, ...argv);
      }
      for (let q = 0; q < 5; q++) {
        const argv = [
          'SORT', 'tl', 'BY', 'tw_*', 'LIMIT', String(rnd(n + 2) - 1), String(rnd(n + 2) - 1),
          ...(rnd(2) === 1 ? ['ALPHA'] : []), ...(rnd(2) === 1 ? ['DESC'] : []),
        ];
        expect(await rawReply(ours.raw, ...argv), argv.join(' ')).toBe(await rawReply(real.raw, ...argv));
      }
    }
  });

  it('random lists, sets and sorted sets, with weights, hash fields and every option, reply alike', { timeout: 30_000 }, async () => {
    let seed = 99;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor(seed / 65536) % n;
    };
    const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)] as T;
    const ELEMENTS = ['1', '2', '3', '10', '-1', '0', '2.5', 'a', 'b', 'B', '', ' 7', '0x10', 'inf', '1e2', 'x\x00y', '\xff'];
    const WEIGHTS = ['1', '5', '-3', '2.5', '', 'abc', 'inf', ' 4', '0x1f', 'x\x00', 'b', 'A'];
    /** Sort a reply's lines when its order is a hash table's in Redis (see docs/differences.md). */
    const lines = (reply: string): string => reply.split('\r\n').sort().join('|');
    for (let round = 0; round < 40; round++) {
      const type = pick(['list', 'list', 'set', 'zset']);
      const numeric = rnd(2) === 0;
      const pool = numeric ? ELEMENTS.filter((e) => /^-?\d+$/.test(e)) : ELEMENTS;
      // Never a literal strtod finds out of range ('1e2' + '199'): Redis would keep errno at ERANGE and fail every
      // numeric SORT after it on this connection (docs/differences.md, SORT).
      const members = Array.from({ length: 1 + rnd(type === 'zset' && rnd(2) === 0 ? 200 : 12) }, (_, i) => (rnd(3) === 0 ? `${pick(pool)}${numeric ? '' : '_'}${i}` : pick(pool)));
      const setup: string[][] = [['FLUSHALL']];
      if (type === 'list') setup.push(['RPUSH', 'rk', ...members]);
      else if (type === 'set') setup.push(['SADD', 'rk', ...members]);
      else setup.push(['ZADD', 'rk', ...members.flatMap((m) => [String(rnd(5)), m])]);
      for (const m of new Set(members)) {
        if (rnd(3) > 0) setup.push(['SET', `rw_${m}`, numeric ? String(rnd(50) - 10) : pick(WEIGHTS)]);
        if (rnd(3) > 0) setup.push(['HSET', `rh_${m}`, 'f', numeric ? String(rnd(7)) : pick(WEIGHTS)]);
      }
      for (const argv of setup) {
        await rawReply(real.raw, ...argv.map(latin1));
        await rawReply(ours.raw, ...argv.map(latin1));
      }
      for (let q = 0; q < 10; q++) {
        const by = pick([undefined, undefined, 'nosort', 'rw_*', 'rh_*->f', 'rh_*->g']);
        const alpha = rnd(2) === 0;
        const store = rnd(3) === 0;
        const limit = rnd(2) === 0 ? [String(rnd(members.length + 3) - 2), String(rnd(members.length + 3) - 2)] : undefined;
        const gets = Array.from({ length: rnd(3) }, () => pick(['#', 'rw_*', 'rh_*->f', 'none_*']));
        const argv = [
          'SORT', 'rk', ...(by !== undefined ? ['BY', by] : []), ...(limit !== undefined ? ['LIMIT', ...limit] : []),
          ...gets.flatMap((g) => ['GET', g]), ...(rnd(2) === 0 ? ['DESC'] : []), ...(alpha ? ['ALPHA'] : []),
          ...(store ? ['STORE', 'rd'] : []),
        ];
        // A destination left by an earlier query compared unordered (or not at all) must not leak into this one.
        await rawReply(real.raw, 'DEL', 'rd');
        await rawReply(ours.raw, 'DEL', 'rd');
        let a = await rawReply(real.raw, ...argv.map(latin1));
        let b = await rawReply(ours.raw, ...argv.map(latin1));
        if (store) {
          a += await rawReply(real.raw, 'LRANGE', 'rd', '0', '-1');
          b += await rawReply(ours.raw, 'LRANGE', 'rd', '0', '-1');
        }
        // Orders Redis takes from a hash table: an unsorted set, or ALPHA ties in a set or sorted set.
        const hashOrder = type !== 'list' && ((by === 'nosort' && type === 'set' && !store) || (alpha && (by !== undefined || !store)));
        if (hashOrder && limit === undefined) expect(lines(b), argv.join(' ')).toBe(lines(a));
        else if (!hashOrder) expect(b, argv.join(' ')).toBe(a);
      }
    }
  });
});
