// MIGRATE: move keys to another server as DUMP payloads sent with RESTORE, then delete them here.
// Mirrors: redis src/cluster.c (migrateCommand, migrateGetKeys) and src/commands/migrate.json.
//
// Redis runs MIGRATE with blocking socket calls: the whole server stops until the target has
// answered, so nothing can touch the keys between their DUMP and their DEL. Node cannot block, so
// the handler returns a Suspension (src/protocol/suspension.ts): the caller's reply and the rest of
// its pipeline wait, while other clients go on. The steps keep Redis's order:
//   1. options, then the timeout and destination-db integers; the keys are looked up (NOKEY when
//      none is there) and serialized at once, with their TTLs, as Redis does;
//   2. the target gets AUTH (if asked), SELECT (unless its connection already has that db) and
//      one RESTORE per key (RESTORE-ASKING is for cluster mode, which we do not have), in one write;
//   3. once every reply line is in, each key the target accepted is deleted here (unless COPY),
//      and the command is logged as DEL of those keys, as 7.0 writes it to the AOF.
// DIFFERS FROM REDIS: other clients run while the target answers. A key they change (or delete,
// or that a FLUSHDB/SWAPDB moves) in that window is not deleted afterwards: the target holds the
// version read at step 1, the newer one stays here. Inside MULTI the transaction waits for
// MIGRATE, but other clients' commands may run before the rest of its queue.
//
// The connections to the targets (cached per host:port, with the db they last selected) and the
// request/reply exchange are in migrate-target.ts.

import { ReplyError, syntaxError } from '../errors.js';
import { NOTIFY_GENERIC } from '../config/keyspace-events.js';
import type { RedisObject } from '../datatypes/object.js';
import type { Database } from '../keyspace/database.js';
import type { Keyspace } from '../keyspace/keyspace.js';
import { dumpPayload } from '../persistence/rdb/dump.js';
import { OK, status, type Reply } from '../protocol/reply.js';
import { Suspension } from '../protocol/suspension.js';
import { intArg, keyOf, optionOf } from './args.js';
import type { CommandContext } from './context.js';
import { closeLink, encodeCommand, exchange, getLink, releaseLink, type Exchange, type TargetLink } from './migrate-target.js';
import { keyAt } from './key-specs.js';
import type { CommandSpec } from './types.js';

/** A timeout of 0 or less means this many ms. */
const MIGRATE_DEFAULT_TIMEOUT_MS = 1000;

const NOKEY = status('NOKEY');
const DEL = Buffer.from('DEL');

// --- Errors (texts read off redis-server 7.0.15) ---

const keysNeedEmptyKeyError = (): ReplyError =>
  new ReplyError('ERR When using MIGRATE KEYS option, the key argument must be set to the empty string');
const ioError = (what: 'writing' | 'reading'): ReplyError =>
  new ReplyError(`IOERR error or timeout ${what} to target instance`);
const connectError = (): ReplyError => new ReplyError('IOERR error or timeout connecting to the client');
const targetError = (line: string): ReplyError => new ReplyError(`ERR Target instance replied with error: ${line}`);
const cannotWaitError = (): ReplyError =>
  new ReplyError('ERR MIGRATE cannot run here: it waits for the target server, which scripts cannot do in tsredis');

// --- Arguments ---

interface MigrateOptions {
  copy: boolean;
  replace: boolean;
  username: Buffer | undefined;
  password: Buffer | undefined;
  /** argv index of the first key, and how many. */
  firstKey: number;
  numKeys: number;
}

/** migrateCommand's option loop: COPY, REPLACE, AUTH pw, AUTH2 user pw, KEYS k... (the rest are keys). */
function parseMigrateOptions(argv: readonly Buffer[]): MigrateOptions {
  const options: MigrateOptions = { copy: false, replace: false, username: undefined, password: undefined, firstKey: 3, numKeys: 1 };
  for (let j = 6; j < argv.length; j++) {
    const moreArgs = argv.length - 1 - j;
    const option = optionOf(argv[j] as Buffer);
    if (option === 'COPY') {
      options.copy = true;
    } else if (option === 'REPLACE') {
      options.replace = true;
    } else if (option === 'AUTH') {
      if (moreArgs < 1) throw syntaxError();
      options.password = argv[++j];
    } else if (option === 'AUTH2') {
      if (moreArgs < 2) throw syntaxError();
      options.username = argv[++j];
      options.password = argv[++j];
    } else if (option === 'KEYS') {
      if ((argv[3] as Buffer).length !== 0) throw keysNeedEmptyKeyError();
      options.firstKey = j + 1;
      options.numKeys = argv.length - j - 1;
      break;
    } else {
      throw syntaxError();
    }
  }
  return options;
}

