// INFO: the server's report on itself, one "# Section" of "field:value" lines at a time, with Redis
// 7.0's section names, field names and field order, so monitoring tools parse it unchanged.
// Mirrors: redis src/server.c (infoCommand, genRedisInfoString, genInfoSectionDict, bytesToHuman,
// trackInstantaneousMetric, getInstantaneousMetric, resetServerStats).
//
// Most fields report what tsredis really has (clients, memory as V8 sees it, the stats counters,
// per-command and per-error counts, the keyspace). Fields for machinery tsredis does not have yet
// (persistence, replication, forks, defrag, tracking, scripting) keep Redis's idle values: a tool
// that reads `rdb_bgsave_in_progress` or `connected_slaves` sees a quiet server, which is the truth.
// SIMPLIFIED: a few allocator-specific memory fields are left out (allocator_*).
//
// This file selects the sections and replies; src/commands/info/ builds them: sections.ts (one function
// per section), metrics.ts (instantaneous metrics, run id, resettable counters), format.ts (number formats).

import { verbatim, type Reply } from '../protocol/reply.js';
import type { CommandContext, ServerContext } from './context.js';
import { section } from './info/format.js';
import { infoState } from './info/metrics.js';
import {
  clientsSection, commandstatsSection, cpuSection, errorstatsSection, keyspaceSection, latencystatsSection, memorySection,
  persistenceSection, replicationSection, serverSection, statsSection,
} from './info/sections.js';
import type { CommandSpec } from './types.js';

/** Called by the server cron on every tick: samples the rates and the memory peak. */
export function trackInfoMetrics(server: ServerContext): void {
  infoState(server).track(server);
}

// --- Section selection (genInfoSectionDict) ---

type SectionBuilder = (server: ServerContext) => string;

/** Every section, in the order Redis prints them; `inDefault` is what a bare INFO shows. */
const SECTIONS: ReadonlyArray<{ readonly names: readonly string[]; readonly inDefault: boolean; readonly build: SectionBuilder }> = [
  { names: ['server'], inDefault: true, build: serverSection },
  { names: ['clients'], inDefault: true, build: clientsSection },
  { names: ['memory'], inDefault: true, build: memorySection },
  { names: ['persistence'], inDefault: true, build: persistenceSection },
  { names: ['stats'], inDefault: true, build: statsSection },
  { names: ['replication'], inDefault: true, build: replicationSection },
  { names: ['cpu'], inDefault: true, build: cpuSection },
  { names: ['modules', 'module_list'], inDefault: true, build: () => section('Modules', []) },
  { names: ['commandstats'], inDefault: false, build: commandstatsSection },
  { names: ['errorstats'], inDefault: true, build: errorstatsSection },
  { names: ['latencystats'], inDefault: false, build: latencystatsSection },
  { names: ['cluster'], inDefault: true, build: () => section('Cluster', [['cluster_enabled', 0]]) },
  { names: ['keyspace'], inDefault: true, build: keyspaceSection },
];

/**
 * The INFO text for the requested section names (case-insensitive). No names means "default";
 * "all" adds commandstats and latencystats; "everything" also adds module sections.
 * Unknown names select nothing; sections come out once each, in Redis's order, joined by a blank line.
 */
export function genInfoString(server: ServerContext, names: readonly string[]): string {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  if (wanted.size === 0) wanted.add('default');
  const all = wanted.has('all') || wanted.has('everything');
  const defaults = wanted.has('default');
  const parts: string[] = [];
  for (const entry of SECTIONS) {
    if (all || (defaults && entry.inDefault) || entry.names.some((n) => wanted.has(n))) parts.push(entry.build(server));
  }
  return parts.join('\r\n');
}

/**
 * Report server information and statistics, section by section. RESP3 clients get a verbatim
 * string (`=N\r\ntxt:...`), as Redis 7.0 sends; RESP2 clients a bulk string.
 * Format: INFO [section [section ...]]
 */
function infoCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const names = argv.slice(1).map((arg) => arg.toString('latin1'));
  return verbatim(genInfoString(ctx.server, names));
}

export const infoCommands: readonly CommandSpec[] = [
  {
    name: 'info', group: 'server', arity: -1, flags: ['loading', 'stale'], acl: ['slow', 'dangerous'],
    summary: 'Get information and statistics about the server', since: '1.0.0', complexity: 'O(1)',
    handler: infoCommand,
  },
];
