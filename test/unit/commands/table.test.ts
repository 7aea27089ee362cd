// The command table's coverage test: the shape every spec must have, and — for every command tsredis implements — the
// arity, flags, key positions, ACL categories and docs that COMMAND INFO / COMMAND DOCS report, against Redis 7.0's own.
//
// Redis's side is test/fixtures/redis-7.0-command-info.json: COMMAND INFO and COMMAND DOCS of a real redis-server
// 7.0.15, captured over RESP3 with `npx tsx scripts/gen-compatibility.ts --capture 6407` (see the fixture's "comment").
// Our side is encoded exactly as it goes on the wire (RESP3) and parsed back with the same parser, so what is compared
// is what a client would see. Commands are added by every family: the test iterates whatever the table holds.

import { describe, expect, it } from 'vitest';
import { aclCategories, keySpecsOf, reportedFlags } from '../../../src/commands/command/derived.js';
import { commandDocsReply, commandInfoReply } from '../../../src/commands/command/replies.js';
import { getKeysWithFlags } from '../../../src/commands/command/getkeys.js';
import { buildCommandTable, uniqueCommands } from '../../../src/commands/table.js';
import type { Command, CommandFlag, CommandSpec, KeySpec } from '../../../src/commands/types.js';
import { encodeReply, type Reply } from '../../../src/protocol/reply.js';
import { loadFixture, parseResp3, type FixtureCommand, type Resp3 } from '../../../scripts/gen-compatibility.js';

const fixture = loadFixture();
const redis = new Map<string, FixtureCommand>(fixture.commands.map((c) => [c.name, c]));
const table = buildCommandTable();
const commands: Command[] = uniqueCommands(table).flatMap((c) => [c, ...(c.subcommands?.values() ?? [])]);
const names = commands.map((c) => c.fullName);
const byName = new Map(commands.map((c) => [c.fullName, c]));

/** A reply as a RESP3 client decodes it: maps become objects, sets arrays. */
function onTheWire(reply: Reply): Resp3 {
  const parsed = parseResp3(encodeReply(reply, 3), 0);
  if (parsed === undefined) throw new Error('incomplete reply');
  return parsed.value;
}

/** COMMAND INFO's entry, in the fixture's shape. */
function infoOf(command: Command): Omit<FixtureCommand, 'docs' | 'name'> {
  const [, arity, flags, first, last, step, acl, tips, keySpecs, subs] = onTheWire(commandInfoReply(command)) as [
    string, number, string[], number, number, number, string[], string[], Resp3[], Resp3[][],
  ];
  return { arity, flags, first, last, step, acl, tips, keySpecs, subcommands: subs.map((s) => s[0] as string).sort() };
}

/** COMMAND DOCS's map without the nested subcommands, in the fixture's shape. */
function docsOf(command: Command): Record<string, Resp3> {
  const { subcommands: _subs, ...docs } = onTheWire(commandDocsReply(command)) as Record<string, Resp3>;
  return docs;
}

const KNOWN_FLAGS: ReadonlySet<CommandFlag> = new Set<CommandFlag>([
  'write', 'readonly', 'denyoom', 'module', 'admin', 'pubsub', 'noscript', 'blocking', 'loading', 'stale',
  'skip_monitor', 'skip_slowlog', 'asking', 'fast', 'no_auth', 'may_replicate', 'sentinel', 'only_sentinel',
  'no_mandatory_keys', 'protected', 'no_async_loading', 'no_multi', 'movablekeys', 'allow_busy',
]);
const KNOWN_ACL = new Set([
  'keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog', 'geo', 'stream',
  'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection', 'transaction', 'scripting',
]);

