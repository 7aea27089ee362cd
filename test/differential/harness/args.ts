// Argument generators shared by every family: a small key space, edge-case numbers, values and patterns,
// and a tiny DSL (`cmd`, `opt`, `kw`, `some`) that builds command templates from them.
//
// The key space is deliberately small (six keys, one empty and one binary) so that commands from different
// families land on the same keys and exercise WRONGTYPE paths; the number pools hold the values where
// parsers usually go wrong: the signed 64-bit boundary, 2^64, floats where integers are expected,
// inf/-inf/nan, blanks, a leading '+', leading zeros, empty strings.

import * as fc from 'fast-check';
import { EXACT, type Arg, type Compare, type Template, type TtlSlot } from './command.js';

export const b = (text: string): Buffer => Buffer.from(text, 'latin1');

/** Six keys: four plain ones, the empty key and a binary key with NUL, CR LF and 0xff. */
export const KEY_NAMES = ['k1', 'k2', 'k3', 'k4', '', '\x00\r\n\xff'] as const;
export const key = fc.constantFrom(...KEY_NAMES).map(b);
export const keys = (min = 1, max = 4): fc.Arbitrary<Buffer[]> => fc.array(key, { minLength: min, maxLength: max });

const LONG_VALUE = 'v'.repeat(70);
/** Values: small ints (int encoding, intsets), floats, 44/45 bytes (embstr limit), 70 bytes (over listpack values), binary. */
export const VALUE_POOL = [
  '', 'a', 'b', 'c', 'foo', 'bar', '0', '1', '-1', '2', '10', '-10', '3.5', '-0.5', '1e3', 'inf', '-inf', 'nan',
  '9223372036854775807', '-9223372036854775808', '9223372036854775808', ' 1', '+1', '01', '0x1a',
  '\x00\r\n\xff', 'x'.repeat(44), 'x'.repeat(45), LONG_VALUE,
] as const;
export const value = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...VALUE_POOL).map(b) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 12 }).map((u) => Buffer.from(u)) },
  { weight: 1, arbitrary: fc.integer({ min: -20, max: 1000 }).map((n) => b(String(n))) },
);

/** Members and fields: a pool small enough that they collide, with integers for intsets. */
export const MEMBER_POOL = ['a', 'b', 'c', 'd', '1', '2', '3', '10', '-1', '', '01', '1.5', '\x00\xff', 'x'.repeat(20)] as const;
export const member = fc.constantFrom(...MEMBER_POOL).map(b);
export const members = (min = 1, max = 5): fc.Arbitrary<Buffer[]> => fc.array(member, { minLength: min, maxLength: max });

/** Integers where Redis expects a 64-bit integer, and the strings it must reject. */
const INT_EDGES = [
  '0', '1', '-1', '2', '3', '5', '-2', '-5', '10', '100', '-100',
  '9223372036854775807', '-9223372036854775808', '9223372036854775806', '-9223372036854775807',
  '9223372036854775808', '-9223372036854775809', '18446744073709551615', '18446744073709551616',
  '2147483647', '2147483648', '-2147483649', '4294967296',
  '1.5', '1.0', '', 'abc', ' 1', '1 ', '+1', '-0', '01', '0x10', '1e2',
] as const;
export const int = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...INT_EDGES).map(b) },
  { weight: 2, arbitrary: fc.integer({ min: -12, max: 12 }).map((n) => b(String(n))) },
);
/** Small indexes and counts, plus the usual out-of-range and malformed ones. */
export const index = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -8, max: 8 }).map((n) => b(String(n))) },
  { weight: 1, arbitrary: fc.constantFrom('100', '-100', '9223372036854775807', '-9223372036854775808', '9223372036854775808', 'abc', '', '1.5').map(b) },
);
/** Counts for random-pick commands: never a huge negative count, which asks for that many replies. */
export const randomCount = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: -6, max: 8 }).map((n) => b(String(n))) },
  { weight: 1, arbitrary: fc.constantFrom('9223372036854775807', '-9223372036854775808', 'abc', '', '1.5').map(b) },
);

