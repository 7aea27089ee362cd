// Adding, trimming, deleting and reading entries: XADD, XTRIM, XDEL, XLEN, XSETID, XRANGE, XREVRANGE.
// Mirrors: redis src/t_stream.c (streamParseAddOrTrimArgsOrReply, xaddCommand, xtrimCommand,
// xdelCommand, xlenCommand, xsetidCommand, xrangeGenericCommand, streamRewriteApproxSpecifier,
// streamRewriteTrimArgument).
//
// Propagation. XADD with `*` or `<ms>-*` is logged with the ID it generated, so a replayed AOF
// holds the same IDs. An approximate trim (`~`) removed whatever whole nodes it could; it is logged
// as the exact trim that leaves the same stream: `MAXLEN = <length after>` or `MINID = <first ID
// after>` (LIMIT stays in the argv: a replaying client obeys and ignores it, see mustObey).

import { NOTIFY_STREAM } from '../../config/keyspace-events.js';
import { compareIds, decrId, incrId, MAX_ID, type StreamId } from '../../datatypes/stream/stream-id.js';
import {
  createStream, streamAppend, streamDelete, streamLastLiveId, streamRangePairs, streamTrim, type StreamObject, type TrimSpec,
} from '../../datatypes/stream/stream-type.js';
import {
  noSuchKeyError, streamEndIntervalError, streamLimitNegativeError, streamLimitWithoutApproxError,
  streamLimitWithoutStrategyError, streamMaxlenMinidError, streamMaxlenNegativeError, streamStartIntervalError,
  syntaxError, wrongArityError, xaddExhaustedError, xaddIdTooSmallError, xaddIdZeroError, xaddTooLargeError,
  xsetidEntriesAddedError, xsetidEntriesAddedNegativeError, xsetidMaxDeletedError, xsetidSmallerError,
  xtrimNoStrategyError,
} from '../../errors.js';
import { NULL_ARRAY, OK, type Reply } from '../../protocol/reply.js';
import { keyOf, optionWord } from '../args.js';
import type { CommandContext } from '../context.js';
import {
  idBuffer, int64BigArg, intervalIdArg, longLongArg, lookupStreamRead, lookupStreamWrite, mustObey,
  nodeLimits, strictIdArg, xaddIdArg,
} from './common.js';

// --- Trim arguments (streamParseAddOrTrimArgsOrReply) ---

interface AddTrimArgs {
  trim: TrimSpec | undefined;
  /** argv index of the MAXLEN count / MINID id (rewritten for propagation). */
  trimArgIndex: number;
  noMkStream: boolean;
  /** XADD: the explicit ID, if any, and whether its sequence was given. */
  id: StreamId | undefined;
  seqGiven: boolean;
  /** XADD: argv index of the ID. */
  idIndex: number;
}

/** Stream defaults: ~ without LIMIT trims at most 100 nodes' worth (capped at 10000). */
function defaultApproxLimit(ctx: CommandContext): number {
  const limit = 100 * ctx.server.config.get('stream-node-max-entries');
  return limit <= 0 || limit > 10000 ? 10000 : limit;
}

function parseAddOrTrimArgs(ctx: CommandContext, argv: readonly Buffer[], xadd: boolean): AddTrimArgs {
  let strategy: 'maxlen' | 'minid' | undefined;
  let approx = false;
  let maxlen = 0;
  let minid: StreamId = { ms: 0n, seq: 0n };
  let limit = 0;
  let limitGiven = false;
  const out: AddTrimArgs = { trim: undefined, trimArgIndex: -1, noMkStream: false, id: undefined, seqGiven: true, idIndex: -1 };
  let i = 2;
  for (; i < argv.length; i++) {
    const moreArgs = argv.length - 1 - i;
    const arg = argv[i] as Buffer;
    if (xadd && arg.length === 1 && arg[0] === 0x2a) {
      out.idIndex = i;
      break;
    }
    const opt = optionWord(arg);
    if ((opt === 'MAXLEN' || opt === 'MINID') && moreArgs > 0) {
      if (strategy !== undefined) throw streamMaxlenMinidError();
      approx = false;
      const next = argv[i + 1] as Buffer;
      if (moreArgs >= 2 && next.length === 1 && (next[0] === 0x7e || next[0] === 0x3d)) {
        approx = next[0] === 0x7e;
        i++;
      }
      if (opt === 'MAXLEN') {
        maxlen = longLongArg(argv[i + 1] as Buffer);
        if (maxlen < 0) throw streamMaxlenNegativeError();
      } else {
        minid = strictIdArg(argv[i + 1] as Buffer);
      }
      i++;
      strategy = opt === 'MAXLEN' ? 'maxlen' : 'minid';
      out.trimArgIndex = i;
    } else if (opt === 'LIMIT' && moreArgs > 0) {
      limit = longLongArg(argv[i + 1] as Buffer);
      if (limit < 0) throw streamLimitNegativeError();
      limitGiven = true;
      i++;
    } else if (xadd && opt === 'NOMKSTREAM') {
      out.noMkStream = true;
    } else if (xadd) {
      const parsed = xaddIdArg(arg);
      out.id = parsed.id;
      out.seqGiven = parsed.seqGiven;
      out.idIndex = i;
      break;
    } else {
      throw syntaxError();
    }
  }
  if (xadd && out.idIndex === -1) out.idIndex = i;
  if (limit !== 0 && strategy === undefined) throw streamLimitWithoutStrategyError();
  if (!xadd && strategy === undefined) throw xtrimNoStrategyError();
  if (mustObey(ctx)) {
    limit = 0;
  } else if (limitGiven) {
    if (!approx) throw streamLimitWithoutApproxError();
  } else {
    limit = approx ? defaultApproxLimit(ctx) : 0;
  }
  if (strategy !== undefined) out.trim = { strategy, maxlen, minid, approx, limit };
  return out;
}

