// Reading new entries: XREAD and XREADGROUP, with BLOCK.
// Mirrors: redis src/t_stream.c (xreadCommand, streamReplyWithRange with a group,
// streamReplyWithRangeFromConsumerPEL, streamPropagateXCLAIM, streamPropagateGroupID,
// streamPropagateConsumerCreation) and src/blocked.c (serveClientsBlockedOnStreamKey).
//
// Blocking goes through the server's generic machinery (src/server/blocking.ts): with nothing to
// serve, the command calls ctx.block(keys) and runs again when one of them is written, told which
// (ctx.wokenKey), and then serves that stream alone, as Redis does. Two things make a stream
// re-run differ from its first run:
//   - `$` means "the last ID when I blocked": before blocking we replace each `$` in the argv the
//     server keeps for the re-run by that ID, so the re-run waits for entries after it.
//     DIFFERS FROM REDIS: Redis keeps the resolved IDs beside the blocked client instead; the
//     visible difference is CLIENT LIST / MONITOR showing no `$` for a blocked XREAD.
//   - without COUNT, a woken reader gets at most 1000 entries (XREAD_BLOCKED_DEFAULT_COUNT).
// A write that adds nothing past the awaited ID (XDEL, XTRIM, another type) leaves it blocked.
//
// XREADGROUP is not logged as sent: each entry it hands to a consumer is logged as an XCLAIM that
// recreates the pending entry (with TIME, RETRYCOUNT, FORCE, JUSTID and the group's LASTID); a
// NOACK read logs XGROUP SETID (plus XGROUP CREATECONSUMER for a consumer it created), as 7.0.15.

import { NOTIFY_STREAM } from '../../config/keyspace-events.js';
import {
  advanceGroup, createConsumer, lookupGroup, pelFind, pelIndex, pelInsert, type Consumer, type ConsumerGroup,
  type PendingEntry,
} from '../../datatypes/stream/consumer-group.js';
import { compareIds, formatId, incrId, MAX_ID, type StreamId } from '../../datatypes/stream/stream-id.js';
import { streamForRange, streamLastLiveId, streamLookup, streamRangePairs, type StreamObject } from '../../datatypes/stream/stream-type.js';
import {
  syntaxError, xreadGreaterThanError, xreadGroupOptionError, xreadgroupDollarError, xreadgroupGroupGoneError,
  xreadgroupMissingGroupError, xreadgroupNoGroupError, xreadNoackOptionError, xreadUnbalancedError,
} from '../../errors.js';
import { map, NULL_ARRAY, type Reply } from '../../protocol/reply.js';
import { keyOf, optionWord } from '../args.js';
import type { CommandContext } from '../context.js';
import { asStream, blockMsArg, entryReply, guardWrite, idBuffer, longLongArg, strictIdArg } from './common.js';

/** How many entries a woken blocked reader gets when it gave no COUNT (XREAD_BLOCKED_DEFAULT_COUNT). */
const XREAD_BLOCKED_DEFAULT_COUNT = 1000;

interface ReadArgs {
  count: number;
  /** Milliseconds; -1: no BLOCK. */
  timeoutMs: number;
  group: Buffer | undefined;
  consumer: Buffer | undefined;
  noack: boolean;
  streamsArg: number;
  streamsCount: number;
}

function parseReadArgs(argv: readonly Buffer[], xreadgroup: boolean): ReadArgs {
  const args: ReadArgs = {
    count: 0, timeoutMs: -1, group: undefined, consumer: undefined, noack: false, streamsArg: 0, streamsCount: 0,
  };
  for (let i = 1; i < argv.length; i++) {
    const moreArgs = argv.length - i - 1;
    const opt = optionWord(argv[i] as Buffer);
    if (opt === 'BLOCK' && moreArgs > 0) {
      i++;
      args.timeoutMs = blockMsArg(argv[i] as Buffer);
    } else if (opt === 'COUNT' && moreArgs > 0) {
      i++;
      args.count = Math.max(0, longLongArg(argv[i] as Buffer));
    } else if (opt === 'STREAMS' && moreArgs > 0) {
      args.streamsArg = i + 1;
      const n = argv.length - args.streamsArg;
      if (n % 2 !== 0) throw xreadUnbalancedError();
      args.streamsCount = n / 2;
      break;
    } else if (opt === 'GROUP' && moreArgs >= 2) {
      if (!xreadgroup) throw xreadGroupOptionError();
      args.group = argv[i + 1] as Buffer;
      args.consumer = argv[i + 2] as Buffer;
      i += 2;
    } else if (opt === 'NOACK') {
      if (!xreadgroup) throw xreadNoackOptionError();
      args.noack = true;
    } else {
      throw syntaxError();
    }
  }
  if (args.streamsArg === 0) throw syntaxError();
  if (xreadgroup && args.group === undefined) throw xreadgroupMissingGroupError();
  return args;
}

/** `>`: serve entries never delivered to the group (Redis marks it with the maximum ID). */
const NEW_ENTRIES = MAX_ID;

