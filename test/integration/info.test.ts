// INFO over TCP: section selection, field names and order, the counters behind them, and the RESP3
// verbatim string. Expected shapes read off Redis 7.0.15.

import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { createString } from '../../src/datatypes/string/string-type.js';
import { RawClient, resp, startTestServer } from '../helpers/server.js';
import { useTsredis } from '../helpers/side-by-side.js';


const ours = useTsredis({ raw: false, ioredis: {} });

/** "# Title" headers of an INFO reply, in order. */
function headers(info: string): string[] {
  return info.split('\r\n').filter((line) => line.startsWith('# ')).map((line) => line.slice(2));
}

/** field → value of an INFO reply. */
function fields(info: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of info.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) out.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return out;
}

/** Field names of an INFO reply, in order. */
function names(info: string): string[] {
  return info.split('\r\n').filter((l) => l !== '' && !l.startsWith('#')).map((l) => l.slice(0, l.indexOf(':')));
}

const DEFAULT_SECTIONS = ['Server', 'Clients', 'Memory', 'Persistence', 'Stats', 'Replication', 'CPU', 'Modules', 'Errorstats', 'Cluster', 'Keyspace'];

describe('INFO section selection', () => {
  it('INFO and INFO default print the default sections in Redis order', async () => {
    expect(headers((await ours.client.info()) as string)).toEqual(DEFAULT_SECTIONS);
    expect(headers(await ours.client.info('default'))).toEqual(DEFAULT_SECTIONS);
  });

  it('INFO all and everything add Commandstats and Latencystats', async () => {
    const withStats = [...DEFAULT_SECTIONS.slice(0, 8), 'Commandstats', DEFAULT_SECTIONS[8] as string, 'Latencystats', ...DEFAULT_SECTIONS.slice(9)];
    expect(headers(await ours.client.info('all'))).toEqual(withStats);
    expect(headers(await ours.client.info('everything'))).toEqual(withStats);
  });

  it('several sections come out once each, in Redis order, case-insensitively', async () => {
    const info = (await ours.client.call('INFO', 'keyspace', 'CLUSTER', 'server', 'cluster')) as string;
    expect(headers(info)).toEqual(['Server', 'Cluster', 'Keyspace']);
    expect(headers((await ours.client.call('INFO', 'default', 'commandstats')) as string)).toContain('Commandstats');
    expect(headers((await ours.client.call('INFO', 'module_list')) as string)).toEqual(['Modules']);
  });

  it('sections are separated by one blank line and the reply has no trailing blank line', async () => {
    const raw = await RawClient.connect(ours.port);
    const reply = await raw.roundTrip(resp('INFO', 'cluster', 'modules'), 'cluster_enabled:0\r\n\r\n');
    expect(reply).toBe('$43\r\n# Modules\r\n\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n');
    raw.close();
  });

  it('an unknown section gives an empty bulk string', async () => {
    const raw = await RawClient.connect(ours.port);
    expect(await raw.roundTrip(resp('INFO', 'nosuchsection'), '$0\r\n\r\n')).toBe('$0\r\n\r\n');
    raw.close();
  });
});

