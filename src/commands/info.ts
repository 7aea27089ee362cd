// INFO: the server's report on itself, one "# Section" of "field:value" lines at a time, with Redis
// 7.0's section names, field names and field order, so monitoring tools parse it unchanged.
// Mirrors: redis src/server.c (infoCommand, genRedisInfoString, genInfoSectionDict, bytesToHuman,
// trackInstantaneousMetric, getInstantaneousMetric, resetServerStats).
//
// Most fields report what tsredis really has (clients, memory as V8 sees it, the stats counters,
// per-command and per-error counts, the keyspace). Fields for machinery tsredis does not have yet
// (persistence, replication, forks, defrag, tracking, scripting) keep Redis's idle values: a tool
// that reads `rdb_bgsave_in_progress` or `connected_slaves` sees a quiet server, which is the truth.
// SIMPLIFIED: no `# Latencystats` section (Redis keeps an HDR histogram per command; our dispatch
// keeps only totals), and a few allocator-specific memory fields are left out (allocator_*).

import { randomBytes } from 'node:crypto';
import { machine, release, totalmem, type as osType } from 'node:os';
import { lruClock } from '../datatypes/object.js';
import { BASELINE_BYTES, overheadBytes } from '../eviction/memory-model.js';
import { verbatim, type Reply } from '../protocol/reply.js';
import { REDIS_VERSION } from './connection.js';
import type { CommandContext, ServerContext, ServerStats } from './context.js';
import type { Command, CommandSpec } from './types.js';

/** The version of tsredis itself, reported beside the Redis version it behaves like. */
export const TSREDIS_VERSION = '0.1.0';

// --- Instantaneous metrics (server.c trackInstantaneousMetric) ---

/** How often a sample is taken, in ms (serverCron's run_with_period(100)). */
const STATS_METRIC_PERIOD_MS = 100;
/** How many samples the average is taken over (STATS_METRIC_SAMPLES): the last 1.6 seconds. */
const STATS_METRIC_SAMPLES = 16;

/**
 * A rate averaged over the last STATS_METRIC_SAMPLES samples. Each sample is the growth of a
 * counter since the previous sample, scaled to "per second"; INFO reports the mean of the ring.
 * This is how Redis gets a stable instantaneous_ops_per_sec without timing every command.
 */
class InstantaneousMetric {
  private readonly samples: number[] = new Array<number>(STATS_METRIC_SAMPLES).fill(0);
  private index = 0;
  private lastReading = 0;
  private lastSampleMs: number;

  constructor(nowMs: number) {
    this.lastSampleMs = nowMs;
  }

  track(reading: number, nowMs: number): void {
    const elapsedMs = nowMs - this.lastSampleMs;
    if (elapsedMs <= 0) return;
    this.samples[this.index] = Math.floor(((reading - this.lastReading) * 1000) / elapsedMs);
    this.index = (this.index + 1) % STATS_METRIC_SAMPLES;
    this.lastReading = reading;
    this.lastSampleMs = nowMs;
  }

  /** Per second, integer-divided as Redis does for ops (the kbps fields divide again by 1024). */
  get average(): number {
    let sum = 0;
    for (const sample of this.samples) sum += sample;
    return Math.floor(sum / STATS_METRIC_SAMPLES);
  }
}

/** What INFO remembers between calls for one server: rate samples, the memory peak, the replication id. */
export class InfoState {
  ops: InstantaneousMetric;
  netInput: InstantaneousMetric;
  netOutput: InstantaneousMetric;
  private lastTrackMs: number;
  peakMemory = 0;
  /** Memory in use when INFO first looked (Redis's used_memory_startup, taken after initServer). */
  readonly startupMemory: number;
  /** master_replid: a fresh 40-hex-char id per run. */
  replId = randomHex40();

  constructor(server: ServerContext) {
    const now = performance.now();
    this.ops = new InstantaneousMetric(now);
    this.netInput = new InstantaneousMetric(now);
    this.netOutput = new InstantaneousMetric(now);
    this.lastTrackMs = now;
    this.startupMemory = server.usedMemory();
    this.peakMemory = this.startupMemory;
  }