describe('command table shape', () => {
  it('every spec has a handler or subcommands; only a container that also runs bare (COMMAND, arity -1) has both', () => {
    for (const { spec, fullName } of commands) {
      const hasSubs = spec.subcommands !== undefined && spec.subcommands.length > 0;
      expect(spec.handler !== undefined || hasSubs, `${fullName} has neither`).toBe(true);
      if (spec.handler !== undefined && hasSubs) expect(spec.arity, `${fullName} has both`).toBe(-1);
    }
  });

  it('names are lowercase words, unique in the table and among siblings', () => {
    for (const command of commands) expect(command.spec.name).toMatch(/^[a-z][a-z0-9_-]*$/);
    expect(new Set(names).size).toBe(names.length);
  });

  it('arity is never 0; containers are -2 (or -1 when they run bare); subcommands count at least two words', () => {
    for (const { spec, fullName, parent, subcommands } of commands) {
      expect(spec.arity, fullName).not.toBe(0);
      if (subcommands !== undefined) expect(spec.arity, fullName).toBe(spec.handler === undefined ? -2 : -1);
      if (parent !== undefined) expect(Math.abs(spec.arity), fullName).toBeGreaterThanOrEqual(2);
      if (parent !== undefined) expect(spec.subcommands, `${fullName}: subcommands do not nest`).toBeUndefined();
    }
  });

  it('flags and ACL categories are known names (ACL categories without the @)', () => {
    for (const { spec, fullName } of commands) {
      for (const flag of spec.flags) expect(KNOWN_FLAGS.has(flag), `${fullName}: ${flag}`).toBe(true);
      for (const cat of spec.acl) expect(KNOWN_ACL.has(cat), `${fullName}: ${cat}`).toBe(true);
    }
  });

  it('key positions are well formed: first ≥ 1, step ≥ 1, last ≥ first or counted from the end (variadic only)', () => {
    for (const { spec, fullName } of commands) {
      const keys = spec.keys;
      if (keys === undefined) continue;
      expect(keys.first, fullName).toBeGreaterThanOrEqual(1);
      expect(keys.step, fullName).toBeGreaterThanOrEqual(1);
      if (keys.last >= 0) expect(keys.last, fullName).toBeGreaterThanOrEqual(keys.first);
      else expect(spec.arity, `${fullName}: last < 0 needs a variadic arity`).toBeLessThan(0);
      if (spec.arity > 0) expect(Math.max(keys.last, keys.first), fullName).toBeLessThan(spec.arity);
    }
  });

  it('read and write commands that Redis gives keys declare key positions or a getKeys function', () => {
    for (const { spec, fullName } of commands) {
      const theirs = redis.get(fullName);
      if (theirs === undefined || theirs.keySpecs.length === 0) continue;
      expect(spec.keys !== undefined || spec.getKeys !== undefined || spec.keySpecs !== undefined, fullName).toBe(true);
    }
  });
});

describe('every command matches Redis 7.0', () => {
  it('exists in Redis 7.0 (tsredis invents no commands)', () => {
    expect(names.filter((name) => !redis.has(name))).toEqual([]);
  });

  it.each(names.filter((n) => redis.has(n)))('%s: arity, flags, key positions and ACL categories equal Redis', (name) => {
    const ours = infoOf(byName.get(name) as Command);
    const theirs = redis.get(name) as FixtureCommand;
    const pick = (c: Omit<FixtureCommand, 'docs' | 'name'>): unknown => ({
      arity: c.arity, flags: c.flags, first: c.first, last: c.last, step: c.step, acl: c.acl,
    });
    expect(pick(ours)).toEqual(pick(theirs));
  });

  it.each(names.filter((n) => redis.has(n)))('%s: group, summary, since and complexity equal COMMAND DOCS', (name) => {
    const ours = docsOf(byName.get(name) as Command);
    const theirs = (redis.get(name) as FixtureCommand).docs;
    const pick = (d: Readonly<Record<string, unknown>>): unknown => ({
      group: d['group'], summary: d['summary'], since: d['since'], complexity: d['complexity'],
    });
    expect(pick(ours)).toEqual(pick(theirs));
  });

  it.each(names.filter((n) => redis.has(n)))('%s: tips, key specs and doc extras equal Redis where declared', (name) => {
    const command = byName.get(name) as Command;
    const spec = command.spec;
    const theirs = redis.get(name) as FixtureCommand;
    const info = infoOf(command);
    const docs = docsOf(command);
    if (spec.tips !== undefined) expect(info.tips).toEqual(theirs.tips);
    if (spec.keySpecs !== undefined) expect(info.keySpecs).toEqual(theirs.keySpecs);
    for (const [field, key] of [
      ['history', 'history'], ['docFlags', 'doc_flags'], ['deprecatedSince', 'deprecated_since'],
      ['replacedBy', 'replaced_by'], ['arguments', 'arguments'],
    ] as const) {
      if (spec[field] !== undefined) expect(docs[key], key).toEqual(theirs.docs[key]);
    }
  });
});

// --- What COMMAND derives: implicit categories, hidden flags, key specs and key extraction ---

function specOf(overrides: Partial<CommandSpec>): CommandSpec {
  return { name: 'x', group: 'generic', arity: -2, flags: [], acl: [], summary: '', since: '1.0.0', ...overrides };
}

/** A fixture key spec (the wire shape) back into a KeySpec. */
function keySpecFromWire(raw: unknown): KeySpec {
  const ks = raw as { flags: KeySpec['flags']; begin_search: Resp3; find_keys: Resp3 };
  const part = (p: Resp3): Record<string, Resp3> => {
    const { type, spec } = p as { type: string; spec: Record<string, Resp3> };
    return { type, ...spec };
  };
  return {
    flags: ks.flags,
    beginSearch: part(ks.begin_search) as unknown as KeySpec['beginSearch'],
    findKeys: part(ks.find_keys) as unknown as KeySpec['findKeys'],
  };
}

