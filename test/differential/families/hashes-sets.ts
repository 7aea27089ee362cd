// Generators for the hash (t_hash.c) and set (t_set.c) families.

import * as fc from 'fast-check';
import type { Template } from '../harness/command.js';
import { b, cmd, float, gen, int, key, keys, kw, member, members, opt, pair, randomCount, unordered, unorderedPairs, value, type CommandGen } from '../harness/args.js';
import { scanTemplate } from './keys.js';

const fieldValues = (min: number, max: number): fc.Arbitrary<Buffer[]> =>
  fc.array(pair(member, value), { minLength: min, maxLength: max }).map((ps) => ps.flat() as Buffer[]);

/** A random-pick command: HRANDFIELD/SRANDMEMBER/ZRANDMEMBER key [count [WITH…]]. */
export function randomPick(name: string, universe: (k: Buffer) => Buffer[], withWord: string | undefined): fc.Arbitrary<Template> {
  const tail = fc.option(fc.tuple(randomCount, withWord === undefined ? fc.constant(undefined) : opt(kw(withWord))), { nil: undefined, freq: 3 });
  return fc.tuple(cmd(name, key), tail).map(([t, extra]): Template => {
    const k = t.argv[1] as Buffer;
    const argv = extra === undefined ? t.argv : extra[1] === undefined ? [...t.argv, extra[0]] : [...t.argv, extra[0], extra[1]];
    const count = extra === undefined ? undefined : Number(extra[0].toString('latin1'));
    // Distinct elements are promised only for a positive count without values/scores mixed in.
    const distinct = count !== undefined && count > 0 && extra?.[1] === undefined;
    return { argv, compare: { kind: 'random', universe: universe(k), distinct, pairs: extra?.[1] !== undefined } };
  });
}

export function hashGens(): CommandGen[] {
  return [
    gen('hset', 8, cmd('HSET', key, fieldValues(1, 4))),
    gen('hsetnx', 2, cmd('HSETNX', key, member, value)),
    gen('hmset', 1, cmd('HMSET', key, fieldValues(1, 3))),
    gen('hget', 3, cmd('HGET', key, member)),
    gen('hmget', 2, cmd('HMGET', key, members(1, 4))),
    gen('hdel', 3, cmd('HDEL', key, members(1, 3))),
    gen('hlen', 2, cmd('HLEN', key)),
    gen('hstrlen', 1, cmd('HSTRLEN', key, member)),
    gen('hexists', 1, cmd('HEXISTS', key, member)),
    gen('hkeys', 2, unordered(cmd('HKEYS', key))),
    gen('hvals', 2, unordered(cmd('HVALS', key))),
    gen('hgetall', 3, unorderedPairs(cmd('HGETALL', key))),
    gen('hincrby', 3, cmd('HINCRBY', key, member, int)),
    gen('hincrbyfloat', 3, cmd('HINCRBYFLOAT', key, member, float)),
    gen('hrandfield', 2, randomPick('HRANDFIELD', (k) => [b('HGETALL'), k], 'WITHVALUES')),
    gen('hscan', 2, scanTemplate('HSCAN', true, true)),
    gen('object', 2, cmd('OBJECT', kw('ENCODING'), key)),
  ];
}

/** SPOP key [count]: random, so each server gets its own pops back afterwards (see Compare 'spop'). */
const spop: fc.Arbitrary<Template> = fc.tuple(cmd('SPOP', key), opt(randomCount)).map(([t, count]): Template => {
  const k = t.argv[1] as Buffer;
  return { argv: count === undefined ? t.argv : [...t.argv, count], compare: { kind: 'spop', key: k, universe: [b('SMEMBERS'), k] }, notInMulti: true };
});

const numkeysAndKeys = fc.oneof(
  { weight: 4, arbitrary: keys(1, 3).map((ks) => [b(String(ks.length)), ...ks]) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('0', '-1', '5', 'abc').map(b), keys(1, 2)).map(([n, ks]) => [n, ...ks]) },
);

export function setGens(): CommandGen[] {
  return [
    gen('sadd', 8, cmd('SADD', key, members(1, 5))),
    gen('srem', 3, cmd('SREM', key, members(1, 3))),
    gen('scard', 2, cmd('SCARD', key)),
    gen('sismember', 2, cmd('SISMEMBER', key, member)),
    gen('smismember', 2, cmd('SMISMEMBER', key, members(1, 4))),
    gen('smembers', 3, unordered(cmd('SMEMBERS', key))),
    gen('spop', 2, spop),
    gen('srandmember', 2, randomPick('SRANDMEMBER', (k) => [b('SMEMBERS'), k], undefined)),
    gen('smove', 2, cmd('SMOVE', key, key, member)),
    gen('sinter', 2, unordered(cmd('SINTER', keys(1, 3)))),
    gen('sunion', 2, unordered(cmd('SUNION', keys(1, 3)))),
    gen('sdiff', 2, unordered(cmd('SDIFF', keys(1, 3)))),
    gen('sintercard', 2, cmd('SINTERCARD', numkeysAndKeys, opt(pair(kw('LIMIT'), int)))),
    gen('sinterstore', 2, cmd('SINTERSTORE', key, keys(1, 3))),
    gen('sunionstore', 2, cmd('SUNIONSTORE', key, keys(1, 3))),
    gen('sdiffstore', 2, cmd('SDIFFSTORE', key, keys(1, 3))),
    gen('sscan', 2, scanTemplate('SSCAN', true, false)),
    gen('object', 2, cmd('OBJECT', kw('ENCODING'), key)),
  ];
}
