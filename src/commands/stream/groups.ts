// Consumer groups: XGROUP (CREATE, SETID, DESTROY, CREATECONSUMER, DELCONSUMER, HELP), XACK and
// XPENDING (XCLAIM and XAUTOCLAIM are in claim.ts).
// Mirrors: redis src/t_stream.c (xgroupCommand, xackCommand, xpendingCommand).
//
// Like Redis, group changes (XGROUP, XACK) do not touch the key's WATCH state (Redis does not call
// signalModifiedKey for them, except when MKSTREAM creates the key): they count as changes
// (server.dirty) and re-price the key.

import { NOTIFY_STREAM } from '../../config/keyspace-events.js';
import {
  ackId, createConsumer, createGroup, deleteConsumer, ENTRIES_READ_INVALID, lookupGroup, pelIndex, type ConsumerGroup,
  type PendingEntry,
} from '../../datatypes/stream/consumer-group.js';
import { compareIds, formatId, incrId, MAX_ID, type StreamId } from '../../datatypes/stream/stream-id.js';
import { createStream, type StreamObject } from '../../datatypes/stream/stream-type.js';
import {
  busyGroupError, entriesReadError, notIntegerError, streamEndIntervalError, streamStartIntervalError,
  subcommandSyntaxError, syntaxError, xgroupKeyMissingError, xgroupNoGroupError,
} from '../../errors.js';
import { NULL_ARRAY, OK, status, type Reply } from '../../protocol/reply.js';
import { parseLongLong } from '../../util/numbers.js';
import { keyOf, optionWord } from '../args.js';
import type { CommandContext } from '../context.js';
import {
  asStream, groupChanged, guardWrite, idArg, intervalIdArg, longLongArg, requireGroup, strictIdArg,
} from './common.js';

// --- XGROUP ---

interface GroupTarget {
  s: StreamObject | undefined;
  group: ConsumerGroup | undefined;
  key: string;
}

/** The prelude every XGROUP subcommand with a key shares: the key must exist (or MKSTREAM). */
function groupTarget(ctx: CommandContext, argv: readonly Buffer[], mkstream: boolean, needGroup: boolean): GroupTarget {
  const key = keyOf(argv[2] as Buffer);
  const obj = ctx.db.lookupWrite(key);
  const s = obj === undefined ? undefined : asStream(obj);
  if (s === undefined && !mkstream) throw xgroupKeyMissingError();
  const name = (argv[3] as Buffer).latin1Slice();
  const group = s === undefined ? undefined : lookupGroup(s, name);
  if (group === undefined && needGroup) throw xgroupNoGroupError(argv[3] as Buffer, argv[2] as Buffer);
  return { s, group, key };
}

/** ENTRIESREAD's value: a non-negative count or -1. */
function entriesReadArg(arg: Buffer): bigint {
  const v = parseLongLong(arg);
  if (v === null) throw notIntegerError();
  const n = BigInt(v);
  if (n < 0n && n !== ENTRIES_READ_INVALID) throw entriesReadError();
  return n;
}

/**
 * Create a consumer group at an ID (`$`: the stream's last ID), creating the stream with MKSTREAM.
 * Format: XGROUP CREATE key group id|$ [MKSTREAM] [ENTRIESREAD entries-read]
 */
export function xgroupCreateCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  let mkstream = false;
  let entriesRead = ENTRIES_READ_INVALID;
  for (let i = 5; i < argv.length;) {
    const opt = optionWord(argv[i] as Buffer);
    if (opt === 'MKSTREAM') {
      mkstream = true;
      i++;
    } else if (opt === 'ENTRIESREAD' && i + 1 < argv.length) {
      entriesRead = entriesReadArg(argv[i + 1] as Buffer);
      i += 2;
    } else {
      throw subcommandSyntaxError(argv[1] as Buffer, 'xgroup');
    }
  }
  const target = groupTarget(ctx, argv, mkstream, false);
  if (argv.length > 8) throw subcommandSyntaxError(argv[1] as Buffer, 'xgroup');
  const idText = argv[4] as Buffer;
  const id = idText.length === 1 && idText[0] === 0x24 ? (target.s?.lastId ?? { ms: 0n, seq: 0n }) : strictIdArg(idText);
  let s = target.s;
  if (s === undefined) {
    s = createStream();
    ctx.db.add(target.key, s);
  }
  if (createGroup(s, (argv[3] as Buffer).latin1Slice(), id, entriesRead) === undefined) throw busyGroupError();
  groupChanged(ctx, target.key);
  ctx.notify(NOTIFY_STREAM, 'xgroup-create', target.key);
  return OK;
}