describe('INFO fields', () => {
  it('server section has Redis 7.0 fields in order, plus tsredis_version', async () => {
    const info = await ours.client.info('server');
    expect(names(info)).toEqual([
      'redis_version', 'tsredis_version', 'redis_git_sha1', 'redis_git_dirty', 'redis_build_id', 'redis_mode', 'os',
      'arch_bits', 'monotonic_clock', 'multiplexing_api', 'gcc_version', 'process_id', 'process_supervised',
      'run_id', 'tcp_port', 'server_time_usec', 'uptime_in_seconds', 'uptime_in_days', 'hz', 'configured_hz',
      'lru_clock', 'executable', 'config_file', 'io_threads_active',
    ]);
    const f = fields(info);
    expect(f.get('redis_version')).toBe('7.0.15');
    expect(f.get('redis_mode')).toBe('standalone');
    expect(f.get('tcp_port')).toBe(String(ours.port));
    expect(f.get('process_id')).toBe(String(process.pid));
    expect(f.get('run_id')).toMatch(/^[0-9a-f]{40}$/);
    expect(f.get('hz')).toBe('10');
  });

  it('uptime and server_time_usec follow the server clock', async () => {
    const clocked = await startTestServer();
    const client = new Redis({ port: clocked.port });
    clocked.clock.freeze();
    clocked.clock.advance(3 * 86400 * 1000 + 5000);
    const f = fields(await client.info('server'));
    expect(f.get('uptime_in_seconds')).toBe(String(3 * 86400 + 5));
    expect(f.get('uptime_in_days')).toBe('3');
    expect(f.get('server_time_usec')).toBe(String(clocked.clock.now() * 1000));
    client.disconnect();
    await clocked.close();
  });

  it('clients section counts connections and reports maxclients', async () => {
    const second = new Redis({ port: ours.port });
    await second.ping();
    const f = fields(await ours.client.info('clients'));
    expect(Number(f.get('connected_clients'))).toBeGreaterThanOrEqual(2);
    expect(f.get('maxclients')).toBe('10000');
    expect(f.get('blocked_clients')).toBe('0');
    second.disconnect();
  });

  it('memory section has used_memory, human forms and the maxmemory settings', async () => {
    await ours.client.config('SET', 'maxmemory', '100mb');
    const f = fields(await ours.client.info('memory'));
    expect(Number(f.get('used_memory'))).toBeGreaterThan(0);
    expect(f.get('used_memory_human')).toMatch(/^\d+\.\d\d[KMG]$/);
    expect(Number(f.get('used_memory_peak'))).toBeGreaterThanOrEqual(Number(f.get('used_memory')));
    expect(f.get('maxmemory')).toBe(String(100 * 1024 * 1024));
    expect(f.get('maxmemory_human')).toBe('100.00M');
    expect(f.get('maxmemory_policy')).toBe('noeviction');
    expect(f.get('mem_fragmentation_ratio')).toMatch(/^\d+\.\d\d$/);
    await ours.client.config('SET', 'maxmemory', '0');
    expect(fields(await ours.client.info('memory')).get('maxmemory_human')).toBe('0B');
  });

  it('persistence reports rdb_changes_since_last_save from the dirty counter', async () => {
    const local = await startTestServer();
    const client = new Redis({ port: local.port });
    let f = fields(await client.info('persistence'));
    expect(f.get('loading')).toBe('0');
    expect(f.get('rdb_changes_since_last_save')).toBe('0');
    expect(f.get('rdb_bgsave_in_progress')).toBe('0');
    expect(f.get('aof_enabled')).toBe('0');
    expect(f.get('rdb_last_save_time')).toBe(String(Math.floor(local.server.startedAt / 1000)));
    const db = local.server.keyspace.db(0);
    db.set('a', createString('1'));
    db.set('b', createString('2'));
    f = fields(await client.info('persistence'));
    expect(f.get('rdb_changes_since_last_save')).toBe('2');
    client.disconnect();
    await local.close();
  });

  it('stats count commands, connections, hits, misses and error replies', async () => {
    const local = await startTestServer();
    const client = new Redis({ port: local.port });
    await client.ping();
    local.server.keyspace.db(0).set('k', createString('v'));
    await client.call('TYPE', 'k').catch(() => undefined);
    await client.call('NOSUCHCOMMAND').catch(() => undefined);
    const f = fields(await client.info('stats'));
    expect(f.get('total_connections_received')).toBe('1');
    // INFO does not count itself: it is counted after it runs.
    expect(Number(f.get('total_commands_processed'))).toBeGreaterThanOrEqual(2);
    expect(Number(f.get('total_net_input_bytes'))).toBeGreaterThan(0);
    expect(Number(f.get('total_error_replies'))).toBeGreaterThanOrEqual(1);
    expect(f.get('rejected_connections')).toBe('0');
    expect(f.get('instantaneous_input_kbps')).toMatch(/^\d+\.\d\d$/);
    expect(names(await client.info('stats')).slice(0, 5)).toEqual([
      'total_connections_received', 'total_commands_processed', 'instantaneous_ops_per_sec', 'total_net_input_bytes',
      'total_net_output_bytes',
    ]);
    client.disconnect();
    await local.close();
  });

  it('instantaneous_ops_per_sec rises under load', async () => {
    const local = await startTestServer();
    const client = new Redis({ port: local.port });
    const until = Date.now() + 400;
    while (Date.now() < until) await Promise.all(Array.from({ length: 50 }, () => client.ping()));
    const ops = Number(fields(await client.info('stats')).get('instantaneous_ops_per_sec'));
    expect(ops).toBeGreaterThan(0);
    client.disconnect();
    await local.close();
  });

  it('replication says master with no replicas', async () => {
    const f = fields(await ours.client.info('replication'));
    expect(f.get('role')).toBe('master');
    expect(f.get('connected_slaves')).toBe('0');
    expect(f.get('master_replid')).toMatch(/^[0-9a-f]{40}$/);
    expect(f.get('master_repl_offset')).toBe('0');
  });

  it('cpu times are seconds with six decimals', async () => {
    const f = fields(await ours.client.info('cpu'));
    for (const name of ['used_cpu_sys', 'used_cpu_user', 'used_cpu_sys_children', 'used_cpu_user_children']) {
      expect(f.get(name)).toMatch(/^\d+\.\d{6}$/);
    }
  });

  it('commandstats and errorstats count calls, failures and rejections', async () => {
    const local = await startTestServer();
    // disableClientInfo: ioredis would send CLIENT SETINFO (Redis 7.2), an error for a 7.0 server.
    const client = new Redis({ port: local.port, disableClientInfo: true });
    await client.ping();
    await client.ping();
    await client.call('ECHO').catch(() => undefined);
    await client.call('CONFIG', 'GET', 'hz');
    await client.call('CONFIG', 'SET', 'nosuch', 'x').catch(() => undefined);
    const info = (await client.call('INFO', 'commandstats', 'errorstats')) as string;
    const f = fields(info);
    expect(f.get('cmdstat_ping')).toMatch(/^calls=2,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,failed_calls=0$/);
    // Rejected before running (arity): listed with no calls, as in Redis.
    expect(f.get('cmdstat_echo')).toBe('calls=0,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=0');
    expect(f.get('cmdstat_config|get')).toMatch(/^calls=1,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,failed_calls=0$/);
    expect(f.get('cmdstat_config|set')).toMatch(/^calls=1,.*,rejected_calls=0,failed_calls=1$/);
    expect(f.get('errorstat_ERR')).toBe('count=2');
    await client.config('RESETSTAT');
    const after = (await client.call('INFO', 'commandstats', 'errorstats')) as string;
    // RESETSTAT zeroes everything; it then counts itself, as in Redis.
    expect(after).toMatch(
      /^# Commandstats\r\ncmdstat_config\|resetstat:calls=1,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,failed_calls=0\r\n\r\n# Errorstats\r\n$/,
    );
    client.disconnect();
    await local.close();
  });

  it('errorstats are sorted by error code', async () => {
    const local = await startTestServer({ 'enable-debug-command': 'yes' });
    const client = new Redis({ port: local.port, disableClientInfo: true });
    await client.call('NOSUCH').catch(() => undefined);
    await client.call('DEBUG', 'ERROR', 'ZZZ custom').catch(() => undefined);
    await client.call('DEBUG', 'ERROR', 'AAA custom').catch(() => undefined);
    const info = await client.info('errorstats');
    expect(names(info)).toEqual(['errorstat_AAA', 'errorstat_ERR', 'errorstat_ZZZ']);
    client.disconnect();
    await local.close();
  });
});

