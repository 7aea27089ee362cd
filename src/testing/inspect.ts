// Inspection without a client: read a database's keys, values, types and TTLs as plain JS values,
// from the test process, with no side effects on the server.
// Mirrors: the read half of redis src/db.c (keysCommand, typeCommand, ttlGenericCommand) as the
// Redis test suite uses it through a client; here it is a function call.
//
// Nothing here writes: a key whose TTL passed is reported missing but not deleted (like KEYS, which
// uses keyIsExpired), no LRU time is touched and no keyspace hit or miss is counted.
//
// Values of the aggregate types are read by running the type's own read command (LRANGE, HGETALL,
// SMEMBERS, ZRANGE ... WITHSCORES) through an internal client against a scratch database that
// holds only that one object. That keeps this file independent of each type's encodings, and a
// type whose read command is not implemented yet is returned as its raw RedisObject.

import { ReplyError } from '../errors.js';
import { Keyspace } from '../keyspace/keyspace.js';
import type { Database } from '../keyspace/database.js';
import type { RedisObject, RedisType } from '../datatypes/object.js';
import { stringBytes } from '../datatypes/string/string-type.js';
import type { Reply } from '../protocol/reply.js';
import type { Server } from '../server/server.js';
import { globMatch, isMatchAll } from '../util/glob.js';
import { InternalClient } from './internal-client.js';

/** A string (or member, field) as a test reads it: text when the bytes are valid UTF-8, else the bytes. */
export type InspectedString = string | Buffer;

/** What `get` returns, by type. */
export type InspectedValue =
  | InspectedString // string
  | InspectedString[] // list (head first), set (in the server's order)
  | Record<string, InspectedString> // hash
  | Array<[InspectedString, number]> // zset, lowest score first
  | Array<[string, Record<string, InspectedString>]> // stream: [id, fields], oldest first
  | RedisObject; // a type whose read command is not implemented yet: the raw object

/** Bytes as text when that loses nothing, else as a Buffer. */
export function textOrBytes(bytes: Buffer): InspectedString {
  const text = bytes.toString('utf8');
  return Buffer.byteLength(text, 'utf8') === bytes.length && Buffer.from(text, 'utf8').equals(bytes) ? text : bytes;
}

/** A key as the test names it (text is taken as its UTF-8 bytes) → the keyspace's latin1 Map key. */
export function mapKeyOf(key: string | Buffer): string {
  const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  return bytes.latin1Slice(0, bytes.length);
}

/** A bulk string from a reply: the protocol model keeps small ones as latin1 strings. */
function replyBytes(reply: Reply): Buffer {
  if (Buffer.isBuffer(reply)) return reply;
  if (typeof reply === 'string') return Buffer.from(reply, 'latin1');
  if (typeof reply === 'number' || typeof reply === 'bigint') return Buffer.from(String(reply), 'latin1');
  throw new TypeError(`expected a bulk string in the reply, got ${JSON.stringify(reply)}`);
}

function replyArray(reply: Reply): readonly Reply[] {
  if (Array.isArray(reply)) return reply as readonly Reply[];
  if (reply !== null && typeof reply === 'object' && 'kind' in reply && (reply.kind === 'set' || reply.kind === 'map')) {
    return reply.items;
  }
  throw new TypeError('expected an array reply');
}

/** A score: a double reply node, or a bulk string where Redis prints infinities as "inf" / "-inf". */
function replyScore(reply: Reply): number {
  if (reply !== null && typeof reply === 'object' && 'kind' in reply && reply.kind === 'double') return reply.value;
  const text = replyBytes(reply).toString('latin1');
  if (text === 'inf' || text === '+inf') return Infinity;
  if (text === '-inf') return -Infinity;
  return Number(text);
}