/**
 * Move a group's last delivered ID (and its read counter).
 * Format: XGROUP SETID key group id|$ [ENTRIESREAD entries-read]
 */
export function xgroupSetidCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  // Options are parsed before the key is looked up, as for CREATE.
  let entriesRead = ENTRIES_READ_INVALID;
  for (let i = 5; i < argv.length; i += 2) {
    if (optionWord(argv[i] as Buffer) !== 'ENTRIESREAD' || i + 1 >= argv.length) {
      throw subcommandSyntaxError(argv[1] as Buffer, 'xgroup');
    }
    entriesRead = entriesReadArg(argv[i + 1] as Buffer);
  }
  const target = groupTarget(ctx, argv, false, true);
  if (argv.length !== 5 && argv.length !== 7) throw subcommandSyntaxError(argv[1] as Buffer, 'xgroup');
  const s = target.s as StreamObject;
  const group = target.group as ConsumerGroup;
  const idText = argv[4] as Buffer;
  const id = idText.length === 1 && idText[0] === 0x24 ? s.lastId : idArg(idText, 0n);
  group.lastId = id;
  group.entriesRead = entriesRead;
  groupChanged(ctx, target.key);
  ctx.notify(NOTIFY_STREAM, 'xgroup-setid', target.key);
  return OK;
}

/**
 * Delete a group with its consumers and PEL: 1, or 0 if there was no such group.
 * Format: XGROUP DESTROY key group
 */
export function xgroupDestroyCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const target = groupTarget(ctx, argv, false, false);
  if (target.group === undefined) return 0;
  (target.s as StreamObject).groups?.delete(target.group.name);
  groupChanged(ctx, target.key);
  ctx.notify(NOTIFY_STREAM, 'xgroup-destroy', target.key);
  return 1;
}

/**
 * Create a consumer: 1, or 0 if it existed.
 * Format: XGROUP CREATECONSUMER key group consumer
 */
export function xgroupCreateconsumerCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const target = groupTarget(ctx, argv, false, true);
  const created = createConsumer(target.group as ConsumerGroup, (argv[4] as Buffer).latin1Slice(), ctx.server.clock.now());
  if (created === undefined) return 0;
  groupChanged(ctx, target.key);
  ctx.notify(NOTIFY_STREAM, 'xgroup-createconsumer', target.key);
  return 1;
}

/**
 * Delete a consumer and its pending entries; replies how many it had pending.
 * Format: XGROUP DELCONSUMER key group consumer
 */
export function xgroupDelconsumerCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const target = groupTarget(ctx, argv, false, true);
  const group = target.group as ConsumerGroup;
  const consumer = group.consumers.get((argv[4] as Buffer).latin1Slice());
  if (consumer === undefined) return 0;
  const pending = deleteConsumer(group, consumer);
  groupChanged(ctx, target.key);
  ctx.notify(NOTIFY_STREAM, 'xgroup-delconsumer', target.key);
  return pending;
}

const XGROUP_HELP: readonly string[] = [
  'XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CREATE <key> <groupname> <id|$> [option]',
  '    Create a new consumer group. Options are:',
  '    * MKSTREAM',
  '      Create the empty stream if it does not exist.',
  '    * ENTRIESREAD entries_read',
  "      Set the group's entries_read counter (internal use).",
  'CREATECONSUMER <key> <groupname> <consumer>',
  '    Create a new consumer in the specified group.',
  'DELCONSUMER <key> <groupname> <consumer>',
  '    Remove the specified consumer.',
  'DESTROY <key> <groupname>',
  '    Remove the specified group.',
  'SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]',
  '    Set the current group ID and entries_read counter.',
  'HELP',
  '    Prints this help.',
];

