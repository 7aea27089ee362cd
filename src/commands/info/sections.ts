// INFO's sections, each built from the live server in Redis 7.0's field order: server, clients,
// memory, persistence, stats, replication, cpu, commandstats, errorstats, keyspace.
// Mirrors: redis src/server.c (genRedisInfoString).

import { machine, release, totalmem, type as osType } from 'node:os';
import { lruClock } from '../../datatypes/object.js';
import { BASELINE_BYTES, overheadBytes } from '../../eviction/memory-model.js';
import { REDIS_VERSION } from '../connection.js';
import { migrateCachedSockets } from '../migrate-target.js';
import type { ServerContext, ServerStats } from '../context.js';
import type { Command } from '../types.js';
import { bytesToHuman, fixed, multiplexingApi, secondsMicros, section } from './format.js';
import { infoState } from './metrics.js';
import { existingMasterOf } from '../../replication/master.js';

/** The version of tsredis itself, reported beside the Redis version it behaves like. */
export const TSREDIS_VERSION = '0.1.0';
// --- Sections, in Redis's order ---

export function serverSection(server: ServerContext): string {
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

export function clientsSection(server: ServerContext): string {
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
    ['tracking_clients', server.tracking.trackingClients],
    ['clients_in_timeout_table', 0],
  ]);
}

/** Microseconds the server has been over maxmemory in the current episode (0 when not over). */
function currentExceededUs(stats: ServerStats): number {
  return stats.evictionExceededSince === 0 ? 0 : Math.round((performance.now() - stats.evictionExceededSince) * 1000);
}

export function memorySection(server: ServerContext): string {
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

export function persistenceSection(server: ServerContext): string {
  return section('Persistence', [
    // loading, current_save_*, rdb_*: src/persistence/snapshots.ts.
    ...server.snapshots.infoFields(),
    // aof_*, module_fork_*: src/persistence/aof/aof-info.ts.
    ...server.aofInfoFields(),
  ]);
}

export function statsSection(server: ServerContext): string {
  const stats = server.stats;
  const state = infoState(server);
  const master = existingMasterOf(server);
  return section('Stats', [
    ['total_connections_received', stats.totalConnectionsReceived],
    ['total_commands_processed', stats.totalCommandsProcessed],
    ['instantaneous_ops_per_sec', state.ops.average],
    ['total_net_input_bytes', stats.netInputBytes],
    ['total_net_output_bytes', stats.netOutputBytes],
    ['total_net_repl_input_bytes', 0],
    ['total_net_repl_output_bytes', master?.replOutputBytes ?? 0],
    ['instantaneous_input_kbps', fixed(state.netInput.average / 1024, 2)],
    ['instantaneous_output_kbps', fixed(state.netOutput.average / 1024, 2)],
    ['instantaneous_input_repl_kbps', '0.00'],
    ['instantaneous_output_repl_kbps', '0.00'],
    ['rejected_connections', stats.rejectedConnections],
    ['sync_full', master?.syncFull ?? 0],
    ['sync_partial_ok', master?.syncPartialOk ?? 0],
    ['sync_partial_err', master?.syncPartialErr ?? 0],
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
    ['migrate_cached_sockets', migrateCachedSockets(server)],
    ['slave_expires_tracked_keys', 0],
    ['active_defrag_hits', 0],
    ['active_defrag_misses', 0],
    ['active_defrag_key_hits', 0],
    ['active_defrag_key_misses', 0],
    ['total_active_defrag_time', 0],
    ['current_active_defrag_time', 0],
    ['tracking_total_keys', server.tracking.totalKeys],
    ['tracking_total_items', server.tracking.totalItems],
    ['tracking_total_prefixes', server.tracking.totalPrefixes],
    ['unexpected_error_replies', 0],
    ['total_error_replies', stats.totalErrorReplies],
    ['dump_payload_sanitizations', 0],
    // No I/O threads: every read and write happens on the main thread.
    ['io_threaded_reads_processed', 0],
    ['io_threaded_writes_processed', 0],
  ]);
}

export function replicationSection(server: ServerContext): string {
  // A replica's fields after role (src/replication/replica-side.ts), then the master-side ones.
  const replica = server.replicaSide.link === undefined ? [] : server.replicaSide.infoFields();
  const ids = server.replicaSide.replicationIds();
  // A master that served replicas (src/replication/master.ts): its replicas, offsets and backlog.
  const master = existingMasterOf(server);
  if (replica.length === 0 && master !== undefined) return section('Replication', master.infoFields());
  return section('Replication', [
    ['role', replica.length === 0 ? 'master' : 'slave'],
    ...replica,
    ['connected_slaves', 0],
    ['master_failover_state', 'no-failover'],
    ['master_replid', ids?.replId ?? infoState(server).replId],
    ['master_replid2', ids?.replId2 ?? '0'.repeat(40)],
    ['master_repl_offset', ids?.offset ?? 0],
    ['second_repl_offset', ids?.secondOffset ?? -1],
    ['repl_backlog_active', 0],
    ['repl_backlog_size', server.config.get('repl-backlog-size')],
    ['repl_backlog_first_byte_offset', 0],
    ['repl_backlog_histlen', 0],
  ]);
}

export function cpuSection(): string {
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
export function commandstatsSection(server: ServerContext): string {
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

/**
 * latency-tracking's percentiles per command (the configured latency-tracking-info-percentiles),
 * as `p50=1.003,p99=2.007,p99.9=2.007`: a percentile is printed like C's "%f" with its trailing zeros
 * trimmed, a value in µs with three decimals (src/commands/latency/monitor.ts explains the .003s).
 * DIFFERS FROM REDIS: commands come in table order; Redis walks its command dict (hash order).
 */
export function latencystatsSection(server: ServerContext): string {
  const percentiles = server.config.get('latency-tracking-info-percentiles') as readonly number[];
  const fields: Array<readonly [string, string]> = [];
  const visit = (command: Command): void => {
    const histogram = command.stats.latency;
    if (histogram !== undefined && histogram.calls > 0) {
      const values = percentiles.map((p) => `p${trimFixed(p.toFixed(6))}=${histogram.valueAtPercentile(p).toFixed(3)}`);
      fields.push([`latency_percentiles_usec_${command.fullName}`, values.join(',')]);
    }
    if (command.subcommands !== undefined) for (const sub of command.subcommands.values()) visit(sub);
  };
  for (const command of new Set(server.commands.values())) visit(command);
  return section('Latencystats', fields);
}

/** trimDoubleString: "99.900000" → "99.9", "50.000000" → "50". */
function trimFixed(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** Error replies by their first word; Redis keeps them in a radix tree, so they come out sorted. */
export function errorstatsSection(server: ServerContext): string {
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
export function keyspaceSection(server: ServerContext): string {
  const now = server.clock.now();
  const fields: Array<readonly [string, string]> = [];
  for (const db of server.keyspace.dbs) {
    if (db.size === 0) continue;
    let total = 0;
    let counted = 0;
    if (db.expiresSize > 0) {
      for (const [, when] of db.expiresIterator()) {
        if (when > now) {
          total += Number(when) - now;
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