  /** Take a sample if the period passed (called from the server cron, whatever its hz). */
  track(server: ServerContext): void {
    const now = performance.now();
    this.updatePeak(server.usedMemory());
    if (now - this.lastTrackMs < STATS_METRIC_PERIOD_MS) return;
    this.lastTrackMs = now;
    this.ops.track(server.stats.totalCommandsProcessed, now);
    this.netInput.track(server.stats.netInputBytes, now);
    this.netOutput.track(server.stats.netOutputBytes, now);
  }

  /** DEBUG CHANGE-REPL-ID. */
  changeReplId(): void {
    this.replId = randomHex40();
  }

  updatePeak(used: number): void {
    if (used > this.peakMemory) this.peakMemory = used;
  }

  /** CONFIG RESETSTAT: the samples and the peak start again (resetServerStats). */
  reset(server: ServerContext): void {
    const now = performance.now();
    this.ops = new InstantaneousMetric(now);
    this.netInput = new InstantaneousMetric(now);
    this.netOutput = new InstantaneousMetric(now);
    this.lastTrackMs = now;
    this.peakMemory = server.usedMemory();
  }
}

// Kept beside the server rather than in ServerContext: INFO is the only reader.
const states = new WeakMap<ServerContext, InfoState>();

/** This server's INFO bookkeeping, created on first use. */
export function infoState(server: ServerContext): InfoState {
  let state = states.get(server);
  if (state === undefined) {
    state = new InfoState(server);
    states.set(server, state);
  }
  return state;
}

/** Called by the server cron on every tick: samples the rates and the memory peak. */
export function trackInfoMetrics(server: ServerContext): void {
  infoState(server).track(server);
}

function randomHex40(): string {
  return randomBytes(20).toString('hex');
}

// --- Formatting helpers ---

/** Redis's bytesToHuman: 1023B, 1.00K, 894.80K, 6.57M, ... */
export function bytesToHuman(n: number): string {
  const units = ['K', 'M', 'G', 'T', 'P'];
  if (n < 1024) return `${n}B`;
  let scaled = n / 1024;
  for (const unit of units) {
    if (scaled < 1024 || unit === 'P') return `${fixed(scaled, 2)}${unit}`;
    scaled /= 1024;
  }
  return `${n}B`;
}

/**
 * printf("%.Nf"): like toFixed, except that a value exactly halfway rounds to even, as glibc
 * does (0.125 → "0.12"; JavaScript's toFixed gives "0.13").
 */
export function fixed(value: number, digits: number): string {
  const scale = 10 ** digits;
  const scaled = value * scale;
  const floor = Math.floor(scaled);
  if (scaled - floor === 0.5 && Number.isFinite(scaled)) {
    const even = floor % 2 === 0 ? floor : floor + 1;
    return (even / scale).toFixed(digits);
  }
  return value.toFixed(digits);
}

/** Seconds.microseconds as Redis prints rusage times ("%ld.%06ld"). */
function secondsMicros(us: number): string {
  return `${Math.floor(us / 1_000_000)}.${String(Math.floor(us % 1_000_000)).padStart(6, '0')}`;
}

/** Redis's multiplexing_api names for what libuv uses on this platform. */
function multiplexingApi(): string {
  switch (process.platform) {
    case 'linux': return 'epoll';
    case 'darwin': case 'freebsd': case 'openbsd': return 'kqueue';
    case 'sunos': return 'evport';
    default: return 'select';
  }
}

type Fields = ReadonlyArray<readonly [string, string | number]>;

function section(title: string, fields: Fields): string {
  let out = `# ${title}\r\n`;
  for (const [name, value] of fields) out += `${name}:${value}\r\n`;
  return out;
}

// --- Sections, in Redis's order ---