/**
 * Describe the XGROUP subcommands.
 * Format: XGROUP HELP
 */
export function xgroupHelpCommand(): Reply {
  return XGROUP_HELP.map((line) => status(line));
}

// --- XACK ---

/**
 * Acknowledge messages: remove them from the group's PEL; replies how many were pending.
 * Format: XACK key group id [id ...]
 */
export function xackCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const key = keyOf(argv[1] as Buffer);
  const obj = ctx.db.lookupRead(key);
  if (obj === undefined) return 0;
  const group = lookupGroup(asStream(obj), (argv[2] as Buffer).latin1Slice());
  if (group === undefined) return 0;
  guardWrite(ctx, obj);
  const ids: StreamId[] = [];
  for (let j = 3; j < argv.length; j++) ids.push(strictIdArg(argv[j] as Buffer));
  let acknowledged = 0;
  for (const id of ids) if (ackId(group, id)) acknowledged++;
  if (acknowledged > 0) groupChanged(ctx, key, acknowledged);
  return acknowledged;
}

// --- XPENDING ---

/**
 * The group's pending entries: a summary, or (with a range) each entry's ID, consumer, idle ms
 * and delivery count, optionally of one consumer and at least IDLE ms idle.
 * Format: XPENDING key group [[IDLE min-idle-time] start end count [consumer]]
 */
export function xpendingCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const argc = argv.length;
  const summary = argc === 3;
  if (argc !== 3 && (argc < 6 || argc > 9)) throw syntaxError();
  let start: StreamId = { ms: 0n, seq: 0n };
  let end: StreamId = MAX_ID;
  let count = 0;
  let minIdle = 0;
  let consumerName: string | undefined;
  if (argc >= 6) {
    let startIdx = 3;
    if (optionWord(argv[3] as Buffer) === 'IDLE') {
      minIdle = longLongArg(argv[4] as Buffer);
      if (argc < 8) throw syntaxError();
      startIdx += 2;
    }
    count = Math.max(0, longLongArg(argv[startIdx + 2] as Buffer));
    const startArg = intervalIdArg(argv[startIdx] as Buffer, 0n);
    const s1 = startArg.exclusive ? incrId(startArg.id) : startArg.id;
    if (s1 === undefined) throw streamStartIntervalError();
    start = s1;
    const endArg = intervalIdArg(argv[startIdx + 1] as Buffer, MAX_ID.seq);
    const e1 = endArg.exclusive ? decrIdOrUndefined(endArg.id) : endArg.id;
    if (e1 === undefined) throw streamEndIntervalError();
    end = e1;
    if (startIdx + 3 < argc) consumerName = (argv[startIdx + 3] as Buffer).latin1Slice();
  }
  const { group } = requireGroup(ctx, argv, false);
  if (summary) {
    const pel = group.pel;
    if (pel.length === 0) return [0, null, null, NULL_ARRAY];
    const owners: Reply[] = [];
    for (const c of [...group.consumers.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (c.pel.length > 0) owners.push([c.name, String(c.pel.length)]);
    }
    return [pel.length, formatId((pel[0] as PendingEntry).id), formatId((pel[pel.length - 1] as PendingEntry).id), owners];
  }
  let pel = group.pel;
  if (consumerName !== undefined) {
    const consumer = group.consumers.get(consumerName);
    if (consumer === undefined) return [];
    pel = consumer.pel;
  }
  const now = ctx.server.clock.now();
  const out: Reply[] = [];
  for (let i = pelIndex(pel, start); count > 0 && i < pel.length; i++) {
    const nack = pel[i] as PendingEntry;
    if (compareIds(nack.id, end) > 0) break;
    if (minIdle !== 0 && now - nack.deliveryTime < minIdle) continue;
    count--;
    out.push([formatId(nack.id), nack.consumer.name, Math.max(0, now - nack.deliveryTime), nack.deliveryCount]);
  }
  return out;
}

function decrIdOrUndefined(id: StreamId): StreamId | undefined {
  if (id.seq !== 0n) return { ms: id.ms, seq: id.seq - 1n };
  if (id.ms === 0n) return undefined;
  return { ms: id.ms - 1n, seq: MAX_ID.seq };
}
