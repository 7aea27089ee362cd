// Claiming pending entries for another consumer: XCLAIM and XAUTOCLAIM.
// Mirrors: redis src/t_stream.c (xclaimCommand, xautoclaimCommand, streamPropagateXCLAIM).
//
// Both change the stream without signalling the key (no WATCH abort, no keyspace event but the
// consumer creation), as in 7.0.15, and are logged as one XCLAIM ... FORCE JUSTID per pending entry
// they touched, so a replayed AOF rebuilds the same PEL; an entry deleted from the stream is
// dropped from the PEL (XAUTOCLAIM lists it in its third reply element).

import { NOTIFY_STREAM } from '../../config/keyspace-events.js';
import {
  createConsumer, pelFind, pelIndex, pelInsert, pelRemove, type Consumer, type ConsumerGroup, type PendingEntry,
} from '../../datatypes/stream/consumer-group.js';
import { compareIds, formatId, incrId, type StreamId } from '../../datatypes/stream/stream-id.js';
import { streamLookup } from '../../datatypes/stream/stream-type.js';
import {
  streamStartIntervalError, syntaxError, xautoclaimCountError, xclaimIdleError, xclaimMinIdleError, xclaimOptionError,
  xclaimTimeError, ReplyError,
} from '../../errors.js';
import type { Reply } from '../../protocol/reply.js';
import { parseLongLong } from '../../util/numbers.js';
import { optionWord } from '../args.js';
import type { CommandContext } from '../context.js';
import { entryReply, groupChanged, intervalIdArg, requireGroup, strictIdArg } from './common.js';
import { setidPropagation, xclaimPropagation } from './read.js';


/** getLongLongFromObjectOrReply with a custom message. */
function longLongOr(arg: Buffer, error: () => ReplyError): number {
  const v = parseLongLong(arg);
  if (v === null) throw error();
  return Number(v);
}

/** The consumer a claim goes to, created (with its event) on first use. */
function claimant(ctx: CommandContext, group: ConsumerGroup, name: string, key: string, now: number): Consumer {
  let consumer = group.consumers.get(name);
  if (consumer === undefined) {
    consumer = createConsumer(group, name, now) as Consumer;
    ctx.server.dirty++;
    ctx.notify(NOTIFY_STREAM, 'xgroup-createconsumer', key);
  }
  consumer.seenTime = now;
  return consumer;
}

function giveTo(nack: PendingEntry, consumer: Consumer): void {
  if (nack.consumer === consumer) return;
  pelRemove(nack.consumer.pel, nack.id);
  nack.consumer = consumer;
  pelInsert(consumer.pel, nack);
}

/**
 * Take pending messages idle at least min-idle-time ms for this consumer; replies them (or their
 * IDs with JUSTID). FORCE creates PEL entries for IDs not pending; LASTID moves the group.
 * Format: XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [TIME unix-time-milliseconds] [RETRYCOUNT count] [FORCE] [JUSTID] [LASTID lastid]
 */
export function xclaimCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const { s, group, key } = requireGroup(ctx, argv, true);
  const minIdle = Math.max(0, longLongOr(argv[4] as Buffer, () => xclaimMinIdleError('XCLAIM')));
  const ids: StreamId[] = [];
  let j = 5;
  for (; j < argv.length; j++) {
    const parsed = parseIdQuiet(argv[j] as Buffer);
    if (parsed === undefined) break;
    ids.push(parsed);
  }
  const now = ctx.server.clock.now();
  let retryCount = -1;
  let deliveryTime = -1;
  let force = false;
  let justId = false;
  let propagateLastId = false;
  for (; j < argv.length; j++) {
    const moreArgs = argv.length - 1 - j;
    const opt = optionWord(argv[j] as Buffer);
    if (opt === 'FORCE') force = true;
    else if (opt === 'JUSTID') justId = true;
    else if (opt === 'IDLE' && moreArgs > 0) deliveryTime = now - longLongOr(argv[++j] as Buffer, xclaimIdleError);
    else if (opt === 'TIME' && moreArgs > 0) deliveryTime = longLongOr(argv[++j] as Buffer, xclaimTimeError);
    else if (opt === 'RETRYCOUNT' && moreArgs > 0) {
      retryCount = longLongOr(argv[++j] as Buffer, () => new ReplyError('ERR Invalid RETRYCOUNT option argument for XCLAIM'));
    } else if (opt === 'LASTID' && moreArgs > 0) {
      const id = strictIdArg(argv[++j] as Buffer);
      if (compareIds(id, group.lastId) > 0) {
        group.lastId = id;
        propagateLastId = true;
      }
    } else {
      throw xclaimOptionError(argv[j] as Buffer);
    }
  }
  if (deliveryTime === -1 || deliveryTime < 0 || deliveryTime > now) deliveryTime = now;

  const keyArg = argv[1] as Buffer;
  const groupArg = argv[2] as Buffer;
  const propagate: Buffer[][] = [];
  const logging = ctx.server.propagation !== undefined;
  const out: Reply[] = [];
  let consumer: Consumer | undefined;
  let changes = 0;
  for (const id of ids) {
    let nack = pelFind(group.pel, id);
    const entry = streamLookup(s, id);
    if (entry === undefined) {
      // The entry is gone: drop it from the PEL (logged as an XCLAIM of the old owner).
      if (nack !== undefined) {
        if (logging) propagate.push(xclaimPropagation(keyArg, group, groupArg, nack));
        propagateLastId = false;
        changes++;
        pelRemove(group.pel, id);
        pelRemove(nack.consumer.pel, id);
      }
      continue;
    }
    let fresh = false;
    if (force && nack === undefined) {
      fresh = true;
    } else if (nack === undefined) {
      continue;
    }
    if (!fresh && minIdle !== 0 && now - (nack as PendingEntry).deliveryTime < minIdle) continue;
    consumer ??= claimant(ctx, group, (argv[3] as Buffer).latin1Slice(), key, now);
    if (fresh) {
      nack = { id, consumer, deliveryTime, deliveryCount: 1 };
      pelInsert(group.pel, nack);
      pelInsert(consumer.pel, nack);
    } else {
      giveTo(nack as PendingEntry, consumer);
    }
    const n = nack as PendingEntry;
    n.deliveryTime = deliveryTime;
    if (retryCount >= 0) n.deliveryCount = retryCount;
    else if (!justId) n.deliveryCount++;
    out.push(justId ? formatId(id) : entryReply(entry));
    if (logging) propagate.push(xclaimPropagation(keyArg, group, groupArg, n));
    propagateLastId = false;
    changes++;
  }
  if (propagateLastId) {
    if (logging) propagate.push(setidPropagation(keyArg, group, groupArg));
    changes++;
  }
  if (changes > 0) groupChanged(ctx, key, changes);
  if (logging) ctx.propagateAs(...propagate);
  return out;
}

