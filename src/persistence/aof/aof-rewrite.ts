// AOF rewrite: the dataset as the shortest list of commands that rebuilds it, plus the RESP
// encoding every AOF line uses.
// Mirrors: redis src/aof.c (catAppendOnlyGenericCommand, rewriteAppendOnlyFileRio,
// rewriteListObject, rewriteSetObject, rewriteSortedSetObject, rewriteHashObject).
//
// An incr file grows with every write; a rewrite replaces "SET a 1, INCR a, INCR a" with "SET a 3".
// Redis forks and lets the child walk a copy-on-write image of memory. Node cannot fork a heap,
// so we walk the live dataset synchronously (see aof.ts for the cost and why it is still a
// consistent point-in-time view). Collections are written in batches of
// AOF_REWRITE_ITEMS_PER_CMD items per command, as Redis does, so no single command is huge.
//
// With aof-use-rdb-preamble yes (the default) the base file is an RDB snapshot instead; this
// module writes the command form (aof-use-rdb-preamble no).

import type { Keyspace } from '../../keyspace/keyspace.js';
import type { RedisObject } from '../../datatypes/object.js';
import { assertNever } from '../../datatypes/object.js';
import { stringBytes } from '../../datatypes/string/string-type.js';
import { listValues } from '../../datatypes/list/list-type.js';
import { setMembers } from '../../datatypes/set/set-type.js';
import { zsetEmitRange, zsetLength } from '../../datatypes/zset/zset-type.js';
import { hashPairs } from '../../datatypes/hash/hash-type.js';
import { formatDouble } from '../../util/numbers.js';

/** AOF_REWRITE_ITEMS_PER_CMD (server.h): at most this many elements per rewritten command. */
export const AOF_REWRITE_ITEMS_PER_CMD = 64;

const CRLF = 0x0d0a;

/** `*<argc>\r\n$<len>\r\n<arg>\r\n...`: one command as the AOF (and the replication stream) stores it. */
export function encodeCommand(argv: readonly Buffer[]): Buffer {
  // One allocation per command: sum the lengths first, then fill.
  let size = 3 + digits(argv.length) + 2;
  for (const arg of argv) size += 1 + digits(arg.length) + 2 + arg.length + 2;
  const out = Buffer.allocUnsafe(size);
  let at = out.latin1Write(`*${argv.length}\r\n`, 0);
  for (const arg of argv) {
    at += out.latin1Write(`$${arg.length}\r\n`, at);
    at += arg.copy(out, at);
    out.writeUInt16BE(CRLF, at);
    at += 2;
  }
  return out.subarray(0, at);
}

function digits(n: number): number {
  return n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : String(n).length;
}

const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');

/** Commands that recreate one key (without its TTL). */
export function* commandsForValue(key: string, value: RedisObject): Generator<Buffer[]> {
  const k = latin1(key);
  switch (value.type) {
    case 'string':
      yield [latin1('SET'), k, stringBytes(value)];
      return;
    case 'list':
      yield* batched('RPUSH', k, listValues(value), 1);
      return;
    case 'set':
      yield* batched('SADD', k, setMembers(value), 1);
      return;
    case 'zset': {
      const flat: string[] = [];
      zsetEmitRange(value, 0, zsetLength(value), false, (member, score) => flat.push(formatDouble(score), member));
      yield* batched('ZADD', k, flat, 2);
      return;
    }
    case 'hash':
      yield* batched('HMSET', k, hashPairs(value), 2);
      return;
    default:
      assertNever(value, 'type');
  }
}

/** `name key item...` commands of at most AOF_REWRITE_ITEMS_PER_CMD items (`width` strings each). */
function* batched(name: string, key: Buffer, items: Iterable<string>, width: number): Generator<Buffer[]> {
  let argv: Buffer[] = [latin1(name), key];
  for (const item of items) {
    argv.push(latin1(item));
    if (argv.length - 2 === AOF_REWRITE_ITEMS_PER_CMD * width) {
      yield argv;
      argv = [latin1(name), key];
    }
  }
  if (argv.length > 2) yield argv;
}

/**
 * The whole dataset as AOF commands (rewriteAppendOnlyFileRio), in chunks for the caller to
 * write: SELECT before each non-empty database, the value's commands, PEXPIREAT for a TTL.
 * Keys whose TTL has already passed are left out.
 */
export function* rewriteDataset(keyspace: Keyspace, nowMs: number): Generator<Buffer> {
  for (const db of keyspace.dbs) {
    if (db.size === 0) continue;
    yield encodeCommand([latin1('SELECT'), latin1(String(db.index))]);
    for (const [key, value] of db.entries()) {
      const expireAt = db.getExpire(key);
      if (expireAt !== undefined && expireAt <= nowMs) continue;
      for (const argv of commandsForValue(key, value)) yield encodeCommand(argv);
      if (expireAt !== undefined) yield encodeCommand([latin1('PEXPIREAT'), latin1(key), latin1(String(expireAt))]);
    }
  }
}
