// DUMP and RESTORE: move one value between servers as an opaque payload in RDB's own encoding.
// Mirrors: redis src/cluster.c (dumpCommand, restoreCommand) and src/commands/dump.json,
// restore.json. The encoding work is in src/persistence/rdb/dump.ts.
//
// RESTORE checks in Redis's order, which shows in which error wins: options (syntax, IDLETIME and
// FREQ ranges), then BUSYKEY, then the TTL, then the payload's footer, then the value itself.

import {
  badDataFormatError, busyKeyError, dumpPayloadError, invalidFreqError, invalidIdletimeError, invalidRestoreTtlError,
  syntaxError,
} from '../errors.js';
import { NOTIFY_GENERIC } from '../config/keyspace-events.js';
import type { RedisObject } from '../datatypes/object.js';
import { DumpPayloadError, dumpPayload, restorePayload } from '../persistence/rdb/dump.js';
import { setObjectLruOrLfuFromLoad } from '../persistence/rdb/object-lru.js';
import { rdbLoadLimitsFromConfig } from '../persistence/rdb/limits.js';
import { RdbFormatError } from '../persistence/rdb/rdb-input.js';
import { OK, type Reply } from '../protocol/reply.js';
import { int64Arg, keyOf, optionOf } from './args.js';
import type { CommandContext } from './context.js';
import { exactExpireTime } from '../keyspace/database.js';
import type { CommandSpec, KeySpec, KeySpecFlag } from './types.js';
import { keyAt } from './key-specs.js';

/**
 * The value at key serialized in RDB format with a version and checksum footer; nil if missing.
 * Format: DUMP key
 */
function dumpCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const obj = ctx.db.lookupRead(keyOf(argv[1] as Buffer));
  if (obj === undefined) return null;
  return dumpPayload(obj, ctx.server.config.get('rdbcompression'));
}

const INT64_MAX = 2n ** 63n - 1n;

interface RestoreOptions {
  replace: boolean;
  absttl: boolean;
  idleSeconds: number | undefined;
  lfuFreq: number | undefined;
}

/** restoreCommand's option loop. IDLETIME after FREQ (or FREQ after IDLETIME) is a syntax error. */
function parseRestoreOptions(argv: readonly Buffer[]): RestoreOptions {
  const options: RestoreOptions = { replace: false, absttl: false, idleSeconds: undefined, lfuFreq: undefined };
  for (let i = 4; i < argv.length; i++) {
    const option = optionOf(argv[i] as Buffer);
    const hasValue = i + 1 < argv.length;
    if (option === 'REPLACE') {
      options.replace = true;
    } else if (option === 'ABSTTL') {
      options.absttl = true;
    } else if (option === 'IDLETIME' && hasValue && options.lfuFreq === undefined) {
      const idle = Number(int64Arg(argv[++i] as Buffer));
      if (idle < 0) throw invalidIdletimeError();
      options.idleSeconds = idle;
    } else if (option === 'FREQ' && hasValue && options.idleSeconds === undefined) {
      const freq = Number(int64Arg(argv[++i] as Buffer));
      if (freq < 0 || freq > 255) throw invalidFreqError();
      options.lfuFreq = freq;
    } else {
      throw syntaxError();
    }
  }
  return options;
}

/** The value a payload holds, with Redis's two errors for a bad footer and a bad body. */
function decodePayload(ctx: CommandContext, payload: Buffer): RedisObject {
  try {
    return restorePayload(payload, rdbLoadLimitsFromConfig(ctx.server.config));
  } catch (err) {
    if (err instanceof DumpPayloadError) throw dumpPayloadError();
    if (err instanceof RdbFormatError) throw badDataFormatError();
    throw err;
  }
}

/**
 * Create a key from a DUMP payload, with a TTL in ms (0: none; ABSTTL: a unix time in ms).
 * Format: RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]
 */
function restoreCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const options = parseRestoreOptions(argv);
  const db = ctx.db;
  const keyArg = argv[1] as Buffer;
  const key = keyOf(keyArg);
  if (!options.replace && db.lookupWrite(key) !== undefined) throw busyKeyError();
  const ttlArg = BigInt(int64Arg(argv[2] as Buffer));
  if (ttlArg < 0n) throw invalidRestoreTtlError();
  const obj = decodePayload(ctx, argv[3] as Buffer);

  const deleted = options.replace && db.delete(key);
  const now = ctx.server.clock.now();
  let when = ttlArg;
  if (when !== 0n && !options.absttl) {
    when += BigInt(now);
    // Redis adds in a signed 64-bit integer: a sum past INT64_MAX wraps negative (already expired).
    if (when > INT64_MAX) when -= 2n ** 64n;
  }
  const ttl = exactExpireTime(when);
  // checkAlreadyExpired: a TTL already in the past stores nothing (unless expiry is suspended).
  if (ttl !== 0 && ttl <= now && ctx.server.keyspace.activeExpiry) {
    if (deleted) {
      ctx.notify(NOTIFY_GENERIC, 'del', key);
      ctx.propagateAs([Buffer.from('DEL'), keyArg]);
      ctx.server.dirty++;
    }
    return OK;
  }
  db.add(key, obj);
  if (ttl !== 0) {
    db.setExpire(key, ttl);
    // The log must not restart a relative TTL when replayed later: Redis rewrites it as absolute.
    if (!options.absttl) {
      const rewritten = argv.slice();
      rewritten[2] = Buffer.from(String(when));
      ctx.propagateAs([...rewritten, Buffer.from('ABSTTL')]);
    }
  }
  const policy = ctx.server.config.get('maxmemory-policy');
  setObjectLruOrLfuFromLoad(obj, { idleSeconds: options.idleSeconds, lfuFreq: options.lfuFreq }, policy.endsWith('-lfu'), now);
  ctx.notify(NOTIFY_GENERIC, 'restore', key);
  ctx.server.dirty++;
  return OK;
}

// --- Specs (redis src/commands/dump.json, restore.json) ---

function firstKey(flags: readonly KeySpecFlag[]): readonly KeySpec[] {
  return [keyAt(1, flags)];
}

const ONE_KEY = { first: 1, last: 1, step: 1 } as const;

export const dumpCommands: readonly CommandSpec[] = [
  {
    name: 'dump', group: 'generic', arity: 2, flags: ['readonly'], keys: ONE_KEY, acl: ['keyspace', 'read', 'slow'],
    summary: 'Return a serialized version of the value stored at the specified key.', since: '2.6.0',
    complexity: 'O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1).',
    tips: ['nondeterministic_output'], keySpecs: firstKey(['RO', 'access']),
    arguments: [{ name: 'key', type: 'key', keySpecIndex: 0 }],
    handler: dumpCommand,
  },
  {
    name: 'restore', group: 'generic', arity: -4, flags: ['write', 'denyoom'], keys: ONE_KEY,
    acl: ['keyspace', 'write', 'slow', 'dangerous'],
    summary: 'Create a key using the provided serialized value, previously obtained using DUMP.', since: '2.6.0',
    complexity: 'O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).',
    history: [
      ['3.0.0', 'Added the `REPLACE` modifier.'],
      ['5.0.0', 'Added the `ABSTTL` modifier.'],
      ['5.0.0', 'Added the `IDLETIME` and `FREQ` options.'],
    ],
    keySpecs: firstKey(['OW', 'update']),
    arguments: [
      { name: 'key', type: 'key', keySpecIndex: 0 },
      { name: 'ttl', type: 'integer' },
      { name: 'serialized-value', type: 'string' },
      { name: 'replace', type: 'pure-token', token: 'REPLACE', since: '3.0.0', flags: ['optional'] },
      { name: 'absttl', type: 'pure-token', token: 'ABSTTL', since: '5.0.0', flags: ['optional'] },
      { name: 'seconds', type: 'integer', token: 'IDLETIME', since: '5.0.0', flags: ['optional'] },
      { name: 'frequency', type: 'integer', token: 'FREQ', since: '5.0.0', flags: ['optional'] },
    ],
    handler: restoreCommand,
  },
  {
    // Cluster-internal RESTORE (MIGRATE sends it after ASKING); outside a cluster it is RESTORE.
    name: 'restore-asking', group: 'server', arity: -4, flags: ['write', 'denyoom', 'asking'], keys: ONE_KEY,
    acl: ['keyspace', 'write', 'slow', 'dangerous'], summary: 'An internal command for migrating keys in a cluster', since: '3.0.0',
    complexity: 'O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).',
    history: [
      ['3.0.0', 'Added the `REPLACE` modifier.'],
      ['5.0.0', 'Added the `ABSTTL` modifier.'],
      ['5.0.0', 'Added the `IDLETIME` and `FREQ` options.'],
    ],
    docFlags: ['syscmd'], keySpecs: firstKey(['OW', 'update']), handler: restoreCommand,
  },
];