function parseIdQuiet(arg: Buffer): StreamId | undefined {
  try {
    return strictIdArg(arg);
  } catch {
    return undefined;
  }
}

/** XAUTOCLAIM's COUNT ceiling (LONG_MAX / sizeof(streamID)). */
const XAUTOCLAIM_MAX_COUNT = 576460752303423487n;
const XAUTOCLAIM_ATTEMPTS_FACTOR = 10;

/**
 * Claim pending messages idle at least min-idle-time ms, scanning the PEL from `start`; replies
 * the cursor to continue from (0-0 at the end), the claimed entries (or IDs with JUSTID), and the
 * IDs it dropped from the PEL because their entries were deleted.
 * Format: XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID]
 */
export function xautoclaimCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const minIdle = Math.max(0, longLongOr(argv[4] as Buffer, () => xclaimMinIdleError('XAUTOCLAIM')));
  const startArg = intervalIdArg(argv[5] as Buffer, 0n);
  const startId = startArg.exclusive ? incrId(startArg.id) : startArg.id;
  if (startId === undefined) throw streamStartIntervalError();
  let count = 100;
  let justId = false;
  for (let j = 6; j < argv.length; j++) {
    const moreArgs = argv.length - 1 - j;
    const opt = optionWord(argv[j] as Buffer);
    if (opt === 'COUNT' && moreArgs > 0) {
      const v = parseLongLong(argv[j + 1] as Buffer);
      if (v === null || BigInt(v) < 1n || BigInt(v) > XAUTOCLAIM_MAX_COUNT) throw xautoclaimCountError();
      count = Number(v);
      j++;
    } else if (opt === 'JUSTID') {
      justId = true;
    } else {
      throw syntaxError();
    }
  }
  const { s, group, key } = requireGroup(ctx, argv, true);
  const keyArg = argv[1] as Buffer;
  const groupArg = argv[2] as Buffer;
  const logging = ctx.server.propagation !== undefined;
  const propagate: Buffer[][] = [];
  const now = ctx.server.clock.now();
  let attempts = count * XAUTOCLAIM_ATTEMPTS_FACTOR;
  const claimed: Reply[] = [];
  const deleted: Reply[] = [];
  let consumer: Consumer | undefined;
  let changes = 0;
  let i = pelIndex(group.pel, startId);
  while (attempts-- > 0 && count > 0 && i < group.pel.length) {
    const nack = group.pel[i] as PendingEntry;
    const entry = streamLookup(s, nack.id);
    if (entry === undefined) {
      if (logging) propagate.push(xclaimPropagation(keyArg, group, groupArg, nack));
      changes++;
      group.pel.splice(i, 1);
      pelRemove(nack.consumer.pel, nack.id);
      deleted.push(formatId(nack.id));
      count--;
      continue;
    }
    i++;
    if (minIdle !== 0 && now - nack.deliveryTime < minIdle) continue;
    consumer ??= claimant(ctx, group, (argv[3] as Buffer).latin1Slice(), key, now);
    giveTo(nack, consumer);
    nack.deliveryTime = now;
    if (!justId) nack.deliveryCount++;
    claimed.push(justId ? formatId(nack.id) : entryReply(entry));
    count--;
    if (logging) propagate.push(xclaimPropagation(keyArg, group, groupArg, nack));
    changes++;
  }
  const next = group.pel[i];
  if (changes > 0) groupChanged(ctx, key, changes);
  if (logging) ctx.propagateAs(...propagate);
  return [next === undefined ? '0-0' : formatId(next.id), claimed, deleted];
}