function isArg(arg: Buffer, char: number): boolean {
  return arg.length === 1 && arg[0] === char;
}

/**
 * Read from one or more streams the entries after the given IDs (`$`: only new ones), optionally
 * waiting for them. A null array when nothing came.
 * Format: XREAD [COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...]
 */
export function xreadCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return xreadGeneric(ctx, argv, false);
}

/**
 * Read as a consumer of a group: `>` for entries never delivered to the group (they become pending
 * for this consumer unless NOACK), or an ID to re-read this consumer's pending entries.
 * Format: XREADGROUP GROUP group consumer [COUNT count] [BLOCK milliseconds] [NOACK] STREAMS key [key ...] id [id ...]
 */
export function xreadgroupCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return xreadGeneric(ctx, argv, true);
}

function xreadGeneric(ctx: CommandContext, argv: readonly Buffer[], xreadgroup: boolean): Reply {
  const args = parseReadArgs(argv, xreadgroup);
  const { streamsArg, streamsCount } = args;
  const woken = ctx.wokenKey;
  const ids: StreamId[] = [];
  const groups: Array<ConsumerGroup | undefined> = [];
  const groupName = args.group?.latin1Slice();
  for (let i = streamsArg + streamsCount; i < argv.length; i++) {
    const keyArg = argv[i - streamsCount] as Buffer;
    const key = keyOf(keyArg);
    const obj = ctx.db.lookupRead(key);
    let s: StreamObject | undefined;
    if (obj !== undefined) s = asStream(obj);
    if (groupName !== undefined) {
      const group = s === undefined ? undefined : lookupGroup(s, groupName);
      if (group === undefined) {
        // A woken reader whose key is gone keeps waiting; one whose group was destroyed is told.
        if (woken === key) {
          if (s === undefined) return ctx.block([], 0, NULL_ARRAY);
          throw xreadgroupGroupGoneError();
        }
        throw xreadgroupNoGroupError(keyArg, args.group as Buffer);
      }
      groups.push(group);
    }
    const idArg = argv[i] as Buffer;
    if (isArg(idArg, 0x24)) {
      if (xreadgroup) throw xreadgroupDollarError();
      ids.push(s === undefined ? { ms: 0n, seq: 0n } : s.lastId);
    } else if (isArg(idArg, 0x3e)) {
      if (!xreadgroup) throw xreadGreaterThanError();
      ids.push(NEW_ENTRIES);
    } else {
      ids.push(strictIdArg(idArg));
    }
  }

  const now = ctx.server.clock.now();
  const count = woken !== undefined && args.count === 0 ? XREAD_BLOCKED_DEFAULT_COUNT : args.count;
  const served: Array<[Buffer, Reply]> = [];
  const propagate: Buffer[][] = [];
  for (let i = 0; i < streamsCount; i++) {
    const keyArg = argv[streamsArg + i] as Buffer;
    const key = keyOf(keyArg);
    if (woken !== undefined && key !== woken) continue;
    const obj = ctx.db.lookupRead(key);
    if (obj === undefined) continue;
    const s = asStream(obj);
    if (xreadgroup) guardWrite(ctx, s);
    let gt = ids[i] as StreamId;
    const group = groups[i];
    let serve = false;
    let history = false;
    let consumer: Consumer | undefined;
    if (group !== undefined) {
      if (gt !== NEW_ENTRIES) {
        serve = true;
        history = true;
      } else if (s.length > 0) {
        const last = streamLastLiveId(s) ?? s.lastId;
        if (compareIds(last, group.lastId) > 0) {
          serve = true;
          gt = group.lastId;
        }
      }
      // Redis creates (and refreshes) the consumer only when there is something to serve it.
      if (!serve) continue;
      consumer = group.consumers.get((args.consumer as Buffer).latin1Slice());
      if (consumer === undefined) {
        consumer = createConsumer(group, (args.consumer as Buffer).latin1Slice(), now) as Consumer;
        ctx.server.dirty++;
        ctx.notify(NOTIFY_STREAM, 'xgroup-createconsumer', key);
        if (args.noack && !history) {
          propagate.push([XGROUP_ARG, CREATECONSUMER_ARG, keyArg, args.group as Buffer, args.consumer as Buffer]);
        }
      }
      consumer.seenTime = now;
    } else if (s.length > 0) {
      const last = streamLastLiveId(s) ?? s.lastId;
      if (compareIds(last, gt) > 0) serve = true;
    }
    if (!serve) continue;
    const start = incrId(gt);
    let entries: Reply[];
    if (group === undefined) {
      entries = start === undefined ? [] : readRange(s, start, count);
    } else if (history) {
      entries = start === undefined ? [] : readConsumerPel(s, consumer as Consumer, start, count, now);
    } else {
      entries = readNewForGroup(ctx, s, group, consumer as Consumer, start as StreamId, count, args, keyArg, now, propagate);
    }
    if (group !== undefined) {
      ctx.server.dirty++;
      // The PEL and consumers changed without a signalled write: re-price the key.
      ctx.db.reprice(key);
    }
    served.push([keyArg, entries]);
  }
  if (xreadgroup && ctx.server.propagation !== undefined) ctx.propagateAs(...propagate);

  if (served.length > 0) {
    if (ctx.resp === 3) return map(served.flat());
    return served.map(([key, entries]) => [key, entries]);
  }
  if (args.timeoutMs === -1) return NULL_ARRAY;
  if (woken === undefined && ctx.mayBlock && !xreadgroup) resolveDollars(argv, ids, streamsArg, streamsCount);
  const keys: string[] = [];
  for (let i = 0; i < streamsCount; i++) keys.push(keyOf(argv[streamsArg + i] as Buffer));
  return ctx.block(keys, args.timeoutMs, NULL_ARRAY);
}