/** The argv to propagate after an approximate trim: `=` and the exact threshold it reached. */
function rewriteApproxTrim(argv: Buffer[], s: StreamObject, args: AddTrimArgs): void {
  const trim = args.trim as TrimSpec;
  argv[args.trimArgIndex - 1] = EQUALS_ARG;
  if (trim.strategy === 'maxlen') argv[args.trimArgIndex] = Buffer.from(String(s.length));
  else argv[args.trimArgIndex] = idBuffer(s.chunks[0]?.masterId ?? MAX_ID);
}

const EQUALS_ARG = Buffer.from('=');

// --- Commands ---

/**
 * Append an entry, creating the stream unless NOMKSTREAM; optionally trim. Replies the new ID.
 * Format: XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value [field value ...]
 */
export function xaddCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const args = parseAddOrTrimArgs(ctx, argv, true);
  const fieldPos = args.idIndex + 1;
  const pairsArgs = argv.length - fieldPos;
  if (pairsArgs < 2 || pairsArgs % 2 === 1) throw wrongArityError('xadd');
  if (args.id !== undefined && args.seqGiven && args.id.ms === 0n && args.id.seq === 0n) throw xaddIdZeroError();
  const key = keyOf(argv[1] as Buffer);
  let s = lookupStreamWrite(ctx, key);
  const created = s === undefined;
  if (s === undefined) {
    if (args.noMkStream) return null;
    s = createStream();
  }
  if (s.lastId.ms === MAX_ID.ms && s.lastId.seq === MAX_ID.seq) throw xaddExhaustedError();
  const fields: string[] = [];
  for (let i = fieldPos; i < argv.length; i++) fields.push((argv[i] as Buffer).latin1Slice());
  const id = streamAppend(s, fields, args.id, args.seqGiven, ctx.server.clock.now(), nodeLimits(ctx));
  if (id === 'id-too-small') throw xaddIdTooSmallError();
  if (id === 'too-large') throw xaddTooLargeError();
  if (created) ctx.db.add(key, s);
  else ctx.db.touchWrite(key);
  ctx.notify(NOTIFY_STREAM, 'xadd', key);
  let rewritten: Buffer[] | undefined;
  if (args.trim !== undefined) {
    if (streamTrim(s, args.trim) > 0) ctx.notify(NOTIFY_STREAM, 'xtrim', key);
    if (args.trim.approx && ctx.server.propagation !== undefined) {
      rewritten = [...argv];
      rewriteApproxTrim(rewritten, s, args);
    }
  }
  if (ctx.server.propagation !== undefined && (args.id === undefined || !args.seqGiven)) {
    rewritten ??= [...argv];
    rewritten[args.idIndex] = idBuffer(id);
  }
  if (rewritten !== undefined) ctx.propagateAs(rewritten);
  return `${id.ms}-${id.seq}`;
}

/**
 * Trim the stream by length or minimum ID; replies how many entries were removed.
 * Format: XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT count]
 */
export function xtrimCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const args = parseAddOrTrimArgs(ctx, argv, false);
  const key = keyOf(argv[1] as Buffer);
  const s = lookupStreamWrite(ctx, key);
  if (s === undefined) return 0;
  const trim = args.trim as TrimSpec;
  const deleted = streamTrim(s, trim);
  if (deleted > 0) {
    ctx.notify(NOTIFY_STREAM, 'xtrim', key);
    if (trim.approx && ctx.server.propagation !== undefined) {
      const rewritten = [...argv];
      rewriteApproxTrim(rewritten, s, args);
      ctx.propagateAs(rewritten);
    }
    ctx.db.touchWrite(key);
    ctx.server.dirty += deleted - 1;
  }
  return deleted;
}

/**
 * Delete entries by ID; replies how many existed. The key stays even when the stream empties.
 * Format: XDEL key id [id ...]
 */
