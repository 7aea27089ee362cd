// Fixtures: fill databases from a plain object (or parsed JSON) of keys, types, values and TTLs.
// Mirrors nothing in Redis: this is the test stand-in's own feature. The nearest Redis idea is
// loading a dataset by replaying commands (redis-cli --pipe, AOF loading in src/aof.c).
//
// Every key is written by running the real command handlers through an internal client (SET,
// RPUSH, HSET, SADD, ZADD, then PEXPIRE or PEXPIREAT), so encodings (int/embstr/raw, listpack vs
// hashtable ...) come out exactly as if the application had written the same data. A type whose
// commands are not implemented yet is refused, with the missing command named, before anything is
// written: a fixture loads completely or not at all (short of a command error, which cannot
// happen for a fixture that passed validation).
//
// Format:
//   {
//     db0: {
//       'greeting': 'hello',                                   // bare string/number/Buffer: a string
//       'counter': { type: 'string', value: 41, ttl: 60_000 },  // ttl: milliseconds from now
//       'queue':   { type: 'list', value: ['a', 'b'] },         // head first, as RPUSH takes them
//       'user:1':  { type: 'hash', value: { name: 'ann' }, expireAt: 1_900_000_000_000 },  // unix ms
//       'tags':    { type: 'set', value: ['x', 'y'] },
//       'board':   { type: 'zset', value: { ann: 10, bob: 7 } },  // or [['ann', 10], ['bob', 7]]
//     },
//     db3: { ... },
//   }

import { ReplyError } from '../errors.js';
import type { Server } from '../server/server.js';
import { InternalClient } from './internal-client.js';

/** A string value: text (stored as its UTF-8 bytes), raw bytes, or a number (stored as its decimal). */
export type FixtureScalar = string | Buffer | number;

/** When the key expires: `ttl` in milliseconds from load time, or `expireAt` in unix milliseconds. */
export interface FixtureExpiry {
  readonly ttl?: number;
  readonly expireAt?: number;
}

export type FixtureEntry =
  | ({ readonly type: 'string'; readonly value: FixtureScalar } & FixtureExpiry)
  | ({ readonly type: 'list'; readonly value: readonly FixtureScalar[] } & FixtureExpiry)
  | ({ readonly type: 'hash'; readonly value: Readonly<Record<string, FixtureScalar>> } & FixtureExpiry)
  | ({ readonly type: 'set'; readonly value: readonly FixtureScalar[] } & FixtureExpiry)
  | ({
      readonly type: 'zset';
      readonly value: Readonly<Record<string, number>> | ReadonlyArray<readonly [FixtureScalar, number]>;
    } & FixtureExpiry);

/** One key's value: a bare scalar is a string without TTL. */
export type FixtureValue = FixtureScalar | FixtureEntry;

/** Databases by name, `db0` to `db<databases-1>`, each a map of key → value. */
export type Fixture = Readonly<Record<string, Readonly<Record<string, FixtureValue>>>>;

/** A fixture that cannot be loaded; the message names the database and key. */
export class FixtureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FixtureError';
  }
}

/** The command that writes each type (its first argument after the key is the value). */
const WRITE_COMMAND = { string: 'SET', list: 'RPUSH', hash: 'HSET', set: 'SADD', zset: 'ZADD' } as const;

type FixtureType = keyof typeof WRITE_COMMAND;

/** One key, validated and turned into the commands that create it. */
interface PlannedKey {
  readonly db: number;
  readonly key: string;
  readonly commands: ReadonlyArray<ReadonlyArray<string | Buffer>>;
}

function isScalar(value: unknown): value is FixtureScalar {
  return typeof value === 'string' || Buffer.isBuffer(value) || (typeof value === 'number' && Number.isFinite(value));
}

function scalarArg(value: FixtureScalar): string | Buffer {
  return typeof value === 'number' ? String(value) : value;
}

/** A score as ZADD reads it: Redis's strtod accepts "inf" and "-inf". */
function scoreArg(score: unknown, where: string): string {
  if (typeof score !== 'number' || Number.isNaN(score)) throw new FixtureError(`${where}: a zset score must be a number`);
  if (score === Infinity) return 'inf';
  if (score === -Infinity) return '-inf';
  return String(score);
}

