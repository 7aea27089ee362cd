// PFADD PFCOUNT PFMERGE PFDEBUG PFSELFTEST: the HyperLogLog commands and their spec table.
// Mirrors: redis src/hyperloglog.c (pfaddCommand, pfcountCommand, pfmergeCommand, pfdebugCommand,
// pfselftestCommand, isHLLObjectOrReply) and src/commands/pf*.json.
//
// An HLL is a plain string value in Redis's byte layout (src/datatypes/hyperloglog): any string
// command can read or overwrite it, and each PF command first checks the bytes still form an HLL.
// Redis edits the value in place after "unsharing" it (dbUnshareStringValue: an embstr or shared
// value becomes a private raw one), so after any PF command on an existing key OBJECT ENCODING says
// raw, even when nothing changed; the helpers below keep that.
//
// Dirty counting follows Redis: PFADD adds one per raised register (plus one for a new key), PFCOUNT
// that refreshes the cached cardinality counts one (it changed the bytes: it is propagated to the
// AOF although it is a read command), PFMERGE one, PFDEBUG GETREG/TODENSE one when they convert.

import { NOTIFY_STRING } from '../config/keyspace-events.js';
import {
  EMPTY_SPARSE_HLL, HLL_REGISTERS, hllAdd, hllCount, hllCountRegisters, hllDecode, hllEncodingName, hllMarkStale,
  hllMergeInto, hllRegisters, hllStoreRegisters, hllToDense, isHllString,
} from '../datatypes/hyperloglog/hll-type.js';
import { hllSelfTest } from '../datatypes/hyperloglog/selftest.js';
import type { RedisObject } from '../datatypes/object.js';
import { createStringForSetRange, stringSetRange } from '../datatypes/string/string-ops.js';
import { stringLength, stringValue, type StringObject } from '../datatypes/string/string-type.js';
import {
  hllInvalidObjError, hllSelfTestError, hllWrongTypeError, pfdebugNoKeyError, pfdebugNotSparseError,
  pfdebugUnknownSubcommandError,
} from '../errors.js';
import { OK, status, type Reply } from '../protocol/reply.js';
import { keyOf, optionWord } from './args.js';
import type { CommandContext } from './context.js';
import { keyAt } from './key-specs.js';
import { asString } from './string/common.js';
import type { CommandSpec } from './types.js';

// --- Helpers ---

/** isHLLObjectOrReply: a string value whose bytes form an HLL, else the HLL flavour of WRONGTYPE. */
function hllObject(obj: RedisObject): StringObject {
  const str = asString(obj);
  if (str.encoding === 'int' || !isHllString(stringValue(str))) throw hllWrongTypeError();
  return str;
}

function sparseMaxBytes(ctx: CommandContext): number {
  return ctx.server.config.get('hll-sparse-max-bytes');
}

/** dbUnshareStringValue with nothing to write: the value becomes raw (re-priced, not a change). */
function unshare(ctx: CommandContext, key: string, str: StringObject): void {
  if (str.encoding === 'raw') return;
  stringSetRange(str, 0, stringValue(str));
  ctx.db.reprice(key);
}

/**
 * Store an HLL's new bytes under `key` (held by `str`). With `signal`, the write is announced as
 * Redis's signalModifiedKey + dirty++ (WATCH, the dirty count, memory re-pricing); without, it is
 * only re-priced (PFDEBUG's conversions count dirty themselves but touch no watcher).
 * SIMPLIFIED: string-type.ts edits values only by overwriting or growing them, so a sparse value that
 * got shorter (VAL opcodes merged) is stored as a new string object: that path always signals.
 */
function storeHll(ctx: CommandContext, key: string, str: StringObject, value: string, signal: boolean): void {
  if (value.length >= stringLength(str)) {
    stringSetRange(str, 0, value); // a patch at 0 covering the whole value replaces it
    if (signal) ctx.db.touchWrite(key);
    else ctx.db.reprice(key);
  } else {
    ctx.db.overwrite(key, createStringForSetRange(0, value));
  }
}

// --- PFADD ---

/**
 * Add elements to the HLL at key (created sparse when missing); 1 if a register changed or the
 * key was created, else 0.
 * Format: PFADD key [element [element ...]]
 */
