// The parameter table: every redis.conf directive tsredis accepts, with Redis 7.0's names, aliases, bounds and defaults.
// Mirrors: redis src/config.c (static_configs[]), redis.conf
//
// One entry per parameter, in the same groups as Redis's table. `status` says what tsredis does with it (see
// ParamStatus): `used` entries drive a subsystem, the rest are accepted so that existing redis.conf files and
// CONFIG GET callers keep working. TLS parameters are absent, as in a Redis built without TLS support.

import {
  bool, enumOf, int, memory, numeric, str, uint, type ParamFlags, type ParamSpec, type SpecValue,
} from './param-types.js';
import { INT_MAX, INT_MIN, LLONG_MAX, LONG_MAX, UINT_MAX, ULLONG_MAX } from './parse-number.js';
import {
  bindParam, clientOutputBufferLimitParam, dirParam, notifyKeyspaceEventsParam, oomScoreAdjValuesParam,
  percentilesParam, replicaofParam, saveParam, shutdownFlagsParam,
} from './special-params.js';

const USED: ParamFlags = { status: 'used' };
const IMMUTABLE: ParamFlags = { immutable: true };
const MB = 1024 * 1024;

/** The hz bounds Redis clamps to after accepting any 0..INT_MAX value (CONFIG_MIN_HZ, CONFIG_MAX_HZ). */
const CONFIG_MIN_HZ = 1n;
const CONFIG_MAX_HZ = 500n;

// --- maxmemory-policy registry ---

const MAXMEMORY_POLICIES: string[] = [
  'volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl',
  'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction',
];

/**
 * Let the eviction module accept an extra maxmemory-policy name. Registered names are appended, so they also appear
 * at the end of the "argument(s) must be one of the following" error.
 */
export function registerMaxmemoryPolicy(name: string): void {
  const lower = name.toLowerCase();
  if (!MAXMEMORY_POLICIES.includes(lower)) MAXMEMORY_POLICIES.push(lower);
}

// --- validators (Redis's is_valid_fn) ---

/** pathIsBaseName in Redis: no directory separators. */
function isBaseName(s: string): boolean {
  return !s.includes('/') && !s.includes('\\');
}

function validDbFilename(s: string): string | undefined {
  return isBaseName(s) ? undefined : "dbfilename can't be a path, just a filename";
}

function validAofFilename(s: string): string | undefined {
  if (s === '') return "appendfilename can't be empty";
  return isBaseName(s) ? undefined : "appendfilename can't be a path, just a filename";
}

function validAofDirname(s: string): string | undefined {
  if (s === '') return "appenddirname can't be empty";
  return isBaseName(s) ? undefined : "appenddirname can't be a path, just a dirname";
}

/** NET_HOST_STR_LEN in Redis. */
const NET_HOST_STR_LEN = 256;

function validHostname(s: string): string | undefined {
  if (s.length >= NET_HOST_STR_LEN) return `Hostnames must be less than ${NET_HOST_STR_LEN} characters`;
  return /^[A-Za-z0-9.-]*$/.test(s) ? undefined : 'Hostnames may only contain alphanumeric characters, hyphens or dots';
}

/**
 * proc-title-template: {{ and }} are literal braces, {name} must be a known variable, and the expansion (title and
 * server mode empty) must not be blank. Mirrors validateProcTitleTemplate/sdstemplate in Redis.
 */
function validProcTitleTemplate(template: string): string | undefined {
  const invalid = 'template format is invalid or contains unknown variables';
  const sample: Readonly<Record<string, string>> = {
    title: '', 'listen-addr': '*:6379', 'server-mode': '', 'config-file': '-', port: '6379', 'tls-port': '0', unixsocket: '',
  };
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const ch = template[i];
    if (ch === '{' && template[i + 1] === '{') { out += '{'; i++; continue; }
    if (ch === '}' && template[i + 1] === '}') { out += '}'; i++; continue; }
    if (ch !== '{') { out += ch; continue; }
    const end = template.indexOf('}', i + 1);
    if (end < 0) return invalid;
    const value = sample[template.slice(i + 1, end)];
    if (value === undefined) return invalid;
    out += value;
    i = end;
  }
  return out.trim() === '' ? invalid : undefined;
}

function unsupportedIf(forbidden: boolean, reason: string): (v: boolean) => string | undefined {
  return (v) => (v === forbidden ? reason : undefined);
}

