// Generators for the sorted-set family (t_zset.c): ZADD's flag combinations, score and lex ranges with
// their exclusive/infinite forms, the unified ZRANGE, pops, set algebra with WEIGHTS/AGGREGATE.

import * as fc from 'fast-check';
import { b, blockTimeout, cmd, float, gen, index, int, key, keys, kw, member, members, opt, options, pair, type CommandGen } from '../harness/args.js';
import { scanTemplate } from './keys.js';
import { randomPick } from './hashes-sets.js';

const score = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: -3, max: 5 }).map((n) => b(String(n))) }, { weight: 2, arbitrary: float });
const scoreMembers = (min: number, max: number): fc.Arbitrary<Buffer[]> =>
  fc.array(pair(score, member), { minLength: min, maxLength: max }).map((ps) => ps.flat() as Buffer[]);

/** Score bounds: inclusive, exclusive "(x", infinities, and malformed ones. */
const scoreBound = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -3, max: 5 }).map((n) => b(String(n))) },
  { weight: 2, arbitrary: fc.constantFrom('-inf', '+inf', 'inf', '(1', '(-1', '(0', '(inf', '(-inf', '1.5', '(2.5', 'nan', 'abc', '(', '', '((1', '[1').map(b) },
);
/** Lex bounds: "[x", "(x", "-", "+", and ones without the bracket (an error). */
const lexBound = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('-', '+', '[a', '(a', '[b', '(c', '[', '(', '[1', '(10').map(b) },
  { weight: 1, arbitrary: fc.constantFrom('a', '', '+a', '-a', '[\x00', '(\xff').map(b) },
);
const limitArgs = fc.tuple(kw('LIMIT'), index, index).map((l) => [...l]);

/**
 * Lex ranges are defined only when every member has the same score ("unspecified" otherwise, says Redis's
 * documentation, and the answer then depends on Redis's scan order). So lex commands use their own key,
 * which only gets score-0 members (and now and then becomes a string, for WRONGTYPE).
 */
const LEX_KEY = b('lex');
const lexKey = fc.constant(LEX_KEY);

/** ZRANGE's unified form (index and score ranges; BYLEX is in zrangeByLex): the range kind decides what start/stop mean. */
const zrangeArgs = fc.oneof(
  fc.tuple(index, index, options(0, 3, kw('REV'), kw('WITHSCORES'), limitArgs)).map(([s, e, o]) => [s, e, ...o]),
  fc.tuple(scoreBound, scoreBound, options(1, 4, kw('BYSCORE'), kw('REV'), kw('WITHSCORES'), limitArgs)).map(([s, e, o]) => [s, e, ...o]),
);
const zrangeByLex = fc.tuple(lexBound, lexBound, options(1, 4, kw('BYLEX'), kw('REV'), kw('WITHSCORES'), limitArgs)).map(([s, e, o]) => [s, e, ...o]);
const lexMembers = fc.array(pair(fc.constant(b('0')), member), { minLength: 1, maxLength: 4 }).map((ps) => ps.flat() as Buffer[]);

const numkeysAndKeys = fc.oneof(
  { weight: 4, arbitrary: keys(1, 3).map((ks) => [b(String(ks.length)), ...ks]) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('0', '-1', '5', 'abc').map(b), keys(1, 2)).map(([n, ks]) => [n, ...ks]) },
);
/** WEIGHTS (right count or not), AGGREGATE, WITHSCORES, in any order. */
const algebraOptions = (withScores: boolean): fc.Arbitrary<Buffer[]> =>
  options(
    0,
    3,
    fc.tuple(kw('WEIGHTS'), fc.array(fc.oneof(float, int), { minLength: 1, maxLength: 3 })).map(([w, ws]) => [w, ...ws]),
    pair(kw('AGGREGATE'), fc.oneof(kw('SUM'), kw('MIN'), kw('MAX'), kw('AVG'))),
    ...(withScores ? [kw('WITHSCORES')] : []),
  ) as fc.Arbitrary<Buffer[]>;

const zaddFlags = options(0, 3, kw('NX'), kw('XX'), kw('GT'), kw('LT'), kw('CH'), kw('INCR'));

