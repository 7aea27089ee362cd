// Generators for the list family (t_list.c): pushes, pops from either end, ranges, LPOS, moves, and the
// blocking variants with timeouts short enough never to hang a run.

import * as fc from 'fast-check';
import { b, blockTimeout, cmd, gen, index, key, keys, kw, opt, options, pair, some, value, type CommandGen } from '../harness/args.js';
import type { Template } from '../harness/command.js';

const end = fc.oneof(kw('LEFT'), kw('RIGHT'), { weight: 1, arbitrary: kw('MIDDLE') });
const listValue = fc.oneof({ weight: 3, arbitrary: fc.constantFrom('a', 'b', 'c', '1', '2', '').map(b) }, { weight: 1, arbitrary: value });
const values = (min: number, max: number): fc.Arbitrary<Buffer[]> => fc.array(listValue, { minLength: min, maxLength: max });
/** numkeys for LMPOP/BLMPOP followed by that many keys, or a count that does not match. */
const numkeysAndKeys = fc.oneof(
  { weight: 4, arbitrary: keys(1, 3).map((ks) => [b(String(ks.length)), ...ks]) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('0', '-1', '5', 'abc', '9223372036854775807').map(b), keys(1, 2)).map(([n, ks]) => [n, ...ks]) },
);
const popCount = opt(pair(kw('COUNT'), index));

export function listGens(): CommandGen[] {
  return [
    gen('lpush', 6, cmd('LPUSH', key, values(1, 5))),
    gen('rpush', 6, cmd('RPUSH', key, values(1, 5))),
    gen('lpushx', 1, cmd('LPUSHX', key, values(1, 2))),
    gen('rpushx', 1, cmd('RPUSHX', key, values(1, 2))),
    gen('linsert', 2, cmd('LINSERT', key, fc.oneof(kw('BEFORE'), kw('AFTER'), kw('MIDDLE')), listValue, listValue)),
    gen('lpop', 3, cmd('LPOP', key, opt(index))),
    gen('rpop', 3, cmd('RPOP', key, opt(index))),
    gen('lmove', 2, cmd('LMOVE', key, key, end, end)),
    gen('rpoplpush', 1, cmd('RPOPLPUSH', key, key)),
    gen('lmpop', 2, cmd('LMPOP', numkeysAndKeys, fc.oneof(kw('LEFT'), kw('RIGHT'), kw('UP')), popCount)),
    gen('llen', 2, cmd('LLEN', key)),
    gen('lrange', 5, cmd('LRANGE', key, index, index)),
    gen('lindex', 2, cmd('LINDEX', key, index)),
    gen('lpos', 3, cmd('LPOS', key, listValue, options(0, 3, pair(kw('RANK'), index), pair(kw('COUNT'), index), pair(kw('MAXLEN'), index)))),
    gen('lset', 2, cmd('LSET', key, index, listValue)),
    gen('lrem', 2, cmd('LREM', key, index, listValue)),
    gen('ltrim', 2, cmd('LTRIM', key, index, index)),
    gen('blpop', 1, cmd('BLPOP', keys(1, 3), blockTimeout)),
    gen('brpop', 1, cmd('BRPOP', keys(1, 3), blockTimeout)),
    gen('blmove', 1, cmd('BLMOVE', key, key, end, end, blockTimeout)),
    gen('brpoplpush', 1, cmd('BRPOPLPUSH', key, key, blockTimeout)),
    gen('blmpop', 1, cmd('BLMPOP', blockTimeout, numkeysAndKeys, fc.oneof(kw('LEFT'), kw('RIGHT')), popCount)),
    gen('object', 1, cmd('OBJECT', kw('ENCODING'), key)),
  ];
}

// --- SORT / SORT_RO (sort.c) ---

/** BY patterns: no sorting (no '*'), weights from the keys k1..k4 (elements '1'..'4'), a hash field, the element. */
const sortBy = fc.constantFrom('nosort', 'k*', 'k*->a', '*', '#').map(b);
const sortGet = fc.constantFrom('#', 'k*', 'k*->a', 'k*->', 'nokey', '*').map(b);

/**
 * SORT with its options (in a fixed order, so that dropping the last argument breaks STORE, not the
 * sort). Shapes whose order Redis leaves to its hash tables are not generated, or compared unordered:
 * ALPHA with a BY pattern (equal or missing weights tie, and ties keep the set's or sorted set's
 * internal order), and without STORE, ALPHA (elements equal up to a NUL byte tie) and BY without '*'
 * (a set is returned in its internal order): those drop LIMIT and compare as multisets.
 */
function sortTemplate(name: 'SORT' | 'SORT_RO'): fc.Arbitrary<Template> {
  return fc
    .record({
      sortKey: key,
      by: opt(sortBy),
      limit: opt(pair(index, index)),
      gets: some(sortGet, 0, 2),
      order: opt(fc.oneof(kw('ASC'), kw('DESC'))),
      alpha: fc.boolean(),
      store: name === 'SORT' ? opt(key) : fc.constant(undefined),
      sortWord: kw(name),
      byWord: kw('BY'),
      limitWord: kw('LIMIT'),
      getWord: kw('GET'),
      alphaWord: kw('ALPHA'),
      storeWord: kw('STORE'),
    })
    .map((o): Template => {
      const byPattern = o.by?.toString('latin1');
      const weighted = byPattern !== undefined && byPattern.includes('*');
      const alpha = o.alpha && !weighted;
      const internalOrder = o.store === undefined && (alpha || (byPattern !== undefined && !weighted));
      const argv: Buffer[] = [o.sortWord, o.sortKey];
      if (o.by !== undefined) argv.push(o.byWord, o.by);
      if (o.limit !== undefined && !internalOrder) argv.push(o.limitWord, ...(o.limit as Buffer[]));
      for (const get of o.gets) argv.push(o.getWord, get);
      if (o.order !== undefined) argv.push(o.order);
      if (alpha) argv.push(o.alphaWord);
      if (o.store !== undefined) argv.push(o.storeWord, o.store);
      return { argv, compare: internalOrder ? { kind: 'unordered' } : { kind: 'exact' } };
    });
}

export function sortGens(): CommandGen[] {
  return [
    gen('sort', 6, sortTemplate('SORT')),
    gen('sort_ro', 2, sortTemplate('SORT_RO')),
  ];
}
