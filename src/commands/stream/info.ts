// Introspection: XINFO STREAM [FULL [COUNT n]], XINFO GROUPS, XINFO CONSUMERS, XINFO HELP.
// Mirrors: redis src/t_stream.c (xinfoCommand, xinfoReplyWithStreamInfo, streamReplyWithCGLag).

import {
  consumersSorted, ENTRIES_READ_INVALID, groupLag, groupsSorted, type ConsumerGroup,
} from '../../datatypes/stream/consumer-group.js';
import { formatId, MAX_ID, ZERO_ID } from '../../datatypes/stream/stream-id.js';
import { streamFirstEntry, streamLastEntry, streamRange, type StreamObject } from '../../datatypes/stream/stream-type.js';
import { noSuchKeyError, subcommandSyntaxError, xgroupNoGroupError } from '../../errors.js';
import { map, status, type Reply } from '../../protocol/reply.js';
import { keyOf, optionWord } from '../args.js';
import type { CommandContext } from '../context.js';
import { asStream, entriesReply, entryReply, longLongArg } from './common.js';

function lookupOrNoKey(ctx: CommandContext, arg: Buffer): StreamObject {
  const obj = ctx.db.lookupRead(keyOf(arg));
  if (obj === undefined) throw noSuchKeyError();
  return asStream(obj);
}

/**
 * The rax's node count as Redis reports it (radix-tree-nodes): the nodes of a compressed radix
 * tree over the nodes' 16-byte keys. SIMPLIFIED: computed for the canonical tree; Redis's can
 * hold a few more nodes after deletions it did not recompress.
 */
export function raxNodeCount(s: StreamObject): number {
  if (s.chunks.length === 0) return 1;
  const keys = s.chunks.map((c) => {
    const key = Buffer.allocUnsafe(16);
    key.writeBigUInt64BE(c.masterId.ms, 0);
    key.writeBigUInt64BE(c.masterId.seq, 8);
    return key;
  });
  return countNodes(keys, 0);
}

function countNodes(keys: readonly Buffer[], depth: number): number {
  if (depth === 16) return 1;
  const first = keys[0] as Buffer;
  // Common prefix of every key from `depth`.
  let common = 16 - depth;
  for (const k of keys) {
    let l = 0;
    while (l < common && k[depth + l] === first[depth + l]) l++;
    common = l;
  }
  if (common > 0) return 1 + countNodes(keys, depth + common);
  const groups = new Map<number, Buffer[]>();
  for (const k of keys) {
    const b = k[depth] as number;
    const g = groups.get(b);
    if (g === undefined) groups.set(b, [k]);
    else g.push(k);
  }
  let n = 1;
  for (const g of groups.values()) n += countNodes(g, depth + 1);
  return n;
}

function entriesReadReply(g: ConsumerGroup): Reply {
  return g.entriesRead === ENTRIES_READ_INVALID ? null : g.entriesRead;
}

function lagReply(s: StreamObject, g: ConsumerGroup): Reply {
  return groupLag(s, g) ?? null;
}

/**
 * Describe a stream; FULL adds its entries, groups, PELs and consumers (COUNT of each, default 10,
 * 0 for all).
 * Format: XINFO STREAM key [FULL [COUNT count]]
 */
export function xinfoStreamCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const s = lookupOrNoKey(ctx, argv[2] as Buffer);
  let full = false;
  let count = 10;
  if (argv.length > 3) {
    if (optionWord(argv[3] as Buffer) !== 'FULL') throw subcommandSyntaxError(argv[1] as Buffer, 'xinfo');
    full = true;
    if (argv.length === 6) {
      if (optionWord(argv[4] as Buffer) !== 'COUNT') throw subcommandSyntaxError(argv[1] as Buffer, 'xinfo');
      count = Math.max(0, longLongArg(argv[5] as Buffer));
    } else if (argv.length !== 4) {
      throw subcommandSyntaxError(argv[1] as Buffer, 'xinfo');
    }
  }
  const head: Reply[] = [
    'length', s.length,
    'radix-tree-keys', s.chunks.length,
    'radix-tree-nodes', raxNodeCount(s),
    'last-generated-id', formatId(s.lastId),
    'max-deleted-entry-id', formatId(s.maxDeletedId),
    'entries-added', s.entriesAdded,
    'recorded-first-entry-id', formatId(s.firstId),
  ];
  if (!full) {
    const first = streamFirstEntry(s);
    const last = streamLastEntry(s);
    return map([
      ...head,
      'groups', s.groups?.size ?? 0,
      'first-entry', first === undefined ? null : entryReply(first),
      'last-entry', last === undefined ? null : entryReply(last),
    ]);
  }
  const groups = groupsSorted(s).map((g) => {
    const pending = (count === 0 ? g.pel : g.pel.slice(0, count)).map(
      (n): Reply => [formatId(n.id), n.consumer.name, n.deliveryTime, n.deliveryCount],
    );
    const consumers = consumersSorted(g).map((c) => {
      const cpending = (count === 0 ? c.pel : c.pel.slice(0, count)).map(
        (n): Reply => [formatId(n.id), n.deliveryTime, n.deliveryCount],
      );
      return map(['name', c.name, 'seen-time', c.seenTime, 'pel-count', c.pel.length, 'pending', cpending]);
    });
    return map([
      'name', g.name, 'last-delivered-id', formatId(g.lastId), 'entries-read', entriesReadReply(g), 'lag', lagReply(s, g),
      'pel-count', g.pel.length, 'pending', pending, 'consumers', consumers,
    ]);
  });
  return map([...head, 'entries', entriesReply(streamRange(s, ZERO_ID, MAX_ID, false, count)), 'groups', groups]);
}

/**
 * The stream's consumer groups.
 * Format: XINFO GROUPS key
 */
export function xinfoGroupsCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const s = lookupOrNoKey(ctx, argv[2] as Buffer);
  return groupsSorted(s).map((g) =>
    map([
      'name', g.name, 'consumers', g.consumers.size, 'pending', g.pel.length, 'last-delivered-id', formatId(g.lastId),
      'entries-read', entriesReadReply(g), 'lag', lagReply(s, g),
    ]),
  );
}

/**
 * A group's consumers: name, pending count, idle ms.
 * Format: XINFO CONSUMERS key group
 */
export function xinfoConsumersCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const s = lookupOrNoKey(ctx, argv[2] as Buffer);
  const name = (argv[3] as Buffer).latin1Slice();
  const g = s.groups?.get(name);
  if (g === undefined) throw xgroupNoGroupError(argv[3] as Buffer, argv[2] as Buffer);
  const now = ctx.server.clock.now();
  return consumersSorted(g).map((c) => map(['name', c.name, 'pending', c.pel.length, 'idle', now - c.seenTime]));
}

const XINFO_HELP: readonly string[] = [
  'XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CONSUMERS <key> <groupname>',
  '    Show consumers of <groupname>.',
  'GROUPS <key>',
  '    Show the stream consumer groups.',
  'STREAM <key> [FULL [COUNT <count>]',
  '    Show information about the stream.',
  'HELP',
  '    Prints this help.',
];

/**
 * Describe the XINFO subcommands.
 * Format: XINFO HELP
 */
export function xinfoHelpCommand(): Reply {
  return XINFO_HELP.map((line) => status(line));
}