export function zsetGens(): CommandGen[] {
  return [
    gen('zadd', 8, cmd('ZADD', key, zaddFlags, scoreMembers(1, 4))),
    gen('zincrby', 3, cmd('ZINCRBY', key, score, member)),
    gen('zrem', 3, cmd('ZREM', key, members(1, 3))),
    gen('zcard', 2, cmd('ZCARD', key)),
    gen('zscore', 2, cmd('ZSCORE', key, member)),
    gen('zmscore', 2, cmd('ZMSCORE', key, members(1, 3))),
    gen('zrank', 2, cmd('ZRANK', key, member)),
    gen('zrevrank', 1, cmd('ZREVRANK', key, member)),
    gen('zcount', 2, cmd('ZCOUNT', key, scoreBound, scoreBound)),
    gen('zadd', 3, cmd('ZADD', lexKey, options(0, 2, kw('NX'), kw('XX'), kw('CH')), lexMembers)),
    gen('zrem', 1, cmd('ZREM', lexKey, members(1, 2))),
    gen('set', 1, cmd('SET', lexKey, b('not-a-zset'))),
    gen('del', 1, cmd('DEL', lexKey)),
    gen('zlexcount', 2, cmd('ZLEXCOUNT', lexKey, lexBound, lexBound)),
    gen('zrange', 6, cmd('ZRANGE', key, zrangeArgs)),
    gen('zrange', 2, cmd('ZRANGE', lexKey, zrangeByLex)),
    gen('zrangebyscore', 3, cmd('ZRANGEBYSCORE', key, scoreBound, scoreBound, options(0, 2, kw('WITHSCORES'), limitArgs))),
    gen('zrevrangebyscore', 2, cmd('ZREVRANGEBYSCORE', key, scoreBound, scoreBound, options(0, 2, kw('WITHSCORES'), limitArgs))),
    gen('zrangebylex', 2, cmd('ZRANGEBYLEX', lexKey, lexBound, lexBound, opt(limitArgs))),
    gen('zrevrangebylex', 1, cmd('ZREVRANGEBYLEX', lexKey, lexBound, lexBound, opt(limitArgs))),
    gen('zrevrange', 2, cmd('ZREVRANGE', key, index, index, opt(kw('WITHSCORES')))),
    gen('zrangestore', 2, cmd('ZRANGESTORE', key, key, zrangeArgs)),
    gen('zrangestore', 1, cmd('ZRANGESTORE', key, lexKey, zrangeByLex)),
    gen('zremrangebyrank', 2, cmd('ZREMRANGEBYRANK', key, index, index)),
    gen('zremrangebyscore', 2, cmd('ZREMRANGEBYSCORE', key, scoreBound, scoreBound)),
    gen('zremrangebylex', 1, cmd('ZREMRANGEBYLEX', lexKey, lexBound, lexBound)),
    gen('zpopmin', 2, cmd('ZPOPMIN', key, opt(index))),
    gen('zpopmax', 2, cmd('ZPOPMAX', key, opt(index))),
    gen('bzpopmin', 1, cmd('BZPOPMIN', keys(1, 2), blockTimeout)),
    gen('bzpopmax', 1, cmd('BZPOPMAX', keys(1, 2), blockTimeout)),
    gen('zmpop', 2, cmd('ZMPOP', numkeysAndKeys, fc.oneof(kw('MIN'), kw('MAX'), kw('MID')), opt(pair(kw('COUNT'), index)))),
    gen('bzmpop', 1, cmd('BZMPOP', blockTimeout, numkeysAndKeys, fc.oneof(kw('MIN'), kw('MAX')), opt(pair(kw('COUNT'), index)))),
    gen('zrandmember', 2, randomPick('ZRANDMEMBER', (k) => [b('ZRANGE'), k, b('0'), b('-1'), b('WITHSCORES')], 'WITHSCORES')),
    gen('zunion', 2, cmd('ZUNION', numkeysAndKeys, algebraOptions(true))),
    gen('zinter', 2, cmd('ZINTER', numkeysAndKeys, algebraOptions(true))),
    gen('zdiff', 2, cmd('ZDIFF', numkeysAndKeys, opt(kw('WITHSCORES')))),
    gen('zunionstore', 2, cmd('ZUNIONSTORE', key, numkeysAndKeys, algebraOptions(false))),
    gen('zinterstore', 2, cmd('ZINTERSTORE', key, numkeysAndKeys, algebraOptions(false))),
    gen('zdiffstore', 1, cmd('ZDIFFSTORE', key, numkeysAndKeys)),
    gen('zintercard', 1, cmd('ZINTERCARD', numkeysAndKeys, opt(pair(kw('LIMIT'), int)))),
    gen('zscan', 2, scanTemplate('ZSCAN', true, true)),
    gen('object', 2, cmd('OBJECT', kw('ENCODING'), key)),
  ];
}
