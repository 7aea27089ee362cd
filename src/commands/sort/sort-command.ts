// SORT and SORT_RO: sort the elements of a list, set or sorted set, by themselves or by the values of
// other keys, and return them (or the values of other keys) or store them in a list.
// Mirrors: redis src/sort.c (sortCommandGeneric, sortCommand, sortroCommand).
//
// SORT is the one command whose keys come out of the data: `BY w_*` and `GET h_*->f` name, for each
// element, another key (the element replaces the first `*`) and optionally a hash field (after
// `->`). So it lives in its own module rather than in a type family: it reads three types and
// writes a fourth. The steps, in Redis's order (clients can see the order, for instance which error
// wins):
//
//   1. Parse the options left to right; the first bad one is the reply (a LIMIT that is not an
//      integer, anything unknown: a syntax error), before the key is even looked up.
//   2. Look the key up (a missing key sorts like an empty list); another type is WRONGTYPE.
//   3. Decide the range from LIMIT, clamped to the length (negative offset: 0; negative count: all).
//   4. Load the elements. `BY` a pattern without `*` ("nosort" by convention) means "do not sort":
//      a list or sorted set then keeps its own order (DESC walks it backwards) and only the LIMIT
//      range is read. A set has no order of its own, so with STORE, or inside a script, Redis sorts
//      it ALPHA anyway, so that replicas and the AOF get the same list.
//   5. Unless told not to, compute each element's weight (the element itself, or the BY key's
//      value), sort, and reply or store the range, each element replaced by its GET values.
//
// Numbers are read with C's strtod (sort.c does not use Redis's stricter string2d): leading spaces,
// hex and "inf" are accepted, "" is 0, a NUL byte ends the number, and NaN or a value out of range
// is "One or more scores can't be converted into double". ALPHA compares with strcoll, which in
// the C / C.UTF-8 locale a Debian redis-server runs with is byte order up to the first NUL byte;
// with STORE it compares whole byte strings instead (as sort.c does), so elements that differ only
// after a NUL byte can come out in another order.
//
// Ties (elements whose weights compare equal: ALPHA BY with equal or missing values) come out as
// Redis orders them for lists: glibc's qsort is a stable merge sort, like Array#sort, and the partial
// sort SORT uses with BY and a LIMIT is Redis 7.0.15's own pqsort, ported once for GEOSEARCH's COUNT
// (src/datatypes/geo/partial-sort.ts) and shared.
//
// DIFFERS FROM REDIS (docs/differences.md): Redis loads a set or a sorted set in its hash table's
// order, so ties among their elements can come out in another order here. Redis also never resets
// errno before its strtod, so after one out-of-range weight its numeric SORTs can fail until some
// other call clears errno; each of our conversions stands alone.

import { NOTIFY_GENERIC, NOTIFY_LIST } from '../../config/keyspace-events.js';
import { partialSort } from '../../datatypes/geo/partial-sort.js';
import { createList, listLength, listPush, listRange, listValues, type ListObject } from '../../datatypes/list/list-type.js';
import type { RedisObject } from '../../datatypes/object.js';
import { setMembers, setSize } from '../../datatypes/set/set-type.js';
import { zsetConvertToSkiplist, zsetEmitRange, zsetLength, type ZSetObject } from '../../datatypes/zset/zset-type.js';
import { ReplyError, sortScoreError, syntaxError, wrongTypeError } from '../../errors.js';
import { hasUnrestrictedKeyRead } from '../../acl/enforce.js';
import type { Reply } from '../../protocol/reply.js';
import { intArg, keyOf, optionWord } from '../args.js';
import type { CommandContext } from '../context.js';
import { alphaText, comparator, cString, lookupByPattern, weightOf, type SortItem } from './weights.js';

// --- Options ---

interface SortOptions {
  desc: boolean;
  alpha: boolean;
  limitStart: number;
  limitCount: number;
  /** Set by any BY pattern without `*`, and it stays set even if a later BY has one (as in sort.c). */
  dontSort: boolean;
  /** The last BY pattern (latin1), if any. */
  sortBy: string | undefined;
  /** GET patterns (latin1), in order. */
  gets: string[];
  storeKey: string | undefined;
}

