// Helpers every stream handler shares: typed lookups, ID arguments, the entry reply shape, the
// node limits from config, and the argv rewriting Redis does for propagation.
// Mirrors: redis src/t_stream.c (streamTypeLookupWriteOrCreate, streamParseIDOrReply,
// streamParseStrictIDOrReply, streamParseIntervalIDOrReply, addReplyStreamID, streamReplyWithRange's
// entry shape) and src/object.c (checkType).

import { lookupGroup, type ConsumerGroup } from '../../datatypes/stream/consumer-group.js';
import type { RedisObject } from '../../datatypes/object.js';
import { formatId, parseStreamId, type ParsedId, type StreamId } from '../../datatypes/stream/stream-id.js';
import type { StreamEntry, StreamNodeLimits, StreamObject } from '../../datatypes/stream/stream-type.js';
import {
  notIntegerError, streamInvalidIdError, streamNoGroupError, streamTimeoutNotIntegerError, timeoutNegativeError, wrongTypeError,
} from '../../errors.js';
import type { Reply } from '../../protocol/reply.js';
import { parseLongLong } from '../../util/numbers.js';
import { keyOf } from '../args.js';
import type { CommandContext } from '../context.js';

/** The value as a stream, or WRONGTYPE. */
export function asStream(obj: RedisObject): StreamObject {
  if (obj.type !== 'stream') throw wrongTypeError();
  return obj;
}

/** A read lookup (hit/miss counted): the stream, or undefined when the key is missing. */
export function lookupStreamRead(ctx: CommandContext, key: string): StreamObject | undefined {
  const obj = ctx.db.lookupRead(key);
  return obj === undefined ? undefined : asStream(obj);
}

/**
 * The PEL commands (XACK, XCLAIM, XAUTOCLAIM, XREADGROUP) look their key up as a read, as Redis
 * does (hit/miss stats, keymiss events), then change it: tell the point-in-time view of a running
 * BGSAVE / BGREWRITEAOF first, as lookupWrite would (src/persistence/point-in-time.ts).
 */
export function guardWrite(ctx: CommandContext, obj: RedisObject): void {
  const guard = ctx.db.writeGuard;
  if (guard !== null) guard(obj);
}

/** A write lookup: the stream, or undefined when the key is missing. */
export function lookupStreamWrite(ctx: CommandContext, key: string): StreamObject | undefined {
  const obj = ctx.db.lookupWrite(key);
  return obj === undefined ? undefined : asStream(obj);
}

export function nodeLimits(ctx: CommandContext): StreamNodeLimits {
  const config = ctx.server.config;
  return { maxBytes: config.get('stream-node-max-bytes'), maxEntries: config.get('stream-node-max-entries') };
}

/**
 * Does this client obey whatever it is sent, as Redis's master link and AOF loader do
 * (mustObeyClient)? Ours: the internal client (AOF loading, id 0).
 */
export function mustObey(ctx: CommandContext): boolean {
  return ctx.id === 0;
}

// --- IDs ---

/** streamParseIDOrReply: `-`, `+`, `<ms>` (sequence `missingSeq`) or `<ms>-<seq>`. */
export function idArg(arg: Buffer, missingSeq: bigint): StreamId {
  const parsed = parseStreamId(arg, missingSeq, false);
  if (parsed === undefined) throw streamInvalidIdError();
  return parsed.id;
}

/** streamParseStrictIDOrReply: as idArg, but `-` and `+` are invalid. */
export function strictIdArg(arg: Buffer, missingSeq = 0n): StreamId {
  const parsed = parseStreamId(arg, missingSeq, true);
  if (parsed === undefined) throw streamInvalidIdError();
  return parsed.id;
}

/** XADD's ID: strict, with the `<ms>-*` form. */
export function xaddIdArg(arg: Buffer): ParsedId {
  const parsed = parseStreamId(arg, 0n, true, true);
  if (parsed === undefined) throw streamInvalidIdError();
  return parsed;
}

/** streamParseIntervalIDOrReply: an ID, or `(<id>` for an exclusive bound. */
export function intervalIdArg(arg: Buffer, missingSeq: bigint): { id: StreamId; exclusive: boolean } {
  if (arg.length > 1 && arg[0] === 0x28) {
    const parsed = parseStreamId(arg.subarray(1), missingSeq, true);
    if (parsed === undefined) throw streamInvalidIdError();
    return { id: parsed.id, exclusive: true };
  }
  return { id: idArg(arg, missingSeq), exclusive: false };
}

export function idBuffer(id: StreamId): Buffer {
  return Buffer.from(formatId(id), 'latin1');
}

// --- Numbers ---

/** getLongLongFromObjectOrReply as a JS number (the values streams take fit comfortably or clamp). */
export function longLongArg(arg: Buffer): number {
  const v = parseLongLong(arg);
  if (v === null) throw notIntegerError();
  return Number(v);
}

/** getLongLongFromObjectOrReply, keeping all 64 bits. */
export function int64BigArg(arg: Buffer): bigint {
  const v = parseLongLong(arg);
  if (v === null) throw notIntegerError();
  return BigInt(v);
}

/** getTimeoutFromObjectOrReply with UNIT_MILLISECONDS (XREAD BLOCK): 0 means forever. */
export function blockMsArg(arg: Buffer): number {
  const v = parseLongLong(arg);
  if (v === null) throw streamTimeoutNotIntegerError();
  if (v < 0) throw timeoutNegativeError();
  return Number(v);
}

// --- Replies ---

/** One entry as Redis replies it: [id, [field, value, ...]]. */
export function entryReply(e: StreamEntry): Reply {
  return [formatId(e.id), e.fields];
}

export function entriesReply(entries: readonly StreamEntry[]): Reply {
  return entries.map(entryReply);
}

// --- Consumer groups ---

/** The stream and group a PEL command works on, or NOGROUP. */
export function requireGroup(
  ctx: CommandContext, argv: readonly Buffer[], writes: boolean,
): { s: StreamObject; group: ConsumerGroup; key: string } {
  const key = keyOf(argv[1] as Buffer);
  const obj = ctx.db.lookupRead(key);
  const s = obj === undefined ? undefined : asStream(obj);
  const name = (argv[2] as Buffer).latin1Slice();
  const group = s === undefined ? undefined : lookupGroup(s, name);
  if (s === undefined || group === undefined) throw streamNoGroupError(argv[1] as Buffer, argv[2] as Buffer);
  if (writes) guardWrite(ctx, s);
  return { s, group, key };
}

/** A group change Redis makes without signalModifiedKey: dirty, and the key re-priced. */
export function groupChanged(ctx: CommandContext, key: string, by = 1): void {
  ctx.server.dirty += by;
  ctx.db.reprice(key);
}