/** A command with Redis 7.0's own arity, flags and key specs for `name`, to test extraction against Redis's answers. */
function redisCommand(name: string): Command {
  const theirs = redis.get(name) as FixtureCommand;
  const spec = specOf({
    name, arity: theirs.arity, flags: theirs.flags as CommandFlag[], keySpecs: theirs.keySpecs.map(keySpecFromWire),
  });
  return buildCommandTable([spec]).get(name) as Command;
}

const argvOf = (line: string): Buffer[] => line.split(' ').map((word) => Buffer.from(word === '""' ? '' : word));

describe('COMMAND derivations', () => {
  it('adds Redis implicit ACL categories, in acl.c order, and @slow to whatever is not @fast', () => {
    expect(aclCategories(specOf({ flags: ['write', 'denyoom'], acl: ['string'] }))).toEqual(['write', 'string', 'slow']);
    expect(aclCategories(specOf({ flags: ['readonly', 'fast'], acl: ['hash'] }))).toEqual(['read', 'hash', 'fast']);
    expect(aclCategories(specOf({ flags: ['admin', 'noscript'], acl: [] }))).toEqual(['admin', 'slow', 'dangerous']);
    expect(aclCategories(specOf({ flags: ['blocking', 'write'], acl: ['list'] }))).toEqual(['write', 'list', 'slow', 'blocking']);
    // Scripting commands do not get @read (EVAL_RO is readonly but not @read).
    expect(aclCategories(specOf({ flags: ['readonly'], acl: ['scripting'] }))).toEqual(['slow', 'scripting']);
  });

  it('hides may_replicate, sentinel, only_sentinel and protected; adds movablekeys for a getKeys function', () => {
    expect(reportedFlags(specOf({ flags: ['protected', 'may_replicate', 'sentinel', 'noscript', 'admin'] }))).toEqual([
      'admin', 'noscript',
    ]);
    expect(reportedFlags(specOf({ flags: ['write'], getKeys: () => [] }))).toEqual(['write', 'movablekeys']);
  });

  it('reports the sorted_set group by its wire name, sorted-set', () => {
    const [command] = uniqueCommands(buildCommandTable([specOf({ name: 'zx', group: 'sorted_set', handler: () => null })]));
    expect((onTheWire(commandDocsReply(command as Command)) as Record<string, Resp3>)['group']).toBe('sorted-set');
  });

  it('derives one key spec from first/last/step, lastkey relative to the first key', () => {
    expect(keySpecsOf(specOf({ flags: ['readonly'], keys: { first: 1, last: -1, step: 1 } }))).toEqual([
      { flags: ['RO', 'access'], beginSearch: { type: 'index', index: 1 }, findKeys: { type: 'range', lastkey: -1, keystep: 1, limit: 0 } },
    ]);
    expect(keySpecsOf(specOf({ flags: ['write'], keys: { first: 1, last: 2, step: 1 } }))[0]?.findKeys).toEqual({
      type: 'range', lastkey: 1, keystep: 1, limit: 0,
    });
  });

  // Expected answers are redis-server 7.0.15's COMMAND GETKEYSANDFLAGS for the same argv.
  it.each([
    ['zunionstore', 'zunionstore d 2 a b', [['d', 'OW update'], ['a', 'RO access'], ['b', 'RO access']]],
    ['xread', 'xread count 2 streams s1 s2 0 0', [['s1', 'RO access'], ['s2', 'RO access']]],
    ['xread', 'xread streams s1 s2 0', [['s1', 'RO access']]],
    ['georadius', 'georadius k 0 0 1 km store d storedist e', [['k', 'RO access'], ['d', 'OW update'], ['e', 'OW update']]],
    ['migrate', 'migrate h p k 0 5', [['k', 'RW access delete']]],
    ['eval', 'eval s 2 a b', [['a', 'RW access update'], ['b', 'RW access update']]],
    ['lmove', 'lmove a b left right', [['a', 'RW access delete'], ['b', 'RW insert']]],
    ['mset', 'mset a 1 b', [['a', 'OW update'], ['b', 'OW update']]],
    ['bitop', 'bitop and d a b', [['d', 'OW update'], ['a', 'RO access'], ['b', 'RO access']]],
    ['zunionstore', 'zunionstore d 3 a b', []],
    ['eval', 'eval s 3 a b', []],
  ] as const)('extracts keys with Redis key specs like Redis: %s (%s)', (name, line, expected) => {
    const argv = argvOf(line);
    const keys = getKeysWithFlags(redisCommand(name), argv).map((ref) => [
      (argv[ref.pos] as Buffer).toString(), ref.flags.join(' '),
    ]);
    expect(keys).toEqual(expected);
  });
});