/** Replace each `$` of a blocking XREAD's argv by the ID it stood for (see the header). */
function resolveDollars(argv: readonly Buffer[], ids: readonly StreamId[], streamsArg: number, streamsCount: number): void {
  const mutable = argv as Buffer[];
  for (let i = 0; i < streamsCount; i++) {
    const at = streamsArg + streamsCount + i;
    if (isArg(argv[at] as Buffer, 0x24)) mutable[at] = idBuffer(ids[i] as StreamId);
  }
}

function readRange(s: StreamObject, start: StreamId, count: number): Reply[] {
  return streamRangePairs(s, start, MAX_ID, false, count);
}

/** streamReplyWithRangeFromConsumerPEL: the consumer's pending entries from `start`. */
function readConsumerPel(s: StreamObject, consumer: Consumer, start: StreamId, count: number, now: number): Reply[] {
  const out: Reply[] = [];
  for (let i = pelIndex(consumer.pel, start); i < consumer.pel.length && (count === 0 || out.length < count); i++) {
    const nack = consumer.pel[i] as PendingEntry;
    const entry = streamLookup(s, nack.id);
    if (entry === undefined) {
      // Deleted since it was delivered: the ID with a null entry.
      out.push([formatId(nack.id), NULL_ARRAY]);
    } else {
      nack.deliveryTime = now;
      nack.deliveryCount++;
      out.push(entryReply(entry));
    }
  }
  return out;
}

/** `>`: deliver entries after the group's last ID, making them pending unless NOACK. */
function readNewForGroup(
  ctx: CommandContext, s: StreamObject, group: ConsumerGroup, consumer: Consumer, start: StreamId, count: number,
  args: ReadArgs, keyArg: Buffer, now: number, propagate: Buffer[][],
): Reply[] {
  const out: Reply[] = [];
  let advanced = false;
  const logging = ctx.server.propagation !== undefined;
  streamForRange(s, start, MAX_ID, false, (e) => {
    if (advanceGroup(s, group, e.id)) advanced = true;
    if (!args.noack) {
      let nack = pelFind(group.pel, e.id);
      if (nack === undefined) {
        nack = { id: e.id, consumer, deliveryTime: now, deliveryCount: 1 };
        pelInsert(group.pel, nack);
        pelInsert(consumer.pel, nack);
      } else {
        // Already pending (the group's last ID was set back): it moves to this consumer, count 1.
        if (nack.consumer !== consumer) {
          const old = nack.consumer.pel;
          old.splice(pelIndex(old, e.id), 1);
          nack.consumer = consumer;
          pelInsert(consumer.pel, nack);
        }
        nack.deliveryTime = now;
        nack.deliveryCount = 1;
      }
      if (logging) propagate.push(xclaimPropagation(keyArg, group, args.group as Buffer, nack));
    }
    out.push(entryReply(e));
    return count === 0 || out.length < count;
  });
  if (advanced && args.noack && logging) propagate.push(setidPropagation(keyArg, group, args.group as Buffer));
  return out;
}

const XGROUP_ARG = Buffer.from('XGROUP');
const CREATECONSUMER_ARG = Buffer.from('CREATECONSUMER');

/** streamPropagateXCLAIM: the XCLAIM that recreates a pending entry exactly. */
export function xclaimPropagation(keyArg: Buffer, group: ConsumerGroup, groupArg: Buffer, nack: PendingEntry): Buffer[] {
  return [
    Buffer.from('XCLAIM'), keyArg, groupArg, Buffer.from(nack.consumer.name, 'latin1'), Buffer.from('0'), idBuffer(nack.id),
    Buffer.from('TIME'), Buffer.from(String(nack.deliveryTime)), Buffer.from('RETRYCOUNT'),
    Buffer.from(String(nack.deliveryCount)), Buffer.from('FORCE'), Buffer.from('JUSTID'), Buffer.from('LASTID'),
    idBuffer(group.lastId),
  ];
}

/** streamPropagateGroupID: XGROUP SETID with the group's last ID and read counter. */
export function setidPropagation(keyArg: Buffer, group: ConsumerGroup, groupArg: Buffer): Buffer[] {
  return [
    XGROUP_ARG, Buffer.from('SETID'), keyArg, groupArg, idBuffer(group.lastId), Buffer.from('ENTRIESREAD'),
    Buffer.from(String(group.entriesRead)),
  ];
}