/** Validate one entry and produce SET/RPUSH/HSET/SADD/ZADD arguments (without the key's TTL). */
function writeArgs(key: string, type: FixtureType, value: unknown, where: string): Array<string | Buffer> {
  const args: Array<string | Buffer> = [WRITE_COMMAND[type], key];
  const needArray = (): readonly unknown[] => {
    if (!Array.isArray(value)) throw new FixtureError(`${where}: a ${type} value must be an array`);
    if (value.length === 0) throw new FixtureError(`${where}: an empty ${type} cannot exist in Redis (it is the same as no key)`);
    return value;
  };
  switch (type) {
    case 'string':
      if (!isScalar(value)) throw new FixtureError(`${where}: a string value must be a string, Buffer or finite number`);
      args.push(scalarArg(value));
      return args;
    case 'list':
    case 'set':
      for (const item of needArray()) {
        if (!isScalar(item)) throw new FixtureError(`${where}: ${type} members must be strings, Buffers or finite numbers`);
        args.push(scalarArg(item));
      }
      return args;
    case 'hash': {
      if (typeof value !== 'object' || value === null || Array.isArray(value) || Buffer.isBuffer(value)) {
        throw new FixtureError(`${where}: a hash value must be an object of field → value`);
      }
      const fields = Object.entries(value);
      if (fields.length === 0) throw new FixtureError(`${where}: an empty hash cannot exist in Redis (it is the same as no key)`);
      for (const [field, fieldValue] of fields) {
        if (!isScalar(fieldValue)) throw new FixtureError(`${where}: hash field '${field}' must be a string, Buffer or finite number`);
        args.push(field, scalarArg(fieldValue));
      }
      return args;
    }
    case 'zset': {
      const pairs: ReadonlyArray<readonly [unknown, unknown]> = Array.isArray(value)
        ? needArray().map((pair) => {
            if (!Array.isArray(pair) || pair.length !== 2) throw new FixtureError(`${where}: zset pairs must be [member, score]`);
            return [pair[0], pair[1]] as const;
          })
        : typeof value === 'object' && value !== null && !Buffer.isBuffer(value)
          ? Object.entries(value)
          : [];
      if (pairs.length === 0) throw new FixtureError(`${where}: a zset value must be a non-empty { member: score } or [member, score][]`);
      for (const [member, score] of pairs) {
        if (!isScalar(member)) throw new FixtureError(`${where}: zset members must be strings, Buffers or finite numbers`);
        args.push(scoreArg(score, where), scalarArg(member));
      }
      return args;
    }
  }
}

function expiryArgs(key: string, entry: FixtureExpiry, where: string): Array<string | Buffer> | undefined {
  const { ttl, expireAt } = entry;
  if (ttl !== undefined && expireAt !== undefined) throw new FixtureError(`${where}: give ttl or expireAt, not both`);
  if (ttl !== undefined) {
    if (!Number.isSafeInteger(ttl) || ttl <= 0) throw new FixtureError(`${where}: ttl must be a positive integer of milliseconds`);
    return ['PEXPIRE', key, String(ttl)];
  }
  if (expireAt !== undefined) {
    if (!Number.isSafeInteger(expireAt) || expireAt <= 0) throw new FixtureError(`${where}: expireAt must be a positive unix time in milliseconds`);
    return ['PEXPIREAT', key, String(expireAt)];
  }
  return undefined;
}

/** Check the whole fixture and turn it into commands; throws FixtureError before anything runs. */
export function planFixture(fixture: Fixture, databases: number, has: (command: string) => boolean): PlannedKey[] {
  if (typeof fixture !== 'object' || fixture === null) throw new FixtureError('a fixture must be an object of { db0: { key: value } }');
  const planned: PlannedKey[] = [];
  for (const [dbName, keys] of Object.entries(fixture)) {
    const match = /^db(0|[1-9]\d*)$/.exec(dbName);
    if (match === null) throw new FixtureError(`fixture: '${dbName}' is not a database name (use db0, db1, ...)`);
    const db = Number(match[1]);
    if (db >= databases) throw new FixtureError(`fixture: ${dbName} does not exist (the server has ${databases} databases)`);
    if (typeof keys !== 'object' || keys === null) throw new FixtureError(`fixture ${dbName}: must be an object of key → value`);
    for (const [key, value] of Object.entries(keys)) {
      const where = `fixture ${dbName}[${JSON.stringify(key)}]`;
      let type: FixtureType;
      let raw: unknown;
      let expiry: Array<string | Buffer> | undefined;
      if (isScalar(value)) {
        type = 'string';
        raw = value;
      } else if (typeof value === 'object' && value !== null && 'type' in value) {
        const entry = value as { type: unknown; value?: unknown } & FixtureExpiry;
        if (typeof entry.type !== 'string' || !(entry.type in WRITE_COMMAND)) {
          throw new FixtureError(`${where}: unknown type ${JSON.stringify(entry.type)} (string, list, hash, set or zset)`);
        }
        type = entry.type as FixtureType;
        raw = entry.value;
        expiry = expiryArgs(key, entry, where);
      } else {
        throw new FixtureError(`${where}: a value is a string, number, Buffer or { type, value, ttl? }`);
      }
      const write = writeArgs(key, type, raw, where);
      const needed = [write[0] as string, ...(expiry === undefined ? [] : [expiry[0] as string])];
      for (const command of needed) {
        if (!has(command)) {
          throw new FixtureError(`${where}: type '${type}' is loaded with ${command}, which this version of tsredis does not implement yet`);
        }
      }
      planned.push({ db, key, commands: expiry === undefined ? [['DEL', key], write] : [['DEL', key], write, expiry] });
    }
  }
  return planned;
}

/**
 * Load a fixture into a running server. Keys named in the fixture replace existing keys of the
 * same name; other keys stay (restore a snapshot or FLUSHALL first for a clean slate).
 */
export function loadFixture(server: Server, fixture: Fixture): void {
  const client = new InternalClient(server);
  const planned = planFixture(fixture, server.keyspace.dbs.length, (name) => client.has(name));
  for (const { db, key, commands } of planned) {
    client.select(db);
    for (const argv of commands) {
      try {
        client.run(...argv);
      } catch (err) {
        if (err instanceof ReplyError) throw new FixtureError(`fixture db${db}[${JSON.stringify(key)}]: ${String(argv[0])} failed: ${err.message}`);
        throw err;
      }
    }
  }
  // Lists written here may be what a client is blocked on (handleClientsBlockedOnKeys).
  if (server.blocking.hasReadyKeys) server.blocking.serveReadyKeys();
}