function serverSection(server: ServerContext): string {
  const now = server.clock.now();
  const uptime = Math.floor((now - server.startedAt) / 1000);
  const hz = server.config.get('hz');
  return section('Server', [
    ['redis_version', REDIS_VERSION],
    ['tsredis_version', TSREDIS_VERSION],
    ['redis_git_sha1', '00000000'],
    ['redis_git_dirty', 0],
    ['redis_build_id', '0'],
    ['redis_mode', 'standalone'],
    ['os', `${osType()} ${release()} ${machine()}`],
    ['arch_bits', process.arch.endsWith('64') ? 64 : 32],
    ['monotonic_clock', 'POSIX clock_gettime'],
    ['multiplexing_api', multiplexingApi()],
    ['gcc_version', '0.0.0'],
    ['process_id', process.pid],
    ['process_supervised', 'no'],
    ['run_id', server.runId],
    ['tcp_port', server.port],
    ['server_time_usec', server.clock.nowMicros()],
    ['uptime_in_seconds', uptime],
    ['uptime_in_days', Math.floor(uptime / 86400)],
    // SIMPLIFIED: dynamic-hz does not raise the cron frequency with many clients, so both agree.
    ['hz', hz],
    ['configured_hz', hz],
    ['lru_clock', lruClock(now)],
    ['executable', server.executablePath],
    ['config_file', server.config.configFile ?? server.configFile],
    ['io_threads_active', 0],
  ]);
}

function clientsSection(server: ServerContext): string {
  let connected = 0;
  for (const client of server.clients()) if (client.kind !== 'replica') connected++;
  return section('Clients', [
    ['connected_clients', connected],
    ['cluster_connections', 0],
    ['maxclients', server.config.get('maxclients')],
    // SIMPLIFIED: the per-client buffer peaks Redis samples in clientsCron are not tracked.
    ['client_recent_max_input_buffer', 0],
    ['client_recent_max_output_buffer', 0],
    ['blocked_clients', server.blockedClients],
    ['tracking_clients', 0],
    ['clients_in_timeout_table', 0],
  ]);
}

/** Microseconds the server has been over maxmemory in the current episode (0 when not over). */
function currentExceededUs(stats: ServerStats): number {
  return stats.evictionExceededSince === 0 ? 0 : Math.round((performance.now() - stats.evictionExceededSince) * 1000);
}

function memorySection(server: ServerContext): string {
  const state = infoState(server);
  const used = server.usedMemory();
  state.updatePeak(used);
  const rss = process.memoryUsage.rss();
  const peak = state.peakMemory;
  // used_memory is the memory cost model's total (src/eviction/memory-model.ts): what Redis would
  // allocate for this dataset, plus a baseline and a fixed cost per client; rss is the real process.
  const startup = BASELINE_BYTES;
  let clients = 0;
  for (const _client of server.clients()) clients++;
  const overhead = Math.min(used, overheadBytes(server.keyspace.dbs, clients));
  const dataset = used - overhead;
  const maxmemory = server.config.get('maxmemory');
  const system = totalmem();
  return section('Memory', [
    ['used_memory', used],
    ['used_memory_human', bytesToHuman(used)],
    ['used_memory_rss', rss],
    ['used_memory_rss_human', bytesToHuman(rss)],
    ['used_memory_peak', peak],
    ['used_memory_peak_human', bytesToHuman(peak)],
    ['used_memory_peak_perc', `${fixed(peak === 0 ? 0 : (used * 100) / peak, 2)}%`],
    ['used_memory_overhead', overhead],
    ['used_memory_startup', startup],
    ['used_memory_dataset', dataset],
    // Redis divides by the memory used beyond start-up (getMemoryOverheadData's net_usage).
    ['used_memory_dataset_perc', `${fixed(used - startup <= 0 ? 0 : (dataset * 100) / (used - startup), 2)}%`],
    // No allocator of our own: "allocated" and "active" are the model, "resident" the real RSS
    // (the same figures as MEMORY STATS), so the rss ratio below compares the model with reality.
    ['allocator_allocated', used],
    ['allocator_active', used],
    ['allocator_resident', rss],
    ['total_system_memory', system],
    ['total_system_memory_human', bytesToHuman(system)],
    // The script and function counts are real; the Lua memory figures are not measured (0).
    ['used_memory_lua', 0],
    ['used_memory_vm_eval', 0],
    ['used_memory_lua_human', bytesToHuman(0)],
    ['used_memory_scripts_eval', 0],
    ['number_of_cached_scripts', server.scripting.cachedScripts],
    ['number_of_functions', server.scripting.functions.functionCount],
    ['number_of_libraries', server.scripting.functions.libraryCount],
    ['used_memory_vm_functions', 0],
    ['used_memory_vm_total', 0],
    ['used_memory_vm_total_human', bytesToHuman(0)],
    ['used_memory_functions', 0],
    ['used_memory_scripts', 0],
    ['used_memory_scripts_human', bytesToHuman(0)],
    ['maxmemory', maxmemory],
    ['maxmemory_human', bytesToHuman(maxmemory)],
    ['maxmemory_policy', server.config.get('maxmemory-policy')],
    ['allocator_frag_ratio', '1.00'],
    ['allocator_frag_bytes', 0],
    ['allocator_rss_ratio', fixed(used === 0 ? 0 : rss / used, 2)],
    ['allocator_rss_bytes', rss - used],
    ['rss_overhead_ratio', '1.00'],
    ['rss_overhead_bytes', 0],
    ['mem_fragmentation_ratio', fixed(used === 0 ? 0 : rss / used, 2)],
    ['mem_fragmentation_bytes', rss - used],
    ['mem_not_counted_for_evict', 0],
    ['mem_replication_backlog', 0],
    ['mem_total_replication_buffers', 0],
    ['mem_clients_slaves', 0],
    ['mem_clients_normal', 0],
    ['mem_cluster_links', 0],
    ['mem_aof_buffer', 0],
    ['mem_allocator', `v8-${process.versions.v8}`],
    ['active_defrag_running', 0],
    ['lazyfree_pending_objects', 0],
    ['lazyfreed_objects', 0],
  ]);
}