const LAZYFREE_NOTE = 'values are always freed synchronously (the JS garbage collector reclaims them)';
const REPLICATION_NOTE = 'no replication in tsredis';
const CLUSTER_NOTE = 'no cluster mode in tsredis';
const DEFRAG_NOTE = 'no active defragmentation (V8 manages the heap)';

// --- the table ---

export const PARAMS = {
  // Bool configs
  rdbchecksum: bool(true, { ...USED, ...IMMUTABLE }),
  daemonize: bool(false, { ...IMMUTABLE, note: 'tsredis never forks into the background' }),
  'io-threads-do-reads': bool(false, { ...IMMUTABLE, note: 'single-threaded' }),
  'always-show-logo': bool(false, IMMUTABLE),
  'protected-mode': bool(true, USED),
  rdbcompression: bool(true, USED),
  'rdb-del-sync-files': bool(false, { note: REPLICATION_NOTE }),
  activerehashing: bool(true, { note: 'JS Maps rehash on their own' }),
  'stop-writes-on-bgsave-error': bool(true, USED),
  'set-proc-title': bool(true, IMMUTABLE),
  'dynamic-hz': bool(true, USED),
  'lazyfree-lazy-eviction': bool(false, { note: LAZYFREE_NOTE }),
  'lazyfree-lazy-expire': bool(false, { note: LAZYFREE_NOTE }),
  'lazyfree-lazy-server-del': bool(false, { note: LAZYFREE_NOTE }),
  'lazyfree-lazy-user-del': bool(false, { note: LAZYFREE_NOTE }),
  'lazyfree-lazy-user-flush': bool(false, { note: LAZYFREE_NOTE }),
  'repl-disable-tcp-nodelay': bool(false, { note: REPLICATION_NOTE }),
  'repl-diskless-sync': bool(true, { note: REPLICATION_NOTE }),
  'aof-rewrite-incremental-fsync': bool(true),
  'no-appendfsync-on-rewrite': bool(false),
  'cluster-require-full-coverage': bool(true, { note: CLUSTER_NOTE }),
  'rdb-save-incremental-fsync': bool(true),
  'aof-load-truncated': bool(true, USED),
  'aof-use-rdb-preamble': bool(true, USED),
  'aof-timestamp-enabled': bool(false, USED),
  'cluster-replica-no-failover': bool(false, { alias: 'cluster-slave-no-failover', note: CLUSTER_NOTE }),
  'replica-lazy-flush': bool(false, { alias: 'slave-lazy-flush', note: REPLICATION_NOTE }),
  'replica-serve-stale-data': bool(true, { alias: 'slave-serve-stale-data', status: 'used' }),
  'replica-read-only': bool(true, { alias: 'slave-read-only', status: 'used' }),
  'replica-ignore-maxmemory': bool(true, { alias: 'slave-ignore-maxmemory', note: REPLICATION_NOTE }),
  'jemalloc-bg-thread': bool(true, { note: 'no jemalloc in Node' }),
  // DIFFERS FROM REDIS: a Redis built without Jemalloc's defrag hooks refuses "yes"; we accept it and do nothing.
  activedefrag: bool(false, { note: DEFRAG_NOTE }),
  'syslog-enabled': bool(false, { ...IMMUTABLE, note: 'logs go to stdout or logfile only' }),
  'cluster-enabled': bool(false, {
    ...IMMUTABLE, status: 'unsupported', validate: unsupportedIf(true, 'cluster mode is not supported by tsredis'),
  }),
  appendonly: bool(false, { ...USED, denyLoading: true }),
  'cluster-allow-reads-when-down': bool(false, { note: CLUSTER_NOTE }),
  'cluster-allow-pubsubshard-when-down': bool(true, { note: CLUSTER_NOTE }),
  'crash-log-enabled': bool(true),
  'crash-memcheck-enabled': bool(true),
  'disable-thp': bool(true, IMMUTABLE),
  'cluster-allow-replica-migration': bool(true, { note: CLUSTER_NOTE }),
  'replica-announced': bool(true, { note: REPLICATION_NOTE }),
  'latency-tracking': bool(true),
  'aof-disable-auto-gc': bool(false),
  'replica-ignore-disk-write-errors': bool(false, { note: REPLICATION_NOTE }),

  // String configs ("" stands for Redis's NULL)
  aclfile: str('', { ...USED, ...IMMUTABLE }),
  unixsocket: str('', { ...USED, ...IMMUTABLE }),
  pidfile: str('', { ...USED, ...IMMUTABLE }),
  'replica-announce-ip': str('', { alias: 'slave-announce-ip', note: REPLICATION_NOTE }),
  masteruser: str('', { sensitive: true, status: 'used' }),
  'cluster-announce-ip': str('', { note: CLUSTER_NOTE }),
  'cluster-config-file': str('nodes.conf', { ...IMMUTABLE, note: CLUSTER_NOTE }),
  'cluster-announce-hostname': str('', { validate: validHostname, note: CLUSTER_NOTE }),
  'syslog-ident': str('redis', IMMUTABLE),
  dbfilename: str('dump.rdb', { ...USED, protected: true, validate: validDbFilename }),
  appendfilename: str('appendonly.aof', { ...USED, ...IMMUTABLE, validate: validAofFilename }),
  appenddirname: str('appendonlydir', { ...USED, ...IMMUTABLE, validate: validAofDirname }),
  server_cpulist: str('', IMMUTABLE),
  bio_cpulist: str('', IMMUTABLE),
  aof_rewrite_cpulist: str('', IMMUTABLE),
  bgsave_cpulist: str('', IMMUTABLE),
  'ignore-warnings': str(''),
  'proc-title-template': str('{title} {listen-addr} {server-mode}', { validate: validProcTitleTemplate }),
  'bind-source-addr': str('', { note: REPLICATION_NOTE }),
  logfile: str('', { ...USED, ...IMMUTABLE }),
  masterauth: str('', { sensitive: true, status: 'used' }),
  /** Sets the password of the ACL 'default' user (the ACL module listens for changes). */
  requirepass: str('', { ...USED, sensitive: true }),

  // Enum configs
  supervised: enumOf(['upstart', 'systemd', 'auto', 'no'], 'no', IMMUTABLE),
  'syslog-facility': enumOf(
    ['user', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'], 'local0', IMMUTABLE),
  'repl-diskless-load': enumOf(['disabled', 'on-empty-db', 'swapdb'], 'disabled', { denyLoading: true, note: REPLICATION_NOTE }),
  loglevel: enumOf(['debug', 'verbose', 'notice', 'warning'], 'notice', USED),
  'maxmemory-policy': enumOf<string>(() => MAXMEMORY_POLICIES, 'noeviction', USED),
  appendfsync: enumOf(['everysec', 'always', 'no'], 'everysec', USED),
  'oom-score-adj': enumOf(['no', 'yes', 'relative', 'absolute'], 'no', { synonyms: { relative: 'yes' } }),
  'acl-pubsub-default': enumOf(['allchannels', 'resetchannels'], 'resetchannels', USED),
  'sanitize-dump-payload': enumOf(['no', 'yes', 'clients'], 'no'),
  'enable-protected-configs': enumOf(['no', 'yes', 'local'], 'no', { ...USED, ...IMMUTABLE }),
  'enable-debug-command': enumOf(['no', 'yes', 'local'], 'no', { ...USED, ...IMMUTABLE }),
  'enable-module-command': enumOf(['no', 'yes', 'local'], 'no', { ...USED, ...IMMUTABLE }),
  'cluster-preferred-endpoint-type': enumOf(['ip', 'hostname', 'unknown-endpoint'], 'ip', { note: CLUSTER_NOTE }),
  'propagation-error-behavior': enumOf(['ignore', 'panic', 'panic-on-replicas'], 'ignore', { note: REPLICATION_NOTE }),

  // Signed integer configs (C int, long long, time_t)
  databases: int(1n, INT_MAX, 16, { ...USED, ...IMMUTABLE }),
  port: int(0n, 65535n, 6379, USED),
  'io-threads': int(1n, 128n, 1, { ...IMMUTABLE, note: 'single-threaded' }),
  'auto-aof-rewrite-percentage': int(0n, INT_MAX, 100, USED),
  'cluster-replica-validity-factor': int(0n, INT_MAX, 10, { alias: 'cluster-slave-validity-factor', note: CLUSTER_NOTE }),
  'list-max-listpack-size': int(INT_MIN, INT_MAX, -2, { ...USED, alias: 'list-max-ziplist-size' }),
  'tcp-keepalive': int(0n, INT_MAX, 300, USED),
  'cluster-migration-barrier': int(0n, INT_MAX, 1, { note: CLUSTER_NOTE }),
  'active-defrag-cycle-min': int(1n, 99n, 1, { note: DEFRAG_NOTE }),
  'active-defrag-cycle-max': int(1n, 99n, 25, { note: DEFRAG_NOTE }),
  'active-defrag-threshold-lower': int(0n, 1000n, 10, { note: DEFRAG_NOTE }),
  'active-defrag-threshold-upper': int(0n, 1000n, 100, { note: DEFRAG_NOTE }),
  'lfu-log-factor': int(0n, INT_MAX, 10, USED),
  'lfu-decay-time': int(0n, INT_MAX, 1, USED),
  'replica-priority': int(0n, INT_MAX, 100, { alias: 'slave-priority', note: REPLICATION_NOTE }),
  'repl-diskless-sync-delay': int(0n, INT_MAX, 5, { note: REPLICATION_NOTE }),
  'maxmemory-samples': int(1n, INT_MAX, 5, USED),
  'maxmemory-eviction-tenacity': int(0n, 100n, 10, USED),
  timeout: int(0n, INT_MAX, 0, USED),
  'replica-announce-port': int(0n, 65535n, 0, { alias: 'slave-announce-port', note: REPLICATION_NOTE }),
  'tcp-backlog': int(0n, INT_MAX, 511, { ...USED, ...IMMUTABLE }),
  'cluster-port': int(0n, 65535n, 0, { ...IMMUTABLE, note: CLUSTER_NOTE }),
  'cluster-announce-bus-port': int(0n, 65535n, 0, { note: CLUSTER_NOTE }),
  'cluster-announce-port': int(0n, 65535n, 0, { note: CLUSTER_NOTE }),
  'cluster-announce-tls-port': int(0n, 65535n, 0, { note: CLUSTER_NOTE }),
  'repl-timeout': int(1n, INT_MAX, 60),
  'repl-ping-replica-period': int(1n, INT_MAX, 10, { alias: 'repl-ping-slave-period' }),
  'list-compress-depth': int(0n, INT_MAX, 0, { note: 'quicklist nodes are never compressed' }),
  'active-expire-effort': int(1n, 10n, 1, USED),
  hz: numeric({
    signed: true, min: 0n, max: INT_MAX, defaultValue: 10n,
    normalize: (n) => (n < CONFIG_MIN_HZ ? CONFIG_MIN_HZ : n > CONFIG_MAX_HZ ? CONFIG_MAX_HZ : n),
  }, USED),
  'min-replicas-to-write': int(0n, INT_MAX, 0, { alias: 'min-slaves-to-write' }),
  'min-replicas-max-lag': int(0n, INT_MAX, 10, { alias: 'min-slaves-max-lag' }),
  'shutdown-timeout': int(0n, INT_MAX, 10, { note: REPLICATION_NOTE }),
  'repl-diskless-sync-max-replicas': int(0n, INT_MAX, 0, { note: REPLICATION_NOTE }),
  'busy-reply-threshold': int(0n, LONG_MAX, 5000, { ...USED, alias: 'lua-time-limit' }),
  'cluster-node-timeout': int(0n, LLONG_MAX, 15000, { note: CLUSTER_NOTE }),
  'slowlog-log-slower-than': int(-1n, LLONG_MAX, 10000, USED),
  'latency-monitor-threshold': int(0n, LLONG_MAX, 0, USED),
  'stream-node-max-entries': int(0n, LLONG_MAX, 100),
  'repl-backlog-ttl': int(0n, LONG_MAX, 3600),

  // Unsigned integer configs (C unsigned int, unsigned long, size_t)
  maxclients: uint(1n, UINT_MAX, 10000, USED),
  unixsocketperm: numeric({ signed: false, min: 0n, max: 0o777n, defaultValue: 0n, format: 'octal' }, { ...USED, ...IMMUTABLE }),
  'socket-mark-id': uint(0n, UINT_MAX, 0, IMMUTABLE),
  'active-defrag-max-scan-fields': uint(1n, LONG_MAX, 1000, { note: DEFRAG_NOTE }),
  'slowlog-max-len': uint(0n, LONG_MAX, 128, USED),
  'acllog-max-len': uint(0n, LONG_MAX, 128, USED),
  'hash-max-listpack-entries': uint(0n, LONG_MAX, 512, { ...USED, alias: 'hash-max-ziplist-entries' }),
  'set-max-intset-entries': uint(0n, LONG_MAX, 512, USED),
  'zset-max-listpack-entries': uint(0n, LONG_MAX, 128, { ...USED, alias: 'zset-max-ziplist-entries' }),
  'tracking-table-max-keys': uint(0n, LONG_MAX, 1000000, USED),

  // Memory configs (units accepted, CONFIG GET shows bytes)
  'proto-max-bulk-len': memory(true, 1n * BigInt(MB), LONG_MAX, 512 * MB, USED),
  'repl-backlog-size': memory(true, 1n, LLONG_MAX, MB),
  maxmemory: memory(false, 0n, ULLONG_MAX, 0, USED),
  'cluster-link-sendbuf-limit': memory(false, 0n, ULLONG_MAX, 0, { note: CLUSTER_NOTE }),
  'active-defrag-ignore-bytes': memory(false, 1n, LLONG_MAX, 100 * MB, { note: DEFRAG_NOTE }),
  'hash-max-listpack-value': memory(false, 0n, LONG_MAX, 64, { ...USED, alias: 'hash-max-ziplist-value' }),
  'stream-node-max-bytes': memory(false, 0n, LONG_MAX, 4096),
  'zset-max-listpack-value': memory(false, 0n, LONG_MAX, 64, { ...USED, alias: 'zset-max-ziplist-value' }),
  'hll-sparse-max-bytes': memory(false, 0n, LONG_MAX, 3000, USED),
  'client-query-buffer-limit': memory(false, 1n * BigInt(MB), LONG_MAX, 1024 * MB, USED),
  /** Negative values are percentages of maxmemory ("10%" is stored as -10), as in Redis. */
  'maxmemory-clients': numeric({ signed: true, min: -100n, max: LLONG_MAX, defaultValue: 0n, format: 'memory-percent' }),
  'auto-aof-rewrite-min-size': memory(true, 0n, LLONG_MAX, 64 * MB, USED),

  // Special configs
  dir: dirParam({ ...USED, protected: true, denyLoading: true }),
  save: saveParam(['3600', '1', '300', '100', '60', '10000'], USED),
  'client-output-buffer-limit': clientOutputBufferLimitParam(
    ['normal', '0', '0', '0', 'slave', '256mb', '64mb', '60', 'pubsub', '32mb', '8mb', '60'], USED),
  'oom-score-adj-values': oomScoreAdjValuesParam({}),
  'notify-keyspace-events': notifyKeyspaceEventsParam(USED),
  bind: bindParam(['*', '-::*'], USED),
  replicaof: replicaofParam({ ...IMMUTABLE, alias: 'slaveof', status: 'used' }),
  'latency-tracking-info-percentiles': percentilesParam({}),
  'shutdown-on-sigint': shutdownFlagsParam(USED),
  'shutdown-on-sigterm': shutdownFlagsParam(USED),
} satisfies Record<string, ParamSpec<unknown>>;

/** A canonical parameter name (aliases are accepted by the text APIs, not by these typed ones). */
export type ParamName = keyof typeof PARAMS;

/** Every parameter's typed value, keyed by its canonical redis.conf name. */
export type ConfigValues = { -readonly [K in ParamName]: SpecValue<(typeof PARAMS)[K]> };

/** How a name the user typed maps onto the table. */
export interface ParamEntry {
  /** The name as Redis lists it: the canonical name, or the alias for alias entries. */
  readonly displayName: string;
  readonly name: ParamName;
  readonly spec: ParamSpec<unknown>;
}

/** Lowercased name or alias -> entry, in table order with each alias right after its parameter. */
export const PARAM_LOOKUP: ReadonlyMap<string, ParamEntry> = (() => {
  const map = new Map<string, ParamEntry>();
  for (const [name, spec] of Object.entries(PARAMS) as [ParamName, ParamSpec<unknown>][]) {
    map.set(name, { displayName: name, name, spec });
    if (spec.alias !== undefined) map.set(spec.alias, { displayName: spec.alias, name, spec });
  }
  return map;
})();
