// Generators for the stream family (t_stream.c): entries with explicit IDs (both servers then agree
// without a shared clock), trims exact and approximate, deletions, consumer groups and their PELs.
// Replies that carry clock readings (XPENDING's idle times, XINFO CONSUMERS and STREAM FULL) are
// left out.

import * as fc from 'fast-check';
import { b, cmd, gen, int, key, keys, kw, member, opt, options, value, type CommandGen } from '../harness/args.js';

/** IDs from a small space so entries collide, plus the special forms and malformed ones. */
const ID_POOL = [
  '0', '0-1', '1', '1-0', '1-1', '1-2', '2', '2-5', '3', '3-1', '5', '5-0', '7-7', '10', '10-1', '12', '18446744073709551615',
  '18446744073709551615-18446744073709551615', 'abc', '1-x', '-1', '',
] as const;
const id = fc.constantFrom(...ID_POOL).map(b);
const rangeId = fc.oneof(
  { weight: 6, arbitrary: id },
  { weight: 2, arbitrary: fc.constantFrom('-', '+').map(b) },
  { weight: 2, arbitrary: id.map((x) => b(`(${x.toString('latin1')}`)) },
);
/** XADD's ID: explicit, or `<ms>-*` (never `*`: the servers' clocks differ). */
const addId = fc.oneof(
  { weight: 6, arbitrary: id },
  { weight: 2, arbitrary: fc.constantFrom('1', '2', '5', '10', '18446744073709551615').map((ms) => b(`${ms}-*`)) },
);
const group = fc.constantFrom('g1', 'g2', '').map(b);
const consumer = fc.constantFrom('alice', 'bob', 'c').map(b);
const count = fc.constantFrom('0', '1', '2', '5', '-1', 'abc').map(b);
const threshold = fc.oneof(int, fc.constantFrom('0', '1', '2', '3', '10').map(b));
const fieldValues = fc.array(fc.tuple(member, value), { minLength: 1, maxLength: 3 }).map((ps) => ps.flat());

/** [MAXLEN|MINID [=|~] threshold [LIMIT n]] */
const trim = fc
  .tuple(
    fc.constantFrom('MAXLEN', 'MINID', 'maxlen'),
    fc.constantFrom(undefined, '=', '~'),
    threshold,
    id,
    fc.constantFrom(undefined, '0', '1', '5', '-1'),
  )
  .map(([strategy, op, n, minid, limit]) => [
    b(strategy), ...(op === undefined ? [] : [b(op)]), strategy === 'MINID' ? minid : n,
    ...(limit === undefined ? [] : [b('LIMIT'), b(limit)]),
  ]);

const streamsArgs = fc.tuple(keys(1, 2), fc.array(fc.oneof(id, fc.constantFrom('$', '>').map(b)), { minLength: 1, maxLength: 2 }))
  .map(([ks, ids]) => [b('STREAMS'), ...ks, ...ids]);

export function streamGens(): CommandGen[] {
  return [
    gen('xadd', 12, cmd('XADD', key, opt(kw('NOMKSTREAM')), opt(trim), addId, fieldValues)),
    gen('xlen', 2, cmd('XLEN', key)),
    gen('xrange', 4, cmd('XRANGE', key, rangeId, rangeId, opt(fc.tuple(kw('COUNT'), count)))),
    gen('xrevrange', 3, cmd('XREVRANGE', key, rangeId, rangeId, opt(fc.tuple(kw('COUNT'), count)))),
    gen('xdel', 3, cmd('XDEL', key, fc.array(id, { minLength: 1, maxLength: 3 }))),
    gen('xtrim', 3, cmd('XTRIM', key, trim)),
    gen('xsetid', 1, cmd('XSETID', key, id, opt(fc.tuple(kw('ENTRIESADDED'), threshold)), opt(fc.tuple(kw('MAXDELETEDID'), id)))),
    gen('xread', 3, cmd('XREAD', opt(fc.tuple(kw('COUNT'), count)), streamsArgs)),
    gen('xgroup', 6, fc.oneof(
      cmd('XGROUP', kw('CREATE'), key, group, fc.oneof(id, fc.constant(b('$'))), options(0, 2, kw('MKSTREAM'), fc.tuple(kw('ENTRIESREAD'), threshold))),
      cmd('XGROUP', kw('SETID'), key, group, fc.oneof(id, fc.constant(b('$'))), opt(fc.tuple(kw('ENTRIESREAD'), threshold))),
      cmd('XGROUP', kw('DESTROY'), key, group),
      cmd('XGROUP', kw('CREATECONSUMER'), key, group, consumer),
      cmd('XGROUP', kw('DELCONSUMER'), key, group, consumer),
    )),
    gen('xreadgroup', 8, cmd('XREADGROUP', kw('GROUP'), group, consumer, opt(fc.tuple(kw('COUNT'), count)), opt(kw('NOACK')), streamsArgs)),
    gen('xack', 3, cmd('XACK', key, group, fc.array(id, { minLength: 1, maxLength: 3 }))),
    gen('xpending', 2, cmd('XPENDING', key, group)),
    gen('xclaim', 3, cmd('XCLAIM', key, group, consumer, fc.constantFrom('0', '-5', 'abc').map(b), fc.array(id, { minLength: 1, maxLength: 2 }),
      options(0, 2, kw('JUSTID'), kw('FORCE'), fc.tuple(kw('RETRYCOUNT'), count), fc.tuple(kw('LASTID'), id)))),
    gen('xautoclaim', 3, cmd('XAUTOCLAIM', key, group, consumer, fc.constantFrom('0', 'abc').map(b), rangeId,
      options(0, 2, kw('JUSTID'), fc.tuple(kw('COUNT'), count)))),
    gen('xinfo', 3, fc.oneof(cmd('XINFO', kw('GROUPS'), key), cmd('XINFO', kw('STREAM'), key), cmd('XINFO', kw('HELP')))),
    gen('type', 1, cmd('TYPE', key)),
    gen('object', 1, cmd('OBJECT', kw('ENCODING'), key)),
  ];
}