/** Parse argv[2..] as sortCommandGeneric does: left to right, the last ASC/DESC, LIMIT, BY, STORE wins. */
function parseOptions(ctx: CommandContext, argv: readonly Buffer[], readonly: boolean): SortOptions {
  const options: SortOptions = {
    desc: false, alpha: false, limitStart: 0, limitCount: -1, dontSort: false, sortBy: undefined, gets: [],
    storeKey: undefined,
  };
  const argc = argv.length;
  for (let j = 2; j < argc; j++) {
    const left = argc - j - 1;
    const word = optionWord(argv[j] as Buffer);
    if (word === 'ASC') {
      options.desc = false;
    } else if (word === 'DESC') {
      options.desc = true;
    } else if (word === 'ALPHA') {
      options.alpha = true;
    } else if (word === 'LIMIT' && left >= 2) {
      options.limitStart = intArg(argv[j + 1] as Buffer);
      options.limitCount = intArg(argv[j + 2] as Buffer);
      j += 2;
    } else if (!readonly && word === 'STORE' && left >= 1) {
      options.storeKey = keyOf(argv[++j] as Buffer);
    } else if (word === 'BY' && left >= 1) {
      const pattern = keyOf(argv[++j] as Buffer);
      options.sortBy = pattern;
      // A pattern without '*' names the same key for every element: nothing to sort by.
      if (!cString(pattern).includes('*')) options.dontSort = true;
      else if (!hasUnrestrictedKeyRead(ctx, argv)) throw new ReplyError('ERR BY option of SORT denied due to insufficient ACL permissions.');
    } else if (word === 'GET' && left >= 1) {
      // Patterns reach keys no key spec names: only for users who may read every key (src/acl).
      if (!hasUnrestrictedKeyRead(ctx, argv)) throw new ReplyError('ERR GET option of SORT denied due to insufficient ACL permissions.');
      options.gets.push(keyOf(argv[++j] as Buffer));
    } else {
      throw syntaxError();
    }
  }
  return options;
}

// --- The command ---

/** The key to sort, looked up for reading: a list, set or sorted set, or WRONGTYPE. */
function lookupSortable(ctx: CommandContext, key: string): RedisObject | undefined {
  const obj = ctx.db.lookupRead(key);
  if (obj !== undefined && obj.type !== 'list' && obj.type !== 'set' && obj.type !== 'zset') throw wrongTypeError();
  return obj;
}

function sortGeneric(ctx: CommandContext, argv: readonly Buffer[], readonly: boolean): Reply {
  const options = parseOptions(ctx, argv, readonly);
  const key = keyOf(argv[1] as Buffer);
  const obj = lookupSortable(ctx, key);
  let { dontSort, sortBy, alpha } = options;

  // A set has no order to keep: sort it ALPHA when the result must be the same everywhere.
  if (dontSort && obj?.type === 'set' && (options.storeKey !== undefined || ctx.server.scripting.running)) {
    dontSort = false;
    alpha = true;
    sortBy = undefined;
  }
  // Redis converts a listpack sorted set to a skiplist before sorting it, for good. A change in
  // place: looking the key up for writing first lets a running BGSAVE keep its copy as it was.
  if (obj?.type === 'zset') {
    ctx.db.lookupWrite(key);
    zsetConvertToSkiplist(obj);
    ctx.db.reprice(key);
  }

  const length = sizeOf(obj);
  // LIMIT, clamped to the length; [start, end] may come out empty (end < start).
  let start = Math.min(Math.max(options.limitStart, 0), length);
  const count = Math.min(Math.max(options.limitCount, -1), length);
  let end = count < 0 ? length - 1 : start + count - 1;
  if (start >= length) {
    start = length - 1;
    end = length - 2;
  }
  if (end >= length) end = length - 1;

  // Load the elements: a list or sorted set that is not sorted gives just the range, in its order.
  let items: SortItem[];
  if (dontSort && obj !== undefined && (obj.type === 'list' || obj.type === 'zset')) {
    items = end >= start ? loadRange(obj, start, end, options.desc, length) : [];
    end -= start;
    start = 0;
  } else {
    items = loadAll(obj);
  }

  if (!dontSort) {
    let convertible = true;
    for (const item of items) {
      const weight = sortBy === undefined ? item.element : lookupByPattern(ctx, sortBy, item.element);
      if (weight === undefined) continue;
      if (alpha) {
        item.text = alphaText(weight, options.storeKey !== undefined);
      } else {
        const score = weightOf(weight);
        if (score === null) convertible = false;
        else item.score = score;
      }
    }
    const compare = comparator(options.desc, alpha);
    // With BY and a LIMIT that cuts the range Redis sorts partially (pqsort, not stable); otherwise it
    // uses the C library's qsort, which glibc implements as a stable merge sort, as Array#sort is.
    if (sortBy !== undefined && (start !== 0 || end !== items.length - 1)) partialSort(items, compare, start, end);
    else if (alpha && sortBy === undefined && items.every(comparesWhole)) items = sortElements(items, options.desc);
    else items.sort(compare);
    if (!convertible) throw sortScoreError();
  }

  const selected = end >= start ? items.slice(start, end + 1) : [];
  if (options.storeKey === undefined) return outputReply(ctx, selected, options.gets);
  return store(ctx, options.storeKey, selected, options.gets);
}

