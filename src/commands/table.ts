// The command table: every family's specs, resolved once at start-up into what dispatch needs.
// Mirrors: redis src/commands.c (the generated redisCommandTable) and populateCommandTable.

import type { Command, CommandSpec } from './types.js';
import { aclCommands } from './acl.js';
import { clientCommands } from './client.js';
import { commandCommands } from './command.js';
import { configCommands } from './config.js';
import { connectionCommands } from './connection.js';
import { debugCommands } from './debug.js';
import { dumpCommands } from './dump.js';
import { expireCommands } from './expire.js';
import { hashCommands } from './hash.js';
import { hyperloglogCommands } from './hyperloglog.js';
import { keyspaceCommands } from './keyspace.js';
import { listCommands } from './list.js';
import { memoryCommands } from './memory.js';
import { migrateCommands } from './migrate.js';
import { objectCommands } from './object.js';
import { persistenceCommands } from './persistence.js';
import { aofCommands } from './aof.js';
import { bitopsCommands } from './bitops.js';
import { pubsubCommands } from './pubsub.js';
import { scriptingCommands } from './scripting.js';
import { functionCommands } from './function.js';
import { geoCommands } from './geo.js';
import { serverCommands } from './server.js';
import { replicationCommands } from './replication.js';
import { setCommands } from './set.js';
import { slowlogCommands } from './slowlog.js';
import { sortCommands } from './sort.js';
import { streamCommands } from './stream.js';
import { stringCommands } from './string.js';
import { latencyCommands } from './latency.js';
import { clusterCommands } from './cluster.js';
import { moduleCommands } from './module.js';
import { lolwutCommands } from './lolwut.js';
import { transactionCommands } from './transaction.js';
import { zsetCommands } from './zset.js';

/** Every command spec, family by family. */
export const COMMAND_SPECS: readonly CommandSpec[] = [
  ...connectionCommands,
  ...clientCommands,
  ...serverCommands,
  ...replicationCommands,
  ...latencyCommands,
  ...moduleCommands,
  ...lolwutCommands,
  ...clusterCommands,
  ...configCommands,
  ...slowlogCommands,
  ...debugCommands,
  ...memoryCommands,
  ...persistenceCommands,
  ...aofCommands,
  ...commandCommands,
  ...aclCommands,
  ...keyspaceCommands,
  ...objectCommands,
  ...dumpCommands,
  ...migrateCommands,
  ...expireCommands,
  ...stringCommands,
  ...bitopsCommands,
  ...hyperloglogCommands,
  ...listCommands,
  ...hashCommands,
  ...setCommands,
  ...zsetCommands,
  ...streamCommands,
  ...geoCommands,
  ...sortCommands,
  ...transactionCommands,
  ...pubsubCommands,
  ...scriptingCommands,
  ...functionCommands,
];

function resolve(spec: CommandSpec, parent: Command | undefined): Command {
  const flags = new Set(spec.flags);
  const command: {
    -readonly [K in keyof Command]: Command[K];
  } = {
    spec,
    fullName: parent === undefined ? spec.name : `${parent.fullName}|${spec.name}`,
    arity: spec.arity,
    handler: spec.handler,
    parent,
    subcommands: undefined,
    isWrite: flags.has('write'),
    isReadonly: flags.has('readonly'),
    isFast: flags.has('fast'),
    isMayReplicate: flags.has('may_replicate'),
    isDenyOom: flags.has('denyoom'),
    isNoAuth: flags.has('no_auth'),
    isNoScript: flags.has('noscript'),
    isLoading: flags.has('loading'),
    isSkipMonitor: flags.has('skip_monitor'),
    isSkipSlowlog: flags.has('skip_slowlog'),
    isBlocking: flags.has('blocking'),
    isProtected: flags.has('protected'),
    isAdmin: flags.has('admin'),
    isPubsub: flags.has('pubsub'),
    isNoMulti: flags.has('no_multi'),
    isAllowBusy: flags.has('allow_busy'),
    getCommandFlags: spec.getCommandFlags,
    flagsOf: undefined,
    stats: { calls: 0, usec: 0, rejectedCalls: 0, failedCalls: 0, latency: undefined },
  };
  if (spec.subcommands !== undefined) {
    const subs = new Map<string, Command>();
    for (const sub of spec.subcommands) subs.set(sub.name, resolve(sub, command));
    command.subcommands = subs;
  }
  return command;
}

/**
 * Build the lookup map. Each command is stored under its lowercase and uppercase names, so the
 * usual spellings ("get" from ioredis, "GET" from redis-cli and redis-benchmark) are found
 * without lowercasing the name on every call; dispatch lowercases only on a miss.
 */
export function buildCommandTable(specs: readonly CommandSpec[] = COMMAND_SPECS): Map<string, Command> {
  const table = new Map<string, Command>();
  for (const spec of specs) {
    if (table.has(spec.name)) throw new Error(`duplicate command spec: ${spec.name}`);
    const command = resolve(spec, undefined);
    table.set(spec.name, command);
    table.set(spec.name.toUpperCase(), command);
  }
  return table;
}

/** Each command once (the table holds two spellings of each name). */
export function uniqueCommands(table: ReadonlyMap<string, Command>): Command[] {
  return [...new Set(table.values())];
}