/** migrateGetKeys: argv[3], or everything after KEYS (skipping AUTH's and AUTH2's arguments). */
function migrateGetKeys(argv: readonly Buffer[]): number[] {
  for (let i = 6; i < argv.length; i++) {
    const option = optionOf(argv[i] as Buffer);
    if (option === 'AUTH') {
      i += 1;
    } else if (option === 'AUTH2') {
      i += 2;
    } else if (option === 'KEYS') {
      if ((argv[3] as Buffer).length > 0) return [];
      const keys: number[] = [];
      for (let k = i + 1; k < argv.length; k++) keys.push(k);
      return keys;
    }
  }
  return [3];
}

/** The port as C's atoi reads it, then cut to 16 bits as the socket address holds it. */
function atoiPort(arg: Buffer): number {
  const match = /^\s*([+-]?\d+)/.exec(arg.latin1Slice(0, arg.length));
  return match === null ? 0 : Number(match[1]) & 0xffff;
}

// --- Keys changed while the target answers ---

interface InFlight {
  readonly db: Database;
  readonly touched: Set<string>;
  readonly keys: ReadonlySet<string>;
}

const inFlightByKeyspace = new WeakMap<Keyspace, Set<InFlight>>();

/** The migrations running on this keyspace; one pair of listeners per keyspace marks the keys other commands write. */
function inFlightOf(keyspace: Keyspace): Set<InFlight> {
  let set = inFlightByKeyspace.get(keyspace);
  if (set !== undefined) return set;
  const running = new Set<InFlight>();
  inFlightByKeyspace.set(keyspace, running);
  keyspace.onKeyModified((db, key) => {
    if (running.size === 0) return;
    for (const migration of running) if (migration.db === db && migration.keys.has(key)) migration.touched.add(key);
  });
  keyspace.onDatabaseReplaced((db) => {
    for (const migration of running) if (migration.db === db) for (const key of migration.keys) migration.touched.add(key);
  });
  return running;
}

// --- The command ---

interface MigratingKey {
  readonly arg: Buffer;
  readonly key: string;
  readonly obj: RedisObject;
}

/**
 * Move keys to another Redis server: RESTORE there, then DEL here (unless COPY).
 * Format: MIGRATE host port key|"" destination-db timeout [COPY] [REPLACE] [AUTH password] [AUTH2 username password] [KEYS key ...]
 */
function migrateCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const options = parseMigrateOptions(argv);
  let timeoutMs = intArg(argv[5] as Buffer);
  const dbid = intArg(argv[4] as Buffer);
  if (timeoutMs <= 0) timeoutMs = MIGRATE_DEFAULT_TIMEOUT_MS;

  const db = ctx.db;
  const found: MigratingKey[] = [];
  for (let j = 0; j < options.numKeys; j++) {
    const arg = argv[options.firstKey + j] as Buffer;
    const key = keyOf(arg);
    const obj = db.lookupRead(key);
    if (obj !== undefined) found.push({ arg, key, obj });
  }
  if (found.length === 0) return NOKEY;
  // SIMPLIFIED: a caller that cannot wait (a script, the in-process API) cannot run MIGRATE.
  if (ctx.suspendable !== true) throw cannotWaitError();

  const server = ctx.server;
  const compression = server.config.get('rdbcompression');
  const payloads = found.map(({ obj }) => dumpPayload(obj, compression));
  const host = (argv[1] as Buffer).latin1Slice();
  const portArg = (argv[2] as Buffer).latin1Slice();
  const port = atoiPort(argv[2] as Buffer);

  const running = inFlightOf(server.keyspace);
  const migration: InFlight = { db, touched: new Set(), keys: new Set(found.map(({ key }) => key)) };
  running.add(migration);
  const suspension = new Suspension(true);

  const attempt = (mayRetry: boolean): void => {
    const link = getLink(server, host, port, portArg);
    const parts: Buffer[] = [];
    if (options.password !== undefined) {
      encodeCommand(parts, options.username === undefined
        ? [Buffer.from('AUTH'), options.password]
        : [Buffer.from('AUTH'), options.username, options.password]);
    }
    const select = link.lastDbid !== dbid;
    if (select) encodeCommand(parts, [Buffer.from('SELECT'), Buffer.from(String(dbid))]);
    // TTLs are taken now, relative: a key whose TTL passed since the lookup is left out.
    const now = server.clock.now();
    const sent: MigratingKey[] = [];
    found.forEach((entry, i) => {
      const expireAt = db.getExpire(entry.key);
      let ttl = 0;
      if (expireAt !== undefined) {
        ttl = Number(expireAt) - now;
        if (ttl < 0) return;
        if (ttl < 1) ttl = 1;
      }
      sent.push(entry);
      const restore = [Buffer.from('RESTORE'), entry.arg, Buffer.from(String(ttl)), payloads[i] as Buffer];
      if (options.replace) restore.push(Buffer.from('REPLACE'));
      encodeCommand(parts, restore);
    });
    const preamble = (options.password !== undefined ? 1 : 0) + (select ? 1 : 0);
    exchange(link, Buffer.concat(parts), preamble + sent.length, timeoutMs, (result) => {
      const restoreReplies = Math.max(0, result.lines.length - preamble);
      // Retry once on a fresh connection when nothing was restored and it was not a timeout.
      if (result.failure !== undefined && result.failure !== 'connect' && restoreReplies === 0 && mayRetry && !result.timedOut) {
        closeLink(server, link);
        attempt(false);
        return;
      }
      finish(link, result, preamble, sent);
    });
  };

  const finish = (link: TargetLink, result: Exchange, preamble: number, sent: readonly MigratingKey[]): void => {
    running.delete(migration);
    const { lines } = result;
    let reply: Reply = OK;
    let errorFromTarget = false;
    const deleted: Buffer[] = [];
    // The AUTH and SELECT replies come first; an error there fails every key.
    const preambleError = lines.slice(0, preamble).find((line) => line.startsWith('-'));
    const feed = server.propagation;
    const mark = feed?.beginCommand(server.dirty);
    for (let j = 0; j + preamble < lines.length && j < sent.length; j++) {
      const line = lines[j + preamble] as string;
      const error = preambleError ?? (line.startsWith('-') ? line : undefined);
      if (error !== undefined) {
        if (!errorFromTarget) {
          errorFromTarget = true;
          link.lastDbid = -1;
          reply = targetError(error.slice(1));
        }
      } else if (!options.copy) {
        const entry = sent[j] as MigratingKey;
        if (migration.touched.has(entry.key) || db.lookupReadNoTouch(entry.key, false) !== entry.obj) continue;
        db.delete(entry.key);
        ctx.notify(NOTIFY_GENERIC, 'del', entry.key);
        server.dirty++;
        deleted.push(entry.arg);
      }
    }
    // Logged as DEL of the keys the target acknowledged (nothing when none was deleted).
    if (!options.copy) ctx.propagateAs(...(deleted.length > 0 ? [[DEL, ...deleted]] : []));
    if (feed !== undefined && mark !== undefined) feed.endCommand(mark, server.dirty, db.index, argv);
    if (result.failure !== undefined) {
      link.failed ??= 'io';
      if (!errorFromTarget) reply = result.failure === 'connect' ? connectError() : ioError(result.failure);
    } else if (!errorFromTarget) {
      link.lastDbid = dbid;
    }
    releaseLink(server, link);
    suspension.resolve(reply);
  };

  attempt(true);
  return suspension;
}