/** Where Redis expects a double. */
const FLOAT_EDGES = [
  '0', '1', '-1', '1.5', '-2.5', '0.1', '1e3', '1E-3', 'inf', '-inf', '+inf', 'Infinity', 'nan', 'NaN', '-0',
  '1.7976931348623157e308', '1.8e308', '4.9e-324', '1e-400', '', 'abc', '1.5x', ' 1.5', '0x10', '.5', '5.', '+1.5',
  '10000000000000000000000', '9223372036854775807',
] as const;
export const float = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...FLOAT_EDGES).map(b) },
  { weight: 2, arbitrary: fc.integer({ min: -5, max: 5 }).map((n) => b(String(n))) },
  { weight: 1, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((n) => b(String(n))) },
);

/** Glob patterns for KEYS, SCAN MATCH: classes, negation, ranges, escapes and malformed ones. */
export const pattern = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('*', 'k*', 'k?', '?', '*1', 'k[12]', 'k[^1]', 'k[!1]', '[a-l]*', '[l-a]*', 'k\\1', '\\*', 'k[', '[', '[^', '*[', 'k[1-', '\x00*', '*\xff', '', 'K*').map(b) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom('k', '1', '*', '?', '[', ']', '^', '-', '\\', '\x00', 'a'), { maxLength: 6 }).map((p) => b(p.join(''))) },
);

/** A keyword in upper, lower or mixed case: option parsing must not care. */
export function kw(word: string): fc.Arbitrary<Buffer> {
  const lower = word.toLowerCase();
  const mixed = lower.replace(/^./, (c) => c.toUpperCase());
  return fc.oneof({ weight: 4, arbitrary: fc.constant(b(word.toUpperCase())) }, { weight: 1, arbitrary: fc.constantFrom(b(lower), b(mixed)) });
}

// --- Expiry arguments ---

/** Malformed and out-of-range expiry values: all rejected or expiring immediately, never time-dependent. */
const TTL_EDGES = [
  '0', '-1', '-100', 'abc', '', '1.5', '9223372036854775807', '-9223372036854775808', '9223372036854775808',
  '9223372036854776', '9223372036854775', '-9223372036854776',
] as const;
/** Absolute times in the past (the key is deleted at once). */
const PAST = ['1', '1000', '1600000000', '1600000000000'] as const;

function slot(ttl: TtlSlot['ttl'], unit: TtlSlot['unit']): fc.Arbitrary<Arg> {
  return fc.integer({ min: 0, max: 2 }).map((magnitude): TtlSlot => ({ ttl, unit, magnitude }));
}
/** A relative expiry (EXPIRE, SET EX…): a far-enough placeholder or an edge value. */
export const relativeTtl = (unit: 's' | 'ms'): fc.Arbitrary<Arg> =>
  fc.oneof({ weight: 4, arbitrary: slot('relative', unit) }, { weight: 1, arbitrary: fc.constantFrom(...TTL_EDGES).map(b) });
/** An absolute expiry (EXPIREAT, SET EXAT…): far future, the past, or an edge value. */
export const absoluteTtl = (unit: 's' | 'ms'): fc.Arbitrary<Arg> =>
  fc.oneof(
    { weight: 3, arbitrary: slot('absolute', unit) },
    { weight: 1, arbitrary: fc.constantFrom(...PAST).map(b) },
    { weight: 1, arbitrary: fc.constantFrom(...TTL_EDGES).map(b) },
  );

/** Blocking timeouts that never block for long: 10ms, or malformed. 0 (forever) only where it cannot block. */
export const blockTimeout = fc.constantFrom('0.01', '0.02', '-1', 'abc', '', '-0.01').map(b);

// --- Building templates ---

type Part = string | Buffer | fc.Arbitrary<Arg | readonly Arg[] | undefined>;

/** A command template: the name (in a random case) followed by parts; undefined parts are left out. */
export function cmd(name: string, ...parts: Part[]): fc.Arbitrary<Template> {
  const arbs = [kw(name), ...parts.map((p) => (typeof p === 'string' ? fc.constant(b(p)) : Buffer.isBuffer(p) ? fc.constant(p) : p))];
  return fc.tuple(...arbs).map((values): Template => {
    const argv: Arg[] = [];
    for (const v of values) {
      if (v === undefined) continue;
      if (Array.isArray(v)) argv.push(...(v as readonly Arg[]));
      else argv.push(v as Arg);
    }
    return { argv, compare: EXACT };
  });
}