export function pfaddCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const key = keyOf(argv[1] as Buffer);
  const found = ctx.db.lookupWrite(key);
  if (found === undefined) {
    const result = hllAdd(EMPTY_SPARSE_HLL, argv, 2, sparseMaxBytes(ctx));
    // Creating the key counts as an update: the cache is marked stale even with no element.
    ctx.db.add(key, createStringForSetRange(0, hllMarkStale(result.value)));
    // The creation counts one (add's own), each raised register one more.
    ctx.server.dirty += result.updated;
    ctx.notify(NOTIFY_STRING, 'pfadd', key);
    return 1;
  }
  const str = hllObject(found);
  const result = hllAdd(stringValue(str), argv, 2, sparseMaxBytes(ctx));
  if (result.corrupt) {
    // Redis keeps the registers raised before the fault, silently.
    storeHll(ctx, key, str, result.value, false);
    throw hllInvalidObjError();
  }
  if (result.updated === 0) {
    unshare(ctx, key, str);
    return 0;
  }
  storeHll(ctx, key, str, result.value, true);
  ctx.server.dirty += result.updated - 1;
  ctx.notify(NOTIFY_STRING, 'pfadd', key);
  return 1;
}

// --- PFCOUNT ---

/**
 * The estimated number of distinct elements: of one HLL (from its cached cardinality, refreshed
 * and stored when stale), or of the union of several (merged on the fly, nothing written).
 * Missing keys count as empty HLLs.
 * Format: PFCOUNT key [key ...]
 */
export function pfcountCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  if (argv.length > 2) {
    const max = new Uint8Array(HLL_REGISTERS);
    for (let j = 1; j < argv.length; j++) {
      const obj = ctx.db.lookupRead(keyOf(argv[j] as Buffer));
      if (obj === undefined) continue;
      if (!hllMergeInto(max, stringValue(hllObject(obj)))) throw hllInvalidObjError();
    }
    return hllCountRegisters(max);
  }
  const key = keyOf(argv[1] as Buffer);
  const obj = ctx.db.lookupRead(key);
  if (obj === undefined) return 0;
  const str = hllObject(obj);
  unshare(ctx, key, str);
  const value = stringValue(str);
  const result = hllCount(value);
  if (result === null) throw hllInvalidObjError();
  // A refreshed cache changed the bytes: a modification (no keyspace event, as in Redis). The key
  // was looked up for reading, which does not protect it for a running BGSAVE's point-in-time view
  // (the guard is in lookupWrite), so the new bytes go in a new object and the view keeps the old.
  if (result.value !== value) ctx.db.overwrite(key, createStringForSetRange(0, result.value));
  return result.card;
}

// --- PFMERGE ---

/**
 * Merge the source HLLs into destkey (itself one of the sources when it exists): each register
 * becomes the maximum over all of them. Dense if any source is dense. Sends a `pfadd` event.
 * Format: PFMERGE destkey [sourcekey [sourcekey ...]]
 */
export function pfmergeCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const max = new Uint8Array(HLL_REGISTERS);
  let useDense = false;
  for (let j = 1; j < argv.length; j++) {
    const obj = ctx.db.lookupRead(keyOf(argv[j] as Buffer));
    if (obj === undefined) continue;
    const value = stringValue(hllObject(obj));
    if (hllEncodingName(value) === 'dense') useDense = true;
    if (!hllMergeInto(max, value)) throw hllInvalidObjError();
  }
  const dest = keyOf(argv[1] as Buffer);
  const found = ctx.db.lookupWrite(dest);
  if (found === undefined) {
    const value = hllStoreRegisters(EMPTY_SPARSE_HLL, max, useDense, sparseMaxBytes(ctx)) as string;
    ctx.db.add(dest, createStringForSetRange(0, value));
  } else {
    // Already checked as a source above.
    const str = asString(found);
    const value = hllStoreRegisters(stringValue(str), max, useDense, sparseMaxBytes(ctx));
    if (value === null) {
      unshare(ctx, dest, str);
      throw hllInvalidObjError();
    }
    storeHll(ctx, dest, str, value, true);
  }
  // Redis reports a merge as `pfadd`: in effect it adds registers to destkey.
  ctx.notify(NOTIFY_STRING, 'pfadd', dest);
  return OK;
}

// --- PFDEBUG / PFSELFTEST ---

/**
 * Inspect an HLL: GETREG (every register; converts a sparse HLL to dense), DECODE (a sparse
 * HLL's opcodes), ENCODING (dense or sparse), TODENSE (convert; 1 if it did).
 * Format: PFDEBUG subcommand key
 */
export function pfdebugCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const key = keyOf(argv[2] as Buffer);
  // Redis looks the key up before it reads the subcommand.
  const found = ctx.db.lookupWrite(key);
  if (found === undefined) throw pfdebugNoKeyError();
  const str = hllObject(found);
  unshare(ctx, key, str);
  const value = stringValue(str);
  const sub = optionWord(argv[1] as Buffer);
  switch (sub) {
    case 'GETREG': {
      const dense = toDense(ctx, key, str, value);
      return hllRegisters(dense);
    }
    case 'DECODE':
      if (hllEncodingName(value) !== 'sparse') throw pfdebugNotSparseError();
      return hllDecode(value);
    case 'ENCODING':
      return status(hllEncodingName(value));
    case 'TODENSE':
      return toDense(ctx, key, str, value) === value ? 0 : 1;
    default: {
      // The C string Redis prints ends at the first NUL.
      const raw = argv[1] as Buffer;
      const nul = raw.indexOf(0);
      throw pfdebugUnknownSubcommandError(keyOf(nul === -1 ? raw : raw.subarray(0, nul)));
    }
  }
}