describe('INFO keyspace', () => {
  it('reads db0:keys=10,expires=0,avg_ttl=0 after 10 keys', async () => {
    const local = await startTestServer();
    const client = new Redis({ port: local.port });
    expect(await client.info('keyspace')).toBe('# Keyspace\r\n');
    for (let i = 0; i < 10; i++) {
      if (local.server.commands.has('set')) await client.set(`key:${i}`, 'v');
      else local.server.keyspace.db(0).set(`key:${i}`, createString('v'));
    }
    expect(await client.info('keyspace')).toBe('# Keyspace\r\ndb0:keys=10,expires=0,avg_ttl=0\r\n');
    client.disconnect();
    await local.close();
  });

  it('lists only non-empty databases and averages the TTLs in ms', async () => {
    const local = await startTestServer();
    const client = new Redis({ port: local.port });
    local.clock.freeze();
    const now = local.clock.now();
    const db3 = local.server.keyspace.db(3);
    db3.set('a', createString('1'));
    db3.set('b', createString('2'));
    db3.setExpire('a', now + 10_000);
    db3.set('c', createString('3'));
    db3.setExpire('c', now + 20_000);
    local.server.keyspace.db(1).set('x', createString('1'));
    expect(await client.info('keyspace')).toBe(
      '# Keyspace\r\ndb1:keys=1,expires=0,avg_ttl=0\r\ndb3:keys=3,expires=2,avg_ttl=15000\r\n',
    );
    client.disconnect();
    await local.close();
  });
});

describe('INFO over RESP3', () => {
  it('is a verbatim string (=N\\r\\ntxt:...), as Redis 7.0 sends it', async () => {
    const raw = await RawClient.connect(ours.port);
    await raw.roundTrip(resp('HELLO', '3'), '*0\r\n');
    const reply = await raw.roundTrip(resp('INFO', 'cluster'), 'cluster_enabled:0\r\n\r\n');
    expect(reply).toBe('=34\r\ntxt:# Cluster\r\ncluster_enabled:0\r\n\r\n');
    raw.close();
  });

  it('node-redis reads it as a string in RESP3 and RESP2', async () => {
    for (const RESP of [2, 3] as const) {
      const client = createClient({ url: ours.running.url, RESP });
      await client.connect();
      const info = await client.info('server');
      expect(String(info)).toMatch(/^# Server\r\nredis_version:7\.0\.15\r\n/);
      await client.quit();
    }
  });
});
