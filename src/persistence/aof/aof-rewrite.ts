// AOF rewrite: the dataset as the shortest list of commands that rebuilds it, plus the RESP
// encoding every AOF line uses.
// Mirrors: redis src/aof.c (catAppendOnlyGenericCommand, rewriteAppendOnlyFileRio,
// rewriteListObject, rewriteSetObject, rewriteSortedSetObject, rewriteHashObject).
//
// An incr file grows with every write; a rewrite replaces "SET a 1, INCR a, INCR a" with "SET a 3".
// Redis forks and lets the child walk a copy-on-write image of memory; BGREWRITEAOF walks a
// point-in-time view instead (aof-bgrewrite.ts). writeBaseFile walks the live dataset
// synchronously, for the first base of a fresh directory at start-up. Collections are written in batches of
// AOF_REWRITE_ITEMS_PER_CMD items per command, as Redis does, so no single command is huge.
//
// With aof-use-rdb-preamble yes (the default) the base file is an RDB image (RdbEncoder) instead;
// writeBaseFile writes either form.

import { closeSync, fdatasyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Keyspace } from '../../keyspace/keyspace.js';
import type { RedisObject } from '../../datatypes/object.js';
import { assertNever } from '../../datatypes/object.js';
import { stringBytes } from '../../datatypes/string/string-type.js';
import { listValues } from '../../datatypes/list/list-type.js';
import { setMembers } from '../../datatypes/set/set-type.js';
import { zsetEmitRange, zsetLength } from '../../datatypes/zset/zset-type.js';
import { hashPairs } from '../../datatypes/hash/hash-type.js';
import { streamRewriteCommands } from '../../datatypes/stream/stream-rewrite.js';
import { formatDouble } from '../../util/numbers.js';
import { defaultAuxFields, RdbEncoder } from '../rdb/rdb-writer.js';
import type { AofHost } from './aof.js';
import { TEMP_FILE_NAME_PREFIX } from './manifest.js';

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
    case 'stream':
      for (const argv of streamRewriteCommands(key, value)) yield argv.map(latin1);
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

/** The base as an RDB image (aof-use-rdb-preamble yes): the `aof-base` AUX field set, as Redis writes it. */
function writeRdbBase(host: AofHost, write: (chunk: Buffer) => void): void {
  const encoder = new RdbEncoder({ compression: host.config.get('rdbcompression'), checksum: host.config.get('rdbchecksum') });
  encoder.header(defaultAuxFields(host.clock.now(), 0, true));
  for (const db of host.keyspace.dbs) {
    if (db.size === 0) continue;
    encoder.selectDb(db.index, db.size, db.expiresSize);
    let n = 0;
    for (const [key, value] of db.entries()) {
      encoder.key(key, value, db.getExpire(key));
      if (++n % 256 === 0) for (const chunk of encoder.takeChunks()) write(chunk);
    }
  }
  encoder.finish();
  for (const chunk of encoder.takeChunks()) write(chunk);
}

/**
 * Write a base file from the live dataset under a temp name, fdatasync it, rename it to `name`
 * in `dir`. Returns the "#TS:" second it starts with, if aof-timestamp-enabled wrote one.
 */
export function writeBaseFile(host: AofHost, dir: string, name: string, useRdb: boolean): number | undefined {
  const temp = join(dir, `${TEMP_FILE_NAME_PREFIX}rewriteaof-${process.pid}.aof`);
  const fd = openSync(temp, 'w');
  let timestampSec: number | undefined;
  try {
    const write = (chunk: Buffer): void => {
      let offset = 0;
      while (offset < chunk.length) offset += writeSync(fd, chunk, offset, chunk.length - offset);
    };
    // Function libraries are part of the dataset: one FUNCTION RESTORE carries them all (Redis
    // writes FUNCTION LOAD commands, or FUNCTION2 records in an RDB base; see docs/differences.md).
    const functions = host.scripting.functions;
    const restoreFunctions = functions.libraryCount === 0 ? undefined : encodeCommand([
      Buffer.from('FUNCTION'), Buffer.from('RESTORE'), functions.dump(), Buffer.from('REPLACE'),
    ]);
    if (useRdb) {
      writeRdbBase(host, write);
      // Commands may follow an RDB preamble: Redis loads them as the AOF tail.
      if (restoreFunctions !== undefined) write(restoreFunctions);
    } else {
      // Many small writes: gather them into ~64 KB blocks first.
      let block: Buffer[] = [];
      if (host.config.get('aof-timestamp-enabled')) {
        // A command base starts with the time it was taken (rewriteAppendOnlyFileRio).
        timestampSec = Math.floor(host.clock.now() / 1000);
        block.push(Buffer.from(`#TS:${timestampSec}\r\n`));
      }
      if (restoreFunctions !== undefined) block.push(restoreFunctions);
      let blockBytes = block.reduce((n, b) => n + b.length, 0);
      for (const chunk of rewriteDataset(host.keyspace, host.clock.now())) {
        block.push(chunk);
        blockBytes += chunk.length;
        if (blockBytes >= 65536) {
          write(Buffer.concat(block, blockBytes));
          block = [];
          blockBytes = 0;
        }
      }
      if (blockBytes > 0) write(Buffer.concat(block, blockBytes));
    }
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, join(dir, name));
  return timestampSec;
}