/** The read command that lists a whole aggregate, and how to turn its RESP2 reply into JS. */
const READERS: Record<Exclude<RedisType, 'string'>, { argv: readonly string[]; convert: (reply: Reply) => InspectedValue }> = {
  list: { argv: ['LRANGE', '', '0', '-1'], convert: (r) => replyArray(r).map((x) => textOrBytes(replyBytes(x))) },
  set: { argv: ['SMEMBERS', ''], convert: (r) => replyArray(r).map((x) => textOrBytes(replyBytes(x))) },
  hash: {
    argv: ['HGETALL', ''],
    convert: (r) => {
      const items = replyArray(r);
      const out: Record<string, InspectedString> = {};
      // Field names become object keys, so they are always text (invalid UTF-8 is replaced).
      for (let i = 0; i + 1 < items.length; i += 2) out[replyBytes(items[i] as Reply).toString('utf8')] = textOrBytes(replyBytes(items[i + 1] as Reply));
      return out;
    },
  },
  stream: {
    argv: ['XRANGE', '', '-', '+'],
    convert: (r) =>
      replyArray(r).map((entry) => {
        const [id, fields] = replyArray(entry);
        const items = replyArray(fields ?? []);
        const out: Record<string, InspectedString> = {};
        for (let i = 0; i + 1 < items.length; i += 2) out[replyBytes(items[i] as Reply).toString('utf8')] = textOrBytes(replyBytes(items[i + 1] as Reply));
        return [replyBytes(id ?? null).toString('latin1'), out] as [string, Record<string, InspectedString>];
      }),
  },
  zset: {
    argv: ['ZRANGE', '', '0', '-1', 'WITHSCORES'],
    convert: (r) => {
      // RESP2's flat member, score, member, score ... (or RESP3-style [member, score] pairs).
      const items = replyArray(r);
      const flat = items.flatMap((item) => (Array.isArray(item) ? (item as readonly Reply[]) : [item]));
      const out: Array<[InspectedString, number]> = [];
      for (let i = 0; i + 1 < flat.length; i += 2) out.push([textOrBytes(replyBytes(flat[i] as Reply)), replyScore(flat[i + 1] as Reply)]);
      return out;
    },
  },
};

/** A read-only view of one database. */
export class DatabaseView {
  /** A one-database keyspace, private to this view, where aggregate values are read. */
  private scratch: { db: Database; client: InternalClient } | undefined;

  constructor(
    private readonly server: Server,
    readonly index: number,
  ) {}

  private get db(): Database {
    return this.server.keyspace.db(this.index);
  }

  /** The live object under `key`, or undefined (expired keys count as missing; nothing is deleted). */
  private live(key: string | Buffer): RedisObject | undefined {
    const mapKey = mapKeyOf(key);
    const db = this.db;
    if (db.isExpired(mapKey)) return undefined;
    return db.peek(mapKey);
  }

  /**
   * The value as plain JS: string → string (or Buffer if not valid UTF-8), list → array, set →
   * array, hash → object, zset → [member, score][]; undefined when the key does not exist.
   */
  get(key: string | Buffer): InspectedValue | undefined {
    const obj = this.live(key);
    if (obj === undefined) return undefined;
    if (obj.type === 'string') return textOrBytes(stringBytes(obj));
    const reader = READERS[obj.type];
    const scratch = this.scratchDb();
    if (!scratch.client.has(reader.argv[0] as string)) return obj;
    // The scratch database holds the very object (no copy) for the length of one read command;
    // its LRU field is put back so the real key looks untouched.
    const lru = obj.lru;
    const scratchKey = 'k';
    scratch.db.add(scratchKey, obj);
    try {
      const argv = reader.argv.map((arg, i) => (i === 1 ? scratchKey : arg));
      const reply = scratch.client.run(...argv);
      return reader.convert(reply);
    } catch (err) {
      if (err instanceof ReplyError) return obj;
      throw err;
    } finally {
      scratch.db.clear();
      obj.lru = lru;
    }
  }

  /** The names of the live keys matching a glob pattern (KEYS's syntax; default all). */
  keys(pattern = '*'): string[] {
    const db = this.db;
    const patternBytes = Buffer.from(pattern, 'utf8');
    const all = isMatchAll(patternBytes);
    const out: string[] = [];
    for (const key of db.keys()) {
      if (db.isExpired(key)) continue;
      const bytes = Buffer.from(key, 'latin1');
      if (!all && !globMatch(patternBytes, bytes)) continue;
      out.push(bytes.toString('utf8'));
    }
    return out;
  }

  /** Milliseconds left to live, like PTTL: -2 when the key does not exist, -1 when it has no TTL. */
  ttl(key: string | Buffer): number {
    if (this.live(key) === undefined) return -2;
    const when = this.db.getExpire(mapKeyOf(key));
    return when === undefined ? -1 : Number(when) - this.server.clock.now();
  }

  /** Like TYPE: 'string', 'list', 'hash', 'set', 'zset', or 'none'. */
  type(key: string | Buffer): RedisType | 'none' {
    return this.live(key)?.type ?? 'none';
  }

  /** Does the key exist (and has not expired)? */
  has(key: string | Buffer): boolean {
    return this.live(key) !== undefined;
  }

  /** How many keys the database holds, like DBSIZE (which also counts keys not yet reclaimed). */
  get size(): number {
    return this.db.size;
  }

  private scratchDb(): { db: Database; client: InternalClient } {
    if (this.scratch === undefined) {
      const stats = { expiredKeys: 0, keyspaceHits: 0, keyspaceMisses: 0 };
      const keyspace = new Keyspace(1, this.server.clock, this.server.rng, stats);
      const db = keyspace.db(0);
      this.scratch = { db, client: new InternalClient(this.server, db) };
    }
    return this.scratch;
  }
}