// --- Spec (redis src/commands/migrate.json) ---

export const migrateCommands: readonly CommandSpec[] = [
  {
    name: 'migrate', group: 'generic', arity: -6, flags: ['write', 'movablekeys'], keys: { first: 3, last: 3, step: 1 },
    acl: ['keyspace', 'write', 'slow', 'dangerous'],
    summary: 'Atomically transfer a key from a Redis instance to another one.', since: '2.6.0',
    complexity: 'This command actually executes a DUMP+DEL in the source instance, and a RESTORE in the target instance. See the pages of these commands for time complexity. Also an O(N) data transfer between the two instances is performed.',
    history: [
      ['3.0.0', 'Added the `COPY` and `REPLACE` options.'],
      ['3.0.6', 'Added the `KEYS` option.'],
      ['4.0.7', 'Added the `AUTH` option.'],
      ['6.0.0', 'Added the `AUTH2` option.'],
    ],
    tips: ['nondeterministic_output'],
    keySpecs: [
      keyAt(3, ['RW', 'access', 'delete']),
      {
        flags: ['RW', 'access', 'delete', 'incomplete'],
        beginSearch: { type: 'keyword', keyword: 'KEYS', startfrom: -2 },
        findKeys: { type: 'range', lastkey: -1, keystep: 1, limit: 0 },
      },
    ],
    getKeys: migrateGetKeys,
    arguments: [
      { name: 'host', type: 'string' },
      { name: 'port', type: 'integer' },
      {
        name: 'key_or_empty_string', type: 'oneof', arguments: [
          { name: 'key', type: 'key', keySpecIndex: 0 },
          { name: 'empty_string', type: 'pure-token', token: '' },
        ],
      },
      { name: 'destination-db', type: 'integer' },
      { name: 'timeout', type: 'integer' },
      { name: 'copy', type: 'pure-token', token: 'COPY', since: '3.0.0', flags: ['optional'] },
      { name: 'replace', type: 'pure-token', token: 'REPLACE', since: '3.0.0', flags: ['optional'] },
      {
        name: 'authentication', type: 'oneof', flags: ['optional'], arguments: [
          { name: 'password', type: 'string', token: 'AUTH', since: '4.0.7', flags: ['optional'] },
          {
            name: 'username_password', type: 'block', token: 'AUTH2', since: '6.0.0', flags: ['optional'], arguments: [
              { name: 'username', type: 'string' },
              { name: 'password', type: 'string' },
            ],
          },
        ],
      },
      { name: 'key', type: 'key', keySpecIndex: 1, token: 'KEYS', since: '3.0.6', flags: ['optional', 'multiple'] },
    ],
    handler: migrateCommand,
  },
];
