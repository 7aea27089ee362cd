// Generators for the string family (t_string.c, bitops.c): SET and its options, counters, ranges, LCS.

import * as fc from 'fast-check';
import { absoluteTtl, cmd, float, gen, index, int, key, keys, kw, opt, options, pair, relativeTtl, some, value, type CommandGen } from '../harness/args.js';

/** SET's options in any order, repeated or conflicting: NX XX GET EX PX EXAT PXAT KEEPTTL and a stray word. */
const setOptions = options(
  0,
  3,
  kw('NX'),
  kw('XX'),
  kw('GET'),
  kw('KEEPTTL'),
  pair(kw('EX'), relativeTtl('s')),
  pair(kw('PX'), relativeTtl('ms')),
  pair(kw('EXAT'), absoluteTtl('s')),
  pair(kw('PXAT'), absoluteTtl('ms')),
  kw('BOGUS'),
);

const getexOptions = options(
  0,
  2,
  pair(kw('EX'), relativeTtl('s')),
  pair(kw('PX'), relativeTtl('ms')),
  pair(kw('EXAT'), absoluteTtl('s')),
  pair(kw('PXAT'), absoluteTtl('ms')),
  kw('PERSIST'),
  kw('KEEPTTL'),
);

const lcsOptions = options(0, 3, kw('LEN'), kw('IDX'), kw('WITHMATCHLEN'), pair(kw('MINMATCHLEN'), int));

/** Bit offsets: small, negative, and past the 2^32 limit; never a large legal one (it allocates 512MB). */
const bitOffset = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 64 }).map((n) => Buffer.from(String(n))) },
  { weight: 1, arbitrary: fc.constantFrom('-1', '4294967296', 'abc', '', '1.5').map((t) => Buffer.from(t)) },
);
/** SETRANGE offsets: small, negative, or over 512MB (an error); never a large legal one. */
/** BITFIELD types: legal widths at the limits, and refused ones (u64, i65, zero, no digits). */
const bitfieldType = fc.constantFrom('u1', 'u8', 'i8', 'I5', 'u63', 'i64', 'i1', 'u64', 'i65', 'u0', 'x8', 'i').map((t) => Buffer.from(t));
/** BITFIELD offsets: plain, #N (N times the width), negative and malformed. */
const bitfieldOffset = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 70 }).map((n) => Buffer.from(String(n))) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 5 }).map((n) => Buffer.from(`#${n}`)) },
  { weight: 1, arbitrary: fc.constantFrom('-1', '#-1', '#', 'x', '4294967296').map((t) => Buffer.from(t)) },
);
/** SET values and INCRBY increments near the widths' limits. */
const bitfieldValue = fc.oneof(
  fc.integer({ min: -300, max: 300 }).map((n) => Buffer.from(String(n))),
  fc.constantFrom('9223372036854775807', '-9223372036854775808', '4611686018427387904', '-1', 'abc').map((t) => Buffer.from(t)),
);
const bitfieldOp = fc.oneof(
  fc.tuple(kw('GET'), bitfieldType, bitfieldOffset).map((t) => [...t]),
  fc.tuple(kw('SET'), bitfieldType, bitfieldOffset, bitfieldValue).map((t) => [...t]),
  fc.tuple(kw('INCRBY'), bitfieldType, bitfieldOffset, bitfieldValue).map((t) => [...t]),
  fc.tuple(kw('OVERFLOW'), fc.oneof(kw('WRAP'), kw('SAT'), kw('FAIL'), kw('NONE'))).map((t) => [...t]),
);
const bitfieldOps = some(bitfieldOp, 0, 4).map((ops) => ops.flat());
const bitUnit = opt(fc.oneof(kw('BYTE'), kw('BIT'), kw('BITS')));

const rangeOffset = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 80 }).map((n) => Buffer.from(String(n))) },
  { weight: 1, arbitrary: fc.constantFrom('-1', '536870912', '536870911999', '9223372036854775807', 'abc', '').map((t) => Buffer.from(t)) },
);

export function stringGens(): CommandGen[] {
  return [
    gen('set', 8, cmd('SET', key, value, setOptions)),
    gen('get', 5, cmd('GET', key)),
    gen('setnx', 1, cmd('SETNX', key, value)),
    gen('setex', 1, cmd('SETEX', key, relativeTtl('s'), value)),
    gen('psetex', 1, cmd('PSETEX', key, relativeTtl('ms'), value)),
    gen('getset', 1, cmd('GETSET', key, value)),
    gen('getdel', 1, cmd('GETDEL', key)),
    gen('getex', 2, cmd('GETEX', key, getexOptions)),
    gen('mset', 2, cmd('MSET', some(pair(key, value), 0, 3).map((ps) => ps.flat()))),
    gen('msetnx', 1, cmd('MSETNX', some(pair(key, value), 0, 3).map((ps) => ps.flat()))),
    gen('mget', 2, cmd('MGET', keys(0, 4))),
    gen('append', 3, cmd('APPEND', key, value)),
    gen('strlen', 2, cmd('STRLEN', key)),
    gen('getrange', 2, cmd('GETRANGE', key, index, index)),
    gen('substr', 1, cmd('SUBSTR', key, index, index)),
    gen('setrange', 2, cmd('SETRANGE', key, rangeOffset, value)),
    gen('incr', 3, cmd('INCR', key)),
    gen('decr', 2, cmd('DECR', key)),
    gen('incrby', 3, cmd('INCRBY', key, int)),
    gen('decrby', 2, cmd('DECRBY', key, int)),
    gen('incrbyfloat', 3, cmd('INCRBYFLOAT', key, float)),
    gen('lcs', 2, cmd('LCS', key, key, lcsOptions)),
    gen('setbit', 2, cmd('SETBIT', key, bitOffset, fc.constantFrom('0', '1', '2', '-1', '').map((t) => Buffer.from(t)))),
    gen('getbit', 1, cmd('GETBIT', key, bitOffset)),
    gen('bitcount', 1, cmd('BITCOUNT', key, opt(fc.tuple(index, index, opt(fc.oneof(kw('BYTE'), kw('BIT')))).map(([s, e, u]) => (u === undefined ? [s, e] : [s, e, u]))))),
    gen('bitpos', 2, cmd('BITPOS', key, fc.constantFrom('0', '1', '2').map((t) => Buffer.from(t)), opt(fc.tuple(index, opt(fc.tuple(index, bitUnit)))).map((r) => (r === undefined ? [] : [r[0], ...(r[1] === undefined ? [] : r[1][1] === undefined ? [r[1][0]] : [r[1][0], r[1][1]])])))),
    gen('bitfield', 2, cmd('BITFIELD', key, bitfieldOps)),
    gen('bitfield_ro', 1, cmd('BITFIELD_RO', key, bitfieldOps)),
    gen('bitop', 1, cmd('BITOP', fc.oneof(kw('AND'), kw('OR'), kw('XOR'), kw('NOT'), kw('NAND')), key, keys(1, 3))),
    // HyperLogLog (hyperloglog.c): values are strings, so PF* meet SET/APPEND/SETRANGE values too.
    gen('pfadd', 3, cmd('PFADD', key, some(value, 0, 5))),
    gen('pfcount', 2, cmd('PFCOUNT', keys(1, 3))),
    gen('pfmerge', 1, cmd('PFMERGE', key, keys(0, 3))),
    gen('pfdebug', 1, cmd('PFDEBUG', fc.oneof(kw('ENCODING'), kw('DECODE'), kw('TODENSE'), kw('GETREG'), kw('NOPE')), key)),
  ];
}