export const opt = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq: 2 });
export const some = <T>(arb: fc.Arbitrary<T>, min = 0, max = 3): fc.Arbitrary<T[]> => fc.array(arb, { minLength: min, maxLength: max });
/** A list of options drawn from `choices`, in any order, possibly repeated or conflicting. */
export const options = (min: number, max: number, ...choices: Array<fc.Arbitrary<Arg | readonly Arg[]>>): fc.Arbitrary<Arg[]> =>
  fc.array(fc.oneof(...choices), { minLength: min, maxLength: max }).map((list) => list.flatMap((o) => (Array.isArray(o) ? (o as Arg[]) : [o as Arg])));
export const pair = (a: fc.Arbitrary<Arg>, c: fc.Arbitrary<Arg>): fc.Arbitrary<Arg[]> => fc.tuple(a, c).map(([x, y]) => [x, y]);

export function withCompare(arb: fc.Arbitrary<Template>, compare: Compare | ((t: Template) => Compare), notInMulti = false): fc.Arbitrary<Template> {
  return arb.map((t) => ({ ...t, compare: typeof compare === 'function' ? compare(t) : compare, ...(notInMulti ? { notInMulti } : {}) }));
}
export const unordered = (arb: fc.Arbitrary<Template>): fc.Arbitrary<Template> => withCompare(arb, { kind: 'unordered' });
export const unorderedPairs = (arb: fc.Arbitrary<Template>): fc.Arbitrary<Template> => withCompare(arb, { kind: 'unorderedPairs' });

/**
 * Wrong arity and stray arguments, for any command: now and then drop the last argument or add one.
 * Arity is checked before anything else, so this reaches the arity error and the "syntax error" paths.
 * The stray argument never is a large negative number: after SRANDMEMBER/HRANDFIELD/ZRANDMEMBER key it
 * would be a count asking for billions of repeated picks (Redis would try to send them all).
 */
/**
 * The template without its last argument. A random pick that loses its WITHVALUES/WITHSCORES returns
 * single elements again, so its reply is no longer compared as pairs.
 */
function dropLast(t: Template): Template {
  const argv = t.argv.slice(0, -1);
  const last = t.argv[t.argv.length - 1];
  const lostWith = Buffer.isBuffer(last) && /^with(values|scores)$/i.test(last.toString('latin1'));
  if (t.compare.kind === 'random' && t.compare.pairs && lostWith) return { ...t, argv, compare: { ...t.compare, pairs: false } };
  return { ...t, argv };
}

export function arityNoise(arb: fc.Arbitrary<Template>, extra = true): fc.Arbitrary<Template> {
  return fc.oneof(
    { weight: 14, arbitrary: arb },
    { weight: 1, arbitrary: arb.map((t) => (t.argv.length > 1 ? dropLast(t) : t)) },
    ...(extra ? [{ weight: 1, arbitrary: fc.tuple(arb, fc.oneof(value, kw('WITHSCORES'), kw('NX'))).map(([t, x]) => ({ ...t, argv: [...t.argv, x] })) }] : []),
  );
}

/** A family: named command generators; the runner keeps the ones the server under test implements. */
export interface CommandGen {
  /** The command name as COMMAND INFO knows it (the generator is dropped if tsredis lacks it). */
  readonly name: string;
  readonly weight: number;
  readonly arb: fc.Arbitrary<Template>;
}
export const gen = (name: string, weight: number, arb: fc.Arbitrary<Template>): CommandGen => ({ name, weight, arb: arityNoise(arb, !BLOCKING.has(name)) });
/**
 * Blocking commands get no stray trailing argument: for BLPOP/BRPOP/BZPOP* the last argument is the timeout,
 * so an extra "0" would become a timeout of forever and the old timeout a key name.
 */
const BLOCKING = new Set(['blpop', 'brpop', 'blmove', 'brpoplpush', 'blmpop', 'bzpopmin', 'bzpopmax', 'bzmpop']);
