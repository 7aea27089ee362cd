// MEMORY: USAGE, STATS, DOCTOR, MALLOC-STATS, PURGE, HELP, answered from the memory cost model.
// Mirrors: redis src/object.c (memoryCommand, getMemoryOverheadData, getMemoryDoctorReport,
// objectComputeSize) and src/commands/memory-*.json.
//
// Every figure comes from src/eviction/memory-model.ts: the bytes Redis 7.0 would allocate for the
// dataset, kept incrementally by the keyspace, plus a fixed baseline and a fixed cost per client.
// The process's real size is reported beside it where Redis reports the allocator's resident
// memory (allocator.resident, fragmentation), so the two can be compared.

import { syntaxError } from '../errors.js';
import { double, map, verbatim, OK, type Reply } from '../protocol/reply.js';
import { BASELINE_BYTES, CLIENT_BYTES, dbOverheadBytes, entryBytes } from '../eviction/memory-model.js';
import { int64Arg, keyOf, optionWord } from './args.js';
import type { CommandContext } from './context.js';
import { helpLines } from './help.js';
import { collectGarbage } from '../util/heap.js';
import { infoState } from './info/metrics.js';
import type { CommandSpec, KeySpec } from './types.js';
import { keyAt } from './key-specs.js';

/** OBJ_COMPUTE_SIZE_DEF_SAMPLES: MEMORY USAGE's default sample count. */
const OBJ_COMPUTE_SIZE_DEF_SAMPLES = 5;
/** Below this much memory MEMORY DOCTOR declines to diagnose (getMemoryDoctorReport: 5 MB). */
const DOCTOR_MIN_BYTES = 5 * 1024 * 1024;

/**
 * The memory a key and its value take (what dbAdd allocated: dictEntry, key sds, value).
 * Format: MEMORY USAGE key [SAMPLES count]
 * SAMPLES is validated as Redis does but not needed: the model prices every element exactly in O(1),
 * where Redis samples `count` elements of a container and extrapolates.
 */
function memoryUsageCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  // Options first, as Redis parses them before looking the key up.
  for (let j = 3; j < argv.length; j++) {
    if (optionWord(argv[j] as Buffer) === 'SAMPLES' && j + 1 < argv.length) {
      const samples = int64Arg(argv[j + 1] as Buffer);
      if (samples < 0) throw syntaxError();
      j++;
    } else {
      throw syntaxError();
    }
  }
  const key = keyOf(argv[2] as Buffer);
  // dictFind on the main dict: no lazy expiry, no access-time update (as in Redis).
  const obj = ctx.db.peek(key);
  if (obj === undefined) return null;
  return entryBytes(key.length, obj);
}

/** Redis prints these ratios as C floats (single precision) with %.17g. */
function float(value: number): Reply {
  return double(Math.fround(Number.isFinite(value) ? value : 0));
}

/** The figures behind MEMORY STATS and MEMORY DOCTOR (getMemoryOverheadData). */
interface MemoryOverhead {
  readonly items: Reply[];
  readonly used: number;
  readonly peak: number;
  readonly rss: number;
}

function memoryOverhead(ctx: CommandContext): MemoryOverhead {
  const server = ctx.server;
  const used = server.usedMemory();
  const state = infoState(server);
  state.updatePeak(used);
  const peak = state.peakMemory;
  const rss = process.memoryUsage.rss();
  let clients = 0;
  for (const _client of server.clients()) clients++;
  const clientsBytes = clients * CLIENT_BYTES;
  const items: Reply[] = [
    'peak.allocated', peak,
    'total.allocated', used,
    'startup.allocated', BASELINE_BYTES,
    'replication.backlog', 0,
    'clients.slaves', 0,
    'clients.normal', clientsBytes,
    'cluster.links', 0,
    'aof.buffer', 0,
    'lua.caches', 0,
    'functions.caches', 0,
  ];
  let overhead = BASELINE_BYTES + clientsBytes;
  let keys = 0;
  for (const db of server.keyspace.dbs) {
    if (db.size === 0) continue;
    keys += db.size;
    // The dictEntries and bucket arrays of the main and expires dicts (the keys' own overhead).
    const { main, expires } = dbOverheadBytes(db.size, db.expiresSize);
    overhead += main + expires;
    items.push(`db.${db.index}`, map([
      'overhead.hashtable.main', main,
      'overhead.hashtable.expires', expires,
      'overhead.hashtable.slot-to-keys', 0,
    ]));
  }
  const net = used - BASELINE_BYTES;
  const dataset = Math.max(0, used - overhead);
  items.push(
    'overhead.total', overhead,
    'keys.count', keys,
    'keys.bytes-per-key', keys === 0 ? 0 : Math.floor(net / keys),
    'dataset.bytes', dataset,
    'dataset.percentage', float(net <= 0 ? 0 : (dataset * 100) / net),
    'peak.percentage', float(peak === 0 ? 0 : (used * 100) / peak),
    // SIMPLIFIED: no allocator of our own: "allocated" and "active" are the model's total,
    // "resident" is the process's real RSS, so the RSS ratios compare the model with reality.
    'allocator.allocated', used,
    'allocator.active', used,
    'allocator.resident', rss,
    'allocator-fragmentation.ratio', float(1),
    'allocator-fragmentation.bytes', 0,
    'allocator-rss.ratio', float(used === 0 ? 0 : rss / used),
    'allocator-rss.bytes', rss - used,
    'rss-overhead.ratio', float(1),
    'rss-overhead.bytes', 0,
    'fragmentation', float(used === 0 ? 0 : rss / used),
    'fragmentation.bytes', rss - used,
  );
  return { items, used, peak, rss };
}