export function xdelCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const key = keyOf(argv[1] as Buffer);
  const s = lookupStreamWrite(ctx, key);
  if (s === undefined) return 0;
  // Every ID is checked before anything is deleted.
  const ids: StreamId[] = [];
  for (let j = 2; j < argv.length; j++) ids.push(strictIdArg(argv[j] as Buffer));
  let deleted = 0;
  for (const id of ids) if (streamDelete(s, id)) deleted++;
  if (deleted > 0) {
    ctx.db.touchWrite(key);
    ctx.server.dirty += deleted - 1;
    ctx.notify(NOTIFY_STREAM, 'xdel', key);
  }
  return deleted;
}

/**
 * The number of entries (0 for a missing key).
 * Format: XLEN key
 */
export function xlenCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const s = lookupStreamRead(ctx, keyOf(argv[1] as Buffer));
  return s === undefined ? 0 : s.length;
}

/**
 * Set the stream's last ID (and 7.0's entries-added and max-deleted-id counters).
 * Format: XSETID key last-id [ENTRIESADDED entries-added] [MAXDELETEDID max-deleted-id]
 */
export function xsetidCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const id = strictIdArg(argv[2] as Buffer);
  let entriesAdded = -1n;
  let maxDeleted: StreamId | undefined;
  for (let i = 3; i < argv.length; i += 2) {
    const moreArgs = argv.length - 1 - i;
    const opt = optionWord(argv[i] as Buffer);
    if (opt === 'ENTRIESADDED' && moreArgs > 0) {
      entriesAdded = int64BigArg(argv[i + 1] as Buffer);
      if (entriesAdded < 0n) throw xsetidEntriesAddedNegativeError();
    } else if (opt === 'MAXDELETEDID' && moreArgs > 0) {
      maxDeleted = strictIdArg(argv[i + 1] as Buffer);
      if (compareIds(id, maxDeleted) < 0) throw xsetidMaxDeletedError();
    } else {
      throw syntaxError();
    }
  }
  const key = keyOf(argv[1] as Buffer);
  const s = lookupStreamWrite(ctx, key);
  if (s === undefined) throw noSuchKeyError();
  if (s.length > 0) {
    const maxId = streamLastLiveId(s) ?? s.lastId;
    if (compareIds(id, maxId) < 0) throw xsetidSmallerError();
    if (entriesAdded !== -1n && BigInt(s.length) > entriesAdded) throw xsetidEntriesAddedError();
  }
  // 7.0.15 compares the new ID with the top entry and a MAXDELETEDID given here, not with the stored
  // max-deleted-id: XSETID may set the last ID below it (found by the streams differential family).
  s.lastId = id;
  if (entriesAdded !== -1n) s.entriesAdded = entriesAdded;
  if (maxDeleted !== undefined && (maxDeleted.ms !== 0n || maxDeleted.seq !== 0n)) s.maxDeletedId = maxDeleted;
  // Redis 7.0.15 does not signal the key (a WATCH survives XSETID): a change, re-priced.
  ctx.server.dirty++;
  ctx.db.reprice(key);
  ctx.notify(NOTIFY_STREAM, 'xsetid', key);
  return OK;
}

/** xrangeGenericCommand. */
function xrangeGeneric(ctx: CommandContext, argv: readonly Buffer[], rev: boolean): Reply {
  const startArg = intervalIdArg((rev ? argv[3] : argv[2]) as Buffer, 0n);
  let start: StreamId | undefined = startArg.id;
  if (startArg.exclusive) {
    start = incrId(start);
    if (start === undefined) throw streamStartIntervalError();
  }
  const endArg = intervalIdArg((rev ? argv[2] : argv[3]) as Buffer, MAX_ID.seq);
  let end: StreamId | undefined = endArg.id;
  if (endArg.exclusive) {
    end = decrId(end);
    if (end === undefined) throw streamEndIntervalError();
  }
  let count = -1;
  for (let j = 4; j < argv.length; j++) {
    if (optionWord(argv[j] as Buffer) === 'COUNT' && j + 1 < argv.length) {
      count = longLongArg(argv[j + 1] as Buffer);
      if (count < 0) count = 0;
      j++;
    } else {
      throw syntaxError();
    }
  }
  const s = lookupStreamRead(ctx, keyOf(argv[1] as Buffer));
  if (s === undefined) return [];
  if (count === 0) return NULL_ARRAY;
  return streamRangePairs(s, start, end, rev, count === -1 ? 0 : count);
}

/**
 * Entries with IDs in [start, end] (`-`, `+`, `(` for exclusive), oldest first.
 * Format: XRANGE key start end [COUNT count]
 */
export function xrangeCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return xrangeGeneric(ctx, argv, false);
}

/**
 * XRANGE newest first, bounds given end first.
 * Format: XREVRANGE key end start [COUNT count]
 */
export function xrevrangeCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return xrangeGeneric(ctx, argv, true);
}