/** PFDEBUG's conversion: stored, counted dirty ("force propagation"), but no watcher is touched. */
function toDense(ctx: CommandContext, key: string, str: StringObject, value: string): string {
  const dense = hllToDense(value);
  if (dense === null) throw hllInvalidObjError();
  if (dense !== value) {
    storeHll(ctx, key, str, dense, false);
    ctx.server.dirty++;
  }
  return dense;
}

/**
 * Check the register packing and the estimator's error bounds (10 million elements).
 * Format: PFSELFTEST
 */
export function pfselftestCommand(ctx: CommandContext): Reply {
  const failure = hllSelfTest(ctx.server.rng, sparseMaxBytes(ctx));
  if (failure !== null) throw hllSelfTestError(failure);
  return OK;
}

// --- Specs (src/commands/pf*.json) ---

export const hyperloglogCommands: readonly CommandSpec[] = [
  {
    name: 'pfadd', group: 'hyperloglog', arity: -2, flags: ['write', 'denyoom', 'fast'], keys: { first: 1, last: 1, step: 1 },
    acl: ['write', 'hyperloglog', 'fast'], keySpecs: [keyAt(1, ['RW', 'insert'])],
    arguments: [
      { name: 'key', type: 'key', keySpecIndex: 0 },
      { name: 'element', type: 'string', flags: ['optional', 'multiple'] },
    ],
    summary: 'Adds the specified elements to the specified HyperLogLog.', since: '2.8.9',
    complexity: 'O(1) to add every element.', handler: pfaddCommand,
  } satisfies CommandSpec,
  {
    name: 'pfcount', group: 'hyperloglog', arity: -2, flags: ['readonly', 'may_replicate'], keys: { first: 1, last: -1, step: 1 },
    acl: ['read', 'hyperloglog', 'slow'],
    keySpecs: [{
      ...keyAt(1, ['RW', 'access'], -1),
      notes: 'RW because it may change the internal representation of the key, and propagate to replicas',
    }],
    arguments: [{ name: 'key', type: 'key', keySpecIndex: 0, flags: ['multiple'] }],
    summary: 'Return the approximated cardinality of the set(s) observed by the HyperLogLog at key(s).', since: '2.8.9',
    complexity: 'O(1) with a very small average constant time when called with a single key. O(N) with N being the number of keys, and much bigger constant times, when called with multiple keys.',
    handler: pfcountCommand,
  } satisfies CommandSpec,
  {
    name: 'pfdebug', group: 'hyperloglog', arity: 3, flags: ['write', 'denyoom', 'admin'], keys: { first: 2, last: 2, step: 1 },
    acl: ['write', 'hyperloglog', 'admin', 'slow', 'dangerous'], keySpecs: [keyAt(2, ['RW', 'access'])],
    arguments: [{ name: 'subcommand', type: 'string' }, { name: 'key', type: 'key', keySpecIndex: 0 }],
    docFlags: ['syscmd'],
    summary: 'Internal commands for debugging HyperLogLog values', since: '2.8.9', complexity: 'N/A', handler: pfdebugCommand,
  } satisfies CommandSpec,
  {
    name: 'pfmerge', group: 'hyperloglog', arity: -2, flags: ['write', 'denyoom'], keys: { first: 1, last: -1, step: 1 },
    acl: ['write', 'hyperloglog', 'slow'],
    keySpecs: [keyAt(1, ['RW', 'access', 'insert']), keyAt(2, ['RO', 'access'], -1)],
    arguments: [
      { name: 'destkey', type: 'key', keySpecIndex: 0 },
      { name: 'sourcekey', type: 'key', keySpecIndex: 1, flags: ['multiple'] },
    ],
    summary: 'Merge N different HyperLogLogs into a single one.', since: '2.8.9',
    complexity: 'O(N) to merge N HyperLogLogs, but with high constant times.', handler: pfmergeCommand,
  } satisfies CommandSpec,
  {
    name: 'pfselftest', group: 'hyperloglog', arity: 1, flags: ['admin'],
    acl: ['hyperloglog', 'admin', 'slow', 'dangerous'], docFlags: ['syscmd'],
    summary: 'An internal command for testing HyperLogLog values', since: '2.8.9', complexity: 'N/A',
    handler: pfselftestCommand,
  } satisfies CommandSpec,
];