/**
 * Memory usage details, as a map (a flat array in RESP2).
 * Format: MEMORY STATS
 */
function memoryStatsCommand(ctx: CommandContext): Reply {
  return map(memoryOverhead(ctx).items);
}

/**
 * A human-readable report on memory problems.
 * Format: MEMORY DOCTOR
 * SIMPLIFIED: of Redis's detectors only "too little data to judge" and "no issue" apply: peak,
 * fragmentation and RSS overhead compare an allocator with the process, and ours is a model.
 */
function memoryDoctorCommand(ctx: CommandContext): Reply {
  const { used } = memoryOverhead(ctx);
  const text =
    used < DOCTOR_MIN_BYTES
      ? "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting."
      : "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.";
  return verbatim(text);
}

/**
 * The allocator's own statistics: Redis built without jemalloc answers this line, as we do.
 * Format: MEMORY MALLOC-STATS
 */
function memoryMallocStatsCommand(): Reply {
  return verbatim('Stats not supported for the current allocator');
}

/**
 * Ask the allocator to return dirty pages to the OS. Redis purges jemalloc's arenas; tsredis's allocator
 * is V8, so this runs a full, compacting collection now (a pause of some 100 ms at 1M keys), which frees
 * unreachable objects, moves live ones off sparse pages and releases the emptied pages. Format: MEMORY PURGE
 */
function memoryPurgeCommand(): Reply {
  collectGarbage('major');
  return OK;
}

const MEMORY_HELP = helpLines([
  'MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'DOCTOR',
  '    Return memory problems reports.',
  'MALLOC-STATS',
  '    Return internal statistics report from the memory allocator.',
  'PURGE',
  '    Attempt to purge dirty pages for reclamation by the allocator.',
  'STATS',
  '    Return information about the memory usage of the server.',
  'USAGE <key> [SAMPLES <count>]',
  '    Return memory in bytes used by <key> and its value. Nested values are',
  `    sampled up to <count> times (default: ${OBJ_COMPUTE_SIZE_DEF_SAMPLES}, 0 means sample all).`,
  'HELP',
  '    Prints this help.',
]);

/**
 * Describe the MEMORY subcommands.
 * Format: MEMORY HELP
 */
function memoryHelpCommand(): Reply {
  return MEMORY_HELP;
}

// --- Specs (redis src/commands/memory-*.json) ---

const SHARDS_SPECIAL = ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'];
const USAGE_KEY_SPEC: KeySpec = keyAt(2, ['RO']);

export const memoryCommands: readonly CommandSpec[] = [
  {
    name: 'memory', group: 'server', arity: -2, flags: [], acl: ['slow'],
    summary: 'A container for memory diagnostics commands', since: '4.0.0', complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'doctor', group: 'server', arity: 2, flags: [], acl: ['slow'],
        summary: 'Outputs memory problems report', since: '4.0.0', complexity: 'O(1)',
        tips: SHARDS_SPECIAL, handler: memoryDoctorCommand,
      } satisfies CommandSpec,
      {
        name: 'help', group: 'server', arity: 2, flags: ['loading', 'stale'], acl: ['slow'],
        summary: 'Show helpful text about the different subcommands', since: '4.0.0', complexity: 'O(1)',
        handler: memoryHelpCommand,
      } satisfies CommandSpec,
      {
        name: 'malloc-stats', group: 'server', arity: 2, flags: [], acl: ['slow'],
        summary: 'Show allocator internal stats', since: '4.0.0',
        complexity: 'Depends on how much memory is allocated, could be slow',
        tips: SHARDS_SPECIAL, handler: memoryMallocStatsCommand,
      } satisfies CommandSpec,
      {
        name: 'purge', group: 'server', arity: 2, flags: [], acl: ['slow'],
        summary: 'Ask the allocator to release memory', since: '4.0.0',
        complexity: 'Depends on how much memory is allocated, could be slow',
        tips: ['request_policy:all_shards', 'response_policy:all_succeeded'], handler: memoryPurgeCommand,
      } satisfies CommandSpec,
      {
        name: 'stats', group: 'server', arity: 2, flags: [], acl: ['slow'],
        summary: 'Show memory usage details', since: '4.0.0', complexity: 'O(1)',
        tips: SHARDS_SPECIAL, handler: memoryStatsCommand,
      } satisfies CommandSpec,
      {
        name: 'usage', group: 'server', arity: -3, flags: ['readonly'], keys: { first: 2, last: 2, step: 1 },
        acl: ['read', 'slow'], summary: 'Estimate the memory usage of a key', since: '4.0.0',
        complexity: 'O(N) where N is the number of samples.', keySpecs: [USAGE_KEY_SPEC], handler: memoryUsageCommand,
      } satisfies CommandSpec,
    ],
  } satisfies CommandSpec,
];
