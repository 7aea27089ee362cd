// Generators for the keyspace (db.c, object.c) and expiry (expire.c) families.

import * as fc from 'fast-check';
import type { Template } from '../harness/command.js';
import { absoluteTtl, b, cmd, gen, int, key, keys, kw, member, opt, options, pair, pattern, relativeTtl, value, withCompare, unordered, type CommandGen } from '../harness/args.js';

/** Database numbers: the three the final-state check reads (0, 1, 15), then out-of-range and malformed ones. */
const db = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('0', '1', '15').map(b) },
  { weight: 1, arbitrary: fc.constantFrom('16', '-1', 'abc', '', '1.0', '9223372036854775808', '2147483648').map(b) },
);

const TYPES = fc.constantFrom('string', 'list', 'hash', 'set', 'zset', 'stream', 'STRING', 'nosuchtype').map(b);

/** SCAN cursor: mostly 0 (followed to the end), sometimes a malformed or arbitrary one. */
const cursor = fc.oneof(
  { weight: 6, arbitrary: fc.constant(b('0')) },
  { weight: 1, arbitrary: fc.constantFrom('-1', 'abc', '', '18446744073709551616', '1.5').map(b) },
);
const scanCount = fc.constantFrom('1', '2', '10', '0', '-1', 'abc').map(b);

/** A SCAN-family template: MATCH, COUNT (and TYPE for SCAN) in any order. */
export function scanTemplate(name: string, withKey: boolean, pairs: boolean): fc.Arbitrary<Template> {
  const opts = options(
    0,
    3,
    pair(kw('MATCH'), pattern),
    pair(kw('COUNT'), scanCount),
    ...(withKey ? [pair(kw('NOVALUES'), fc.constant(b('x')))] : [pair(kw('TYPE'), TYPES)]),
  );
  const template = withKey ? cmd(name, key, cursor, opts) : cmd(name, cursor, opts);
  return withCompare(template, { kind: 'scan', cursorIndex: withKey ? 2 : 1, pairs }, true);
}

const expireFlags = options(0, 2, kw('NX'), kw('XX'), kw('GT'), kw('LT'));
const TTL_SECONDS = { kind: 'ttl', tolerance: 1 } as const;
const TTL_MS = { kind: 'ttl', tolerance: 1000 } as const;

export function keyspaceGens(): CommandGen[] {
  return [
    gen('del', 3, cmd('DEL', keys(1, 3))),
    gen('unlink', 1, cmd('UNLINK', keys(1, 3))),
    gen('exists', 3, cmd('EXISTS', keys(1, 4))),
    gen('type', 3, cmd('TYPE', key)),
    gen('touch', 1, cmd('TOUCH', keys(1, 3))),
    gen('rename', 3, cmd('RENAME', key, key)),
    gen('renamenx', 2, cmd('RENAMENX', key, key)),
    gen('copy', 3, cmd('COPY', key, key, options(0, 2, pair(kw('DB'), db), kw('REPLACE')))),
    gen('move', 2, cmd('MOVE', key, db)),
    gen('dbsize', 2, cmd('DBSIZE')),
    gen('flushdb', 1, cmd('FLUSHDB', opt(fc.oneof(kw('ASYNC'), kw('SYNC'), kw('LAZY'))))),
    gen('select', 3, cmd('SELECT', db)),
    gen('swapdb', 2, cmd('SWAPDB', db, db)),
    gen('keys', 3, unordered(cmd('KEYS', pattern))),
    gen('randomkey', 2, withCompare(cmd('RANDOMKEY'), { kind: 'random', universe: [b('KEYS'), b('*')], distinct: false, pairs: false })),
    gen('scan', 2, scanTemplate('SCAN', false, false)),
    gen('object', 3, cmd('OBJECT', kw('ENCODING'), key)),
    gen('object', 1, withCompare(cmd('OBJECT', fc.oneof(kw('IDLETIME'), kw('FREQ')), key), { kind: 'anyInteger' })),
    gen('object', 1, cmd('OBJECT', fc.oneof(kw('NOSUCH'), kw('ENCODING')), opt(key), opt(key))),
  ];
}

export function expireGens(): CommandGen[] {
  return [
    gen('expire', 4, cmd('EXPIRE', key, relativeTtl('s'), expireFlags)),
    gen('pexpire', 3, cmd('PEXPIRE', key, relativeTtl('ms'), expireFlags)),
    gen('expireat', 3, cmd('EXPIREAT', key, absoluteTtl('s'), expireFlags)),
    gen('pexpireat', 3, cmd('PEXPIREAT', key, absoluteTtl('ms'), expireFlags)),
    gen('ttl', 4, withCompare(cmd('TTL', key), TTL_SECONDS)),
    gen('pttl', 3, withCompare(cmd('PTTL', key), TTL_MS)),
    gen('expiretime', 2, withCompare(cmd('EXPIRETIME', key), TTL_SECONDS)),
    gen('pexpiretime', 2, withCompare(cmd('PEXPIRETIME', key), TTL_MS)),
    gen('persist', 3, cmd('PERSIST', key)),
  ];
}

/** One write per type, so every family's sequences meet keys of the other types (WRONGTYPE paths). */
export function creatorGens(): CommandGen[] {
  return [
    gen('set', 2, cmd('SET', key, value)),
    gen('rpush', 1, cmd('RPUSH', key, value, opt(value))),
    gen('hset', 1, cmd('HSET', key, member, value)),
    gen('sadd', 1, cmd('SADD', key, member, opt(member))),
    gen('zadd', 1, cmd('ZADD', key, int, member)),
  ];
}