/** Does ALPHA compare this element as a whole (it has no NUL byte, or STORE compares whole bytes)? */
function comparesWhole(it: SortItem): boolean {
  return it.text === it.element;
}

/**
 * ALPHA on the elements themselves, none cut at a NUL byte: Array#sort's default order (UTF-16 code
 * units, which for latin1 strings is byte order) does it natively, about three times faster than a
 * comparator. Equal elements are identical, so reversing for DESC cannot reorder a tie visibly.
 */
function sortElements(items: readonly SortItem[], desc: boolean): SortItem[] {
  const elements = items.map((it) => it.element).sort();
  if (desc) elements.reverse();
  return elements.map(item);
}

/** The number of elements of the value to sort (a missing key: 0). */
function sizeOf(obj: RedisObject | undefined): number {
  if (obj === undefined) return 0;
  switch (obj.type) {
    case 'list':
      return listLength(obj);
    case 'set':
      return setSize(obj);
    case 'zset':
      return zsetLength(obj);
    default:
      return 0;
  }
}

function item(element: string): SortItem {
  return { element, score: 0, text: undefined };
}

/** Every element, in the value's own order (a missing key: none). */
function loadAll(obj: RedisObject | undefined): SortItem[] {
  if (obj === undefined) return [];
  switch (obj.type) {
    case 'list':
      return Array.from(listValues(obj), item);
    case 'set':
      return setMembers(obj).map(item);
    case 'zset': {
      const items: SortItem[] = [];
      zsetEmitRange(obj, 0, zsetLength(obj), false, (member) => items.push(item(member)));
      return items;
    }
    default:
      return [];
  }
}

/** Elements start..end of a list or sorted set counted from the head, or from the tail when `desc`. */
function loadRange(obj: ListObject | ZSetObject, start: number, end: number, desc: boolean, length: number): SortItem[] {
  if (obj.type === 'list') {
    if (!desc) return listRange(obj, start, end).map(item);
    return listRange(obj, length - 1 - end, length - 1 - start).reverse().map(item);
  }
  const items: SortItem[] = [];
  zsetEmitRange(obj, desc ? length - 1 - start : start, end - start + 1, desc, (member) => items.push(item(member)));
  return items;
}

/** The reply: each element, or for each element its GET values (nil for a missing one). */
function outputReply(ctx: CommandContext, items: readonly SortItem[], gets: readonly string[]): Reply {
  if (gets.length === 0) return items.map((it) => it.element);
  const out: (string | null)[] = [];
  for (const it of items) {
    for (const pattern of gets) out.push(lookupByPattern(ctx, pattern, it.element) ?? null);
  }
  return out;
}

/**
 * STORE: the result as a list (a missing GET value as ""), replacing whatever the destination held;
 * an empty result deletes it. Replies the number of elements stored.
 */
function store(ctx: CommandContext, dstKey: string, items: readonly SortItem[], gets: readonly string[]): Reply {
  const list = createList(ctx.server.config.get('list-max-listpack-size'));
  for (const it of items) {
    if (gets.length === 0) listPush(list, it.element, 'tail');
    for (const pattern of gets) listPush(list, lookupByPattern(ctx, pattern, it.element) ?? '', 'tail');
  }
  const stored = listLength(list);
  if (stored > 0) {
    ctx.db.set(dstKey, list);
    ctx.notify(NOTIFY_LIST, 'sortstore', dstKey);
    // Redis counts every stored element as a change (server.dirty += outputlen); set() counted one.
    ctx.server.dirty += stored - 1;
  } else if (ctx.db.delete(dstKey)) {
    ctx.notify(NOTIFY_GENERIC, 'del', dstKey);
  }
  return stored;
}

/**
 * Sort a list, set or sorted set, and reply or store the result.
 * Format: SORT key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC|DESC] [ALPHA] [STORE destination]
 */
export function sortCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return sortGeneric(ctx, argv, false);
}

/**
 * SORT without STORE, for read-only contexts (replicas, scripts flagged no-writes).
 * Format: SORT_RO key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC|DESC] [ALPHA]
 */
export function sortRoCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return sortGeneric(ctx, argv, true);
}