function persistenceSection(server: ServerContext): string {
  return section('Persistence', [
    // loading, current_save_*, rdb_*: src/persistence/snapshots.ts.
    ...server.snapshots.infoFields(),
    // aof_*, module_fork_*: src/persistence/aof/aof-info.ts.
    ...server.aofInfoFields(),
  ]);
}

function statsSection(server: ServerContext): string {
  const stats = server.stats;
  const state = infoState(server);
  return section('Stats', [
    ['total_connections_received', stats.totalConnectionsReceived],
    ['total_commands_processed', stats.totalCommandsProcessed],
    ['instantaneous_ops_per_sec', state.ops.average],
    ['total_net_input_bytes', stats.netInputBytes],
    ['total_net_output_bytes', stats.netOutputBytes],
    ['total_net_repl_input_bytes', 0],
    ['total_net_repl_output_bytes', 0],
    ['instantaneous_input_kbps', fixed(state.netInput.average / 1024, 2)],
    ['instantaneous_output_kbps', fixed(state.netOutput.average / 1024, 2)],
    ['instantaneous_input_repl_kbps', '0.00'],
    ['instantaneous_output_repl_kbps', '0.00'],
    ['rejected_connections', stats.rejectedConnections],
    ['sync_full', 0],
    ['sync_partial_ok', 0],
    ['sync_partial_err', 0],
    ['expired_keys', stats.expiredKeys],
    // SIMPLIFIED: the active expire cycle does not report its stale estimate or CPU time.
    ['expired_stale_perc', '0.00'],
    ['expired_time_cap_reached_count', 0],
    ['expire_cycle_cpu_milliseconds', 0],
    ['evicted_keys', stats.evictedKeys],
    ['evicted_clients', 0],
    // Milliseconds over maxmemory: all episodes, and the one going on (performEvictions' update_metrics).
    ['total_eviction_exceeded_time', Math.floor((stats.evictionExceededUs + currentExceededUs(stats)) / 1000)],
    ['current_eviction_exceeded_time', Math.floor(currentExceededUs(stats) / 1000)],
    ['keyspace_hits', stats.keyspaceHits],
    ['keyspace_misses', stats.keyspaceMisses],
    ['pubsub_channels', server.pubsub.channelCount],
    ['pubsub_patterns', server.pubsub.patternCount],
    ['pubsubshard_channels', server.pubsub.shardChannelCount],
    ['latest_fork_usec', 0],
    ['total_forks', 0],
    ['migrate_cached_sockets', 0],
    ['slave_expires_tracked_keys', 0],
    ['active_defrag_hits', 0],
    ['active_defrag_misses', 0],
    ['active_defrag_key_hits', 0],
    ['active_defrag_key_misses', 0],
    ['total_active_defrag_time', 0],
    ['current_active_defrag_time', 0],
    ['tracking_total_keys', 0],
    ['tracking_total_items', 0],
    ['tracking_total_prefixes', 0],
    ['unexpected_error_replies', 0],
    ['total_error_replies', stats.totalErrorReplies],
    ['dump_payload_sanitizations', 0],
    // No I/O threads: every read and write happens on the main thread.
    ['io_threaded_reads_processed', 0],
    ['io_threaded_writes_processed', 0],
  ]);
}

function replicationSection(server: ServerContext): string {
  return section('Replication', [
    ['role', 'master'],
    ['connected_slaves', 0],
    ['master_failover_state', 'no-failover'],
    ['master_replid', infoState(server).replId],
    ['master_replid2', '0'.repeat(40)],
    ['master_repl_offset', 0],
    ['second_repl_offset', -1],
    ['repl_backlog_active', 0],
    ['repl_backlog_size', server.config.get('repl-backlog-size')],
    ['repl_backlog_first_byte_offset', 0],
    ['repl_backlog_histlen', 0],
  ]);
}

function cpuSection(): string {
  const usage = process.cpuUsage();
  // SIMPLIFIED: Node has no per-thread rusage before v23, so the main thread reports the process.
  return section('CPU', [
    ['used_cpu_sys', secondsMicros(usage.system)],
    ['used_cpu_user', secondsMicros(usage.user)],
    ['used_cpu_sys_children', '0.000000'],
    ['used_cpu_user_children', '0.000000'],
    ['used_cpu_sys_main_thread', secondsMicros(usage.system)],
    ['used_cpu_user_main_thread', secondsMicros(usage.user)],
  ]);
}

/** Each command and subcommand that was called, failed or rejected at least once. */
function commandstatsSection(server: ServerContext): string {
  const fields: Array<readonly [string, string]> = [];
  const visit = (command: Command): void => {
    const s = command.stats;
    if (s.calls !== 0 || s.failedCalls !== 0 || s.rejectedCalls !== 0) {
      const perCall = s.calls === 0 ? 0 : s.usec / s.calls;
      fields.push([
        `cmdstat_${command.fullName}`,
        `calls=${s.calls},usec=${s.usec},usec_per_call=${fixed(perCall, 2)},rejected_calls=${s.rejectedCalls},failed_calls=${s.failedCalls}`,
      ]);
    }
    if (command.subcommands !== undefined) for (const sub of command.subcommands.values()) visit(sub);
  };
  // The table holds each command under two spellings; visit each once.
  for (const command of new Set(server.commands.values())) visit(command);
  return section('Commandstats', fields);
}

/** Error replies by their first word; Redis keeps them in a radix tree, so they come out sorted. */
function errorstatsSection(server: ServerContext): string {
  const codes = [...server.stats.errorCounts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return section('Errorstats', codes.map(([code, count]) => [`errorstat_${code}`, `count=${count}`] as const));
}

/** At most this many keys with a TTL are read to estimate avg_ttl. */
const AVG_TTL_SAMPLE_KEYS = 1024;

/**
 * One line per non-empty database. DIFFERS FROM REDIS: avg_ttl (ms) is averaged over up to
 * AVG_TTL_SAMPLE_KEYS keys with a TTL when INFO runs; Redis keeps a running estimate fed by the
 * active expire cycle's samples (and shows 0 until the cycle has looked).
 */
function keyspaceSection(server: ServerContext): string {
  const now = server.clock.now();
  const fields: Array<readonly [string, string]> = [];
  for (const db of server.keyspace.dbs) {
    if (db.size === 0) continue;
    let total = 0;
    let counted = 0;
    if (db.expiresSize > 0) {
      for (const [, when] of db.expiresIterator()) {
        if (when > now) {
          total += when - now;
          counted++;
        }
        if (counted >= AVG_TTL_SAMPLE_KEYS) break;
      }
    }
    const avgTtl = counted === 0 ? 0 : Math.floor(total / counted);
    fields.push([`db${db.index}`, `keys=${db.size},expires=${db.expiresSize},avg_ttl=${avgTtl}`]);
  }
  return section('Keyspace', fields);
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
  { names: ['cluster'], inDefault: true, build: () => section('Cluster', [['cluster_enabled', 0]]) },
  { names: ['keyspace'], inDefault: true, build: keyspaceSection },
];

/**
 * The INFO text for the requested section names (case-insensitive). No names means "default";
 * "all" adds commandstats (and, in Redis, latencystats); "everything" also adds module sections.
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
